"""Servers nobody on this course wrote, started for the modes matrix on 127.0.0.1 and stopped after.

- Prism serving OpenAI's official OpenAPI description (request validation, schema-shaped answers);
- stock `transformers serve` on the prepared SmolLM2 folder (a classroom's OpenAI-compatible server);
- a stand-in with llama.cpp's server's feature set (no Responses API, no json_schema) before the course server.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

from helpers.models import KIT
from helpers.server.process import end_process, free_port
from helpers.settings import ENV_SERVER_DIR, ENV_SERVER_TOKEN, PROJECT_ROOT

HERE = Path(__file__).parent
FAKE_KEY = "test-key-not-a-real-one"  # Prism accepts any bearer token; deliberately not shaped like a real key
PRISM = HERE / "node_modules" / ".bin" / "prism"
SPEC = PROJECT_ROOT / "tests" / "openai-openapi" / "openapi.yaml"  # vendored (MIT): see its README.md
SMOLLM2_DIR = KIT["chat"].path
START_TIMEOUT_S = 180
PORT_TRIES = 3  # free_port() can only say a port *was* free: another process may bind it before the server does


def openai_spec() -> Path:
    """OpenAI's openapi.yaml, vendored in the repository."""
    return SPEC


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until `url` answers at all (any HTTP status); fail with the log's tail if the server dies."""
    deadline = time.monotonic() + START_TIMEOUT_S
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {FAKE_KEY}"})  # a valid request
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(request, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server did not answer {url} in {START_TIMEOUT_S} s:\n{log.read_text()[-2000:]}")


def _start(command: list[str], probe: str, log: Path, env: dict | None = None) -> subprocess.Popen:
    """Start a server and wait until `probe` answers; a server that fails to come up is stopped, then raised."""
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        _wait(probe, process, log)
    except RuntimeError:
        end_process(process, timeout=10)
        raise
    return process


@contextlib.contextmanager
def _serve_on_a_free_port(
    command_for: Callable[[int], list[str]], probe_path: str, log: Path, env: dict | None = None
) -> Iterator[int]:
    """Start `command_for(port)` on a free port and yield the port. A start that fails because another process
    took the port in between ("address already in use": it happened to Prism in a CI run) is retried on a new
    port, up to PORT_TRIES times; any other failure is raised at once."""
    for attempt in range(PORT_TRIES):
        port = free_port()
        try:
            process = _start(command_for(port), f"http://127.0.0.1:{port}{probe_path}", log, env)
            break
        except RuntimeError as error:
            if "address already in use" not in str(error).lower() or attempt == PORT_TRIES - 1:
                raise
    try:
        yield port
    finally:
        end_process(process, timeout=10)


@contextlib.contextmanager
def prism(log: Path, spec: Path | None = None) -> Iterator[str]:
    """Prism mocking the OpenAI API (or `spec`); yields the base URL (no /v1: the spec's paths start after it).

    Without --errors: Prism refuses invalid requests (422) either way, and answers even where its own
    generated example breaks the spec (it logs those as response violations, which are not ours)."""
    spec = spec or openai_spec()
    if spec is None or not PRISM.exists() or shutil.which("node") is None:
        raise FileNotFoundError("Prism or OpenAI's spec is missing (see servers.prism_missing())")
    command = lambda port: [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)]  # noqa: E731
    with _serve_on_a_free_port(command, "/models", log) as port:
        yield f"http://127.0.0.1:{port}"


def prism_missing() -> str | None:
    """Why Prism cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed (Prism needs it)"
    if not PRISM.exists():
        return "Prism is not installed: run `make setup-dev` (npm install in tests/modes)"
    return None


def validation_errors(log: Path) -> list[str]:
    """Why Prism found requests invalid against OpenAI's spec: one line per invalid request, then its reasons."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if "[VALIDATOR]" in line]
    return [line for line in lines if "did not pass" in line or ("✖" in line and "Violation: response" not in line)]


def invalid_requests(log: Path) -> int:
    return sum("did not pass the validation rules" in line for line in log.read_text(errors="replace").splitlines())


def requests_seen(log: Path) -> int:
    return sum("Request received" in line for line in log.read_text(errors="replace").splitlines())


@contextlib.contextmanager
def transformers_serve(log: Path) -> Iterator[str]:
    """Stock `transformers serve` with SmolLM2 preloaded, batching as docs/teaching.md tells a teacher to run
    it (continuous batching, its KV cache held to 16k tokens); yields its OpenAI base URL (…/v1)."""

    def command(port: int) -> list[str]:
        serve = [str(Path(sys.executable).parent / "transformers"), "serve", str(SMOLLM2_DIR)]
        options = ["--host", "127.0.0.1", "--port", str(port), "--dtype", "bfloat16", "--log-level", "info"]
        return serve + options + ["--continuous-batching", "--cb-block-size", "32", "--cb-num-blocks", "512"]

    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with _serve_on_a_free_port(command, "/health", log, env) as port:
        yield f"http://127.0.0.1:{port}/v1"


def transformers_serve_missing() -> str | None:
    if not (SMOLLM2_DIR / "config.json").is_file():
        return f"the offline SmolLM2 folder is not prepared ({SMOLLM2_DIR}): run `course prepare`"
    if not (Path(sys.executable).parent / "transformers").exists():
        return "the `transformers` command is not installed (transformers[serving])"
    return None


@contextlib.contextmanager
def llamacpp_standin(work: Path) -> Iterator[str]:
    """The course server behind llamacpp_standin.py (llama.cpp's feature set); yields the stand-in's …/v1."""
    token, folder = secrets.token_urlsafe(16), work / "course-server"
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", ENV_SERVER_TOKEN: token, ENV_SERVER_DIR: str(folder)}

    def course(port: int) -> list[str]:
        return [sys.executable, "-m", "helpers.server", "--port", str(port)]

    def standin(port: int, course_port: int) -> list[str]:
        upstream = f"http://127.0.0.1:{course_port}/v1"
        script = str(HERE / "llamacpp_standin.py")
        return [sys.executable, script, "--port", str(port), "--upstream", upstream, f"--upstream-key={token}"]

    with (
        _serve_on_a_free_port(course, "/health", work / "course-server.log", env) as course_port,
        _serve_on_a_free_port(
            lambda port: standin(port, course_port), "/health", work / "llamacpp-standin.log", env
        ) as port,
    ):
        yield f"http://127.0.0.1:{port}/v1"
