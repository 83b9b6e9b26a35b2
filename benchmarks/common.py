"""What the server benchmarks share: start the course server or stock `transformers serve` on the same
prepared SmolLM2 folder, sample a process tree's peak RSS, and summarise repeated measurements."""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import psutil
from openai import OpenAI

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("COURSE_SHARED_SERVER", "0")  # every measurement starts its own server
from helpers.models import KIT  # noqa: E402
from helpers.server.process import free_port, start_server, stop_server  # noqa: E402
from helpers.settings import LOCAL_CHAT_MODEL  # noqa: E402


@dataclass
class Served:
    """A running server under test: its name, a client, the model id to ask for and its process id."""

    name: str
    client: OpenAI
    model: str
    pid: int
    ready_s: float


class PeakRSS(threading.Thread):
    """Samples the RSS of a process and its children every 50 ms; `peak` is the largest sum seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.process, self.peak, self.running = psutil.Process(pid), 0, True
        self.start()

    def run(self) -> None:
        while self.running:
            try:
                procs = [self.process] + self.process.children(recursive=True)
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> float:
        """Stop sampling; the peak in GB."""
        self.running = False
        return self.peak / 1e9


@contextmanager
def course_server(timeout: float = 600) -> Iterator[Served]:
    """The course server as a learner gets it (`start_server()`)."""
    stop_server()
    start = time.perf_counter()
    server = start_server()
    ready = time.perf_counter() - start
    try:
        client = OpenAI(base_url=server.base_url, api_key=server.token, max_retries=0, timeout=timeout)
        yield Served("course server", client, LOCAL_CHAT_MODEL, server.pid, ready)
    finally:
        stop_server()


@contextmanager
def stock_server(timeout: float = 600) -> Iterator[Served]:
    """Stock `transformers serve` on the same folder, bf16, CPU (its defaults otherwise)."""
    port, path = free_port(), str(KIT["chat"].path)
    command = [
        str(Path(sys.executable).parent / "transformers"),
        "serve",
        path,
        "--dtype",
        "bfloat16",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--device",
        "cpu",
    ]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"}
    )
    client = OpenAI(
        base_url=f"http://127.0.0.1:{port}/v1", api_key=secrets.token_hex(4), max_retries=0, timeout=timeout
    )
    try:
        while True:
            try:
                client.models.list()
                break
            except Exception:
                if process.poll() is not None or time.perf_counter() - start > 180:
                    raise RuntimeError(f"stock server did not start: {' '.join(command)}")
                time.sleep(0.1)
        yield Served("stock transformers serve", client, path, process.pid, time.perf_counter() - start)
    finally:
        process.terminate()
        process.wait(timeout=10)


def median_spread(values: list[float], fmt: str = "{:.1f}") -> str:
    """'median (min–max)' of repeated measurements."""
    if not values:
        return "n/a"
    if len(values) == 1:
        return fmt.format(values[0])
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]
