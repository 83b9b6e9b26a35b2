"""Benchmark: the course server versus stock `transformers serve` on the same SmolLM2 folder (bf16).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/server.py            # both servers
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/server.py --ours-only

Measures, with the same prompts, one run each: ready time, time to first token (streamed), single-stream
decode tok/s (64 new tokens), aggregate tok/s of 4 concurrent requests, peak server RSS, and embeddings
throughput through the server versus sentence-transformers directly. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
from openai import OpenAI

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers.models import KIT  # noqa: E402
from helpers.server.process import free_port, start_server, stop_server  # noqa: E402
from helpers.settings import LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL  # noqa: E402

STORY = [{"role": "user", "content": "Write a long, detailed story about a dragon who learns to bake bread."}]
CONCURRENT = [[{"role": "user", "content": q}] for q in (
    "Write a long story about a cat who sails the ocean.", "Explain in detail how rainbows form, step by step.",
    "Write a long poem about the mountains in winter.", "Describe the history of the printing press in detail.")]
TTFT_PROMPT = [{"role": "user", "content": "What is the capital of France?"}]
SENTENCES = [f"Sentence number {i} is about {w} and how learners use it in class."
             for i, w in enumerate(["cats", "physics", "cooking", "music", "travel", "history", "code", "art"] * 64)]


class PeakRSS(threading.Thread):
    """Samples the RSS of a process (and its children) every 50 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.process, self.peak, self.running = psutil.Process(pid), 0, True

    def run(self) -> None:
        while self.running:
            try:
                procs = [self.process] + self.process.children(recursive=True)
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            time.sleep(0.05)


def ttft(client: OpenAI, model: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for chunk in client.chat.completions.create(model=model, messages=TTFT_PROMPT, max_tokens=8, temperature=0,
                                                    stream=True):
            if chunk.choices and chunk.choices[0].delta.content:
                times.append(time.perf_counter() - start)
                break
    return sorted(times)[len(times) // 2]


def one_request(client: OpenAI, model: str, messages: list[dict]) -> tuple[int, float]:
    start = time.perf_counter()
    reply = client.chat.completions.create(model=model, messages=messages, max_tokens=64, temperature=0)
    return reply.usage.completion_tokens, time.perf_counter() - start


def measure_chat(client: OpenAI, model: str) -> dict:
    one_request(client, model, TTFT_PROMPT)  # warm-up
    first = ttft(client, model)
    tokens, seconds = one_request(client, model, STORY)
    single = tokens / (seconds - first)
    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda m: one_request(client, model, m), CONCURRENT))
    wall = time.perf_counter() - start
    return {"ttft_ms": first * 1000, "single_tokens": tokens, "single_tok_s": single,
            "concurrent_tokens": sum(t for t, _ in results), "concurrent_tok_s": sum(t for t, _ in results) / wall}


def measure_embeddings(client: OpenAI) -> dict:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(KIT["embeddings"].path), device="cpu")
    model.encode(SENTENCES[:64], batch_size=64)
    start = time.perf_counter()
    model.encode(SENTENCES, batch_size=64, normalize_embeddings=True)
    direct = len(SENTENCES) / (time.perf_counter() - start)
    client.embeddings.create(model=LOCAL_EMBEDDING_MODEL, input=SENTENCES[:64], encoding_format="base64")
    start = time.perf_counter()
    client.embeddings.create(model=LOCAL_EMBEDDING_MODEL, input=SENTENCES, encoding_format="base64")
    served = len(SENTENCES) / (time.perf_counter() - start)
    del model
    return {"direct_per_s": direct, "served_per_s": served}


def run_ours() -> dict:
    stop_server()
    start = time.perf_counter()
    server = start_server()
    ready = time.perf_counter() - start
    rss = PeakRSS(server.process.pid)
    rss.start()
    client = OpenAI(base_url=server.base_url, api_key=server.token, max_retries=0)
    result = {"ready_s": ready, **measure_chat(client, LOCAL_CHAT_MODEL)}
    result["peak_rss_chat_gb"] = rss.peak / 1e9
    result.update(measure_embeddings(client))
    rss.running = False
    result["peak_rss_gb"] = rss.peak / 1e9
    stop_server()
    return result


def run_stock() -> dict:
    port, path = free_port(), str(KIT["chat"].path)
    command = [str(Path(sys.executable).parent / "transformers"), "serve", path, "--dtype", "bfloat16",
               "--host", "127.0.0.1", "--port", str(port), "--device", "cpu"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "HF_HUB_OFFLINE": "1"})
    client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=secrets.token_hex(4), max_retries=0)
    try:
        while True:
            try:
                client.models.list()
                break
            except Exception:
                if process.poll() is not None or time.perf_counter() - start > 180:
                    raise RuntimeError(f"stock server did not start: {' '.join(command)}")
                time.sleep(0.1)
        ready = time.perf_counter() - start
        rss = PeakRSS(process.pid)
        rss.start()
        result = {"ready_s": ready, **measure_chat(client, path)}
        rss.running = False
        result["peak_rss_chat_gb"] = result["peak_rss_gb"] = rss.peak / 1e9
        return result
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_finetune(held_out: str = "Why do cats purr?") -> dict:
    """The notebook's fine-tune: data/finetune/train.jsonl (+ validation.jsonl) with the default settings."""
    from helpers.settings import DATA_DIR

    server = start_server()
    client = OpenAI(base_url=server.base_url, api_key=server.token, max_retries=0)
    train = client.files.create(file=(DATA_DIR / "finetune" / "train.jsonl").open("rb"), purpose="fine-tune")
    valid = client.files.create(file=(DATA_DIR / "finetune" / "validation.jsonl").open("rb"), purpose="fine-tune")
    start = time.perf_counter()
    job = client.fine_tuning.jobs.create(model=LOCAL_CHAT_MODEL, training_file=train.id, validation_file=valid.id,
                                         suffix="pirate")
    while job.status not in ("succeeded", "failed", "cancelled"):
        time.sleep(1)
        job = client.fine_tuning.jobs.retrieve(job.id)
    seconds = time.perf_counter() - start
    messages = [{"role": "system", "content": "You are Captain Byte, the course's pirate tutor."},
                {"role": "user", "content": held_out}]
    answers = {name: client.chat.completions.create(model=name, messages=messages, temperature=0, max_tokens=30)
               .choices[0].message.content for name in (job.fine_tuned_model, LOCAL_CHAT_MODEL)}
    events = client.fine_tuning.jobs.list_events(job.id, limit=1000).data
    stop_server()
    return {"status": job.status, "seconds": seconds, "examples": sum(1 for _ in (DATA_DIR / "finetune" / "train.jsonl")
            .open()), "steps": max((e.data.get("step", 0) for e in events), default=0),
            "held_out": held_out, "tuned": answers[job.fine_tuned_model], "base": answers[LOCAL_CHAT_MODEL]}


def table(ours: dict, stock: dict | None) -> str:
    rows = [("ready after process start (s)", "ready_s", "{:.1f}"),
            ("time to first token (ms, median of 5)", "ttft_ms", "{:.0f}"),
            ("single stream decode (tok/s, 64 new tokens)", "single_tok_s", "{:.1f}"),
            ("4 concurrent requests, aggregate (tok/s)", "concurrent_tok_s", "{:.1f}"),
            ("server peak RSS during chat (GB)", "peak_rss_chat_gb", "{:.2f}")]
    lines = ["| metric | course server | stock `transformers serve` |", "|---|---|---|"]
    for label, key, fmt in rows:
        lines.append(f"| {label} | {fmt.format(ours[key])} | {fmt.format(stock[key]) if stock else 'n/a'} |")
    lines.append(f"| embeddings, 512 sentences (per s): server (base64) / sentence-transformers direct | "
                 f"{ours['served_per_s']:.0f} / {ours['direct_per_s']:.0f} "
                 f"({100 * ours['served_per_s'] / ours['direct_per_s']:.0f}%) | no embeddings endpoint |")
    lines.append(f"| server peak RSS incl. embeddings (GB) | {ours['peak_rss_gb']:.2f} | |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours-only", action="store_true")
    parser.add_argument("--finetune", action="store_true", help="only time the 60+ example fine-tune")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    if args.finetune:
        print(f"load average at start {load:.1f}", run_finetune())
        sys.exit(0)
    ours = run_ours()
    stock = None if args.ours_only else run_stock()
    print(f"machine: {os.cpu_count()} CPUs, load average at start {load:.1f}")
    print(table(ours, stock))
    print({"ours": ours, "stock": stock})
