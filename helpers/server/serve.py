"""Inside the server process: load the models and serve (`python -m helpers.server`, `course serve`).

process.py launches this from a notebook; this module runs in the child, so the launcher never imports
the app, torch or the models.
"""

from __future__ import annotations

import atexit
import gc
import os
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..settings import ENV_SERVER_DIR
from . import shared
from .process import FOLDER_PREFIX


def watch_parent(parent_pid: int, interval: float = 0.5) -> None:
    """Exit this process as soon as the parent is gone (kernel restarted or killed)."""

    def loop() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent_pid:
                shutil.rmtree(os.environ.get(ENV_SERVER_DIR) or "/nonexistent", ignore_errors=True)
                os._exit(0)

    threading.Thread(target=loop, name="course-parent-watchdog", daemon=True).start()


def watch_clients(registry: Path, grace: float = shared.IDLE_GRACE_S, interval: float = 0.5) -> None:
    """A shared server (shared.py): exit once no kernel that used it has been alive for `grace` seconds."""
    clients = shared.clients_folder(registry, os.getpid())

    def loop() -> None:
        last_used = time.monotonic()
        while True:
            time.sleep(interval)
            if shared.live_clients(clients):
                last_used = time.monotonic()
            elif time.monotonic() - last_used > grace:
                with shared.locked(registry):  # no kernel can pick this server while it retires
                    if shared.live_clients(clients):
                        continue
                    shared.forget_entry(registry, os.getpid())
                shutil.rmtree(os.environ.get(ENV_SERVER_DIR) or "/nonexistent", ignore_errors=True)
                os._exit(0)

    threading.Thread(target=loop, name="course-clients-watchdog", daemon=True).start()


def cannot_listen(host: str, port: int) -> str:
    """What to do when the server cannot listen on host:port."""
    return (
        f"The course server could not listen on {host}:{port} (the error above says why). If another "
        "program uses that port, stop it or choose another port with --port."
    )


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port before the models load: a taken port fails at once, not ~6 s later."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a restart reuses the port
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        print(f"{error}\n{cannot_listen(host, port)}", file=sys.stderr, flush=True)
        sys.exit(1)
    return sock


def run(token: str, host: str = "127.0.0.1", port: int = 0, fd: int | None = None, quiet: bool = False) -> None:
    """Load the models, then serve until stopped: on the inherited socket `fd`, or bind host:port first."""
    sock = socket.socket(fileno=fd) if fd is not None else listen(host, port)  # bound before anything loads
    port = sock.getsockname()[1]

    import uvicorn

    from ..models import KIT
    from .app import create_app

    folder = Path(os.environ.get(ENV_SERVER_DIR) or tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    atexit.register(shutil.rmtree, folder, True)
    whisper = KIT["speech-to-text"].path
    app = create_app(
        token,
        KIT["chat"].path,
        KIT["embeddings"].path,
        whisper if whisper.is_dir() else None,
        folder,
        engine_thread=False,
    )
    gc.freeze()  # the models and libraries live until exit: the last collections skip them (helpers/__init__.py)
    if not quiet:
        print(f"Course server: http://{host}:{port}/v1  token: {token}", flush=True)
        print(f"  client = OpenAI(base_url='http://{host}:{port}/v1', api_key='{token}')", flush=True)
    app.state.course.embedder.preload()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=1)
    http = uvicorn.Server(config)

    exit_code = [0]

    def serve_http() -> None:
        try:
            http.run(sockets=[sock])
        finally:  # HTTP has stopped, or failed to start (uvicorn raises SystemExit): end the process
            if not http.started:
                exit_code[0] = 1
                print(cannot_listen(host, port), file=sys.stderr, flush=True)
            os.kill(os.getpid(), signal.SIGTERM)

    # HTTP in a thread, decoding in the main thread (twice as fast there: Engine.serve says why)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(exit_code[0]))  # exit, running the atexit clean-up
    threading.Thread(target=serve_http, name="course-http", daemon=True).start()
    try:
        app.state.course.engine.serve()
    except KeyboardInterrupt:  # Ctrl-C in `course serve`
        pass


def serve_forever(host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """`course serve`: run in the foreground and print the URL and token to use."""
    run(token or secrets.token_urlsafe(24), host, port)
