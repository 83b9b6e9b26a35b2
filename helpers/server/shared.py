"""One course server for all of a learner's notebooks (JupyterLab's kernels, `course run-all`).

The first kernel that needs the server starts it in its own session, so that a kernel restart does not kill
it, and writes its address, token and pid to a private registry folder (0700, this user's only). Later
kernels find it there, check that it answers the token's challenge, and use it: no second ~6 s start, no
second 1.4 GB of memory. Each kernel that uses it leaves its pid in the server's `clients-PID` folder; the
server exits once none of them has been alive for `IDLE_GRACE_S` seconds (serve.py's `watch_clients`).

Like an OpenAI account, the files, jobs and fine-tuned models a notebook makes are then seen by the others.
A kernel whose settings or server code differ (`fingerprint()`: a `git pull`, `COURSE_FOUR_BIT=0`) starts a new
server that the next kernels use; the old one keeps serving its kernels until they are gone.
`COURSE_SHARED_SERVER=0` turns sharing off (the tests do, so that each notebook starts from a clean server).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..settings import ENV_CACHE, ENV_FOUR_BIT, ENV_HF_OFFLINE, ENV_PREFIX_CACHE, ENV_SHARED_SERVER, PROJECT_ROOT

IDLE_GRACE_S = 120.0  # how long the server waits for a kernel after the last one using it has gone
SERVER_SETTINGS = (ENV_CACHE, ENV_FOUR_BIT, ENV_PREFIX_CACHE, ENV_HF_OFFLINE, "OMP_NUM_THREADS")


def enabled() -> bool:
    """Sharing is on unless COURSE_SHARED_SERVER=0; it needs POSIX (file locks, process sessions)."""
    return os.name == "posix" and os.environ.get(ENV_SHARED_SERVER, "1") != "0"


def registry() -> Path | None:
    """This user's private registry folder, or None when it cannot be made safely (then nothing is shared)."""
    folder = Path(tempfile.gettempdir()) / f"genai-course-shared-{os.getuid()}"
    try:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        info = folder.lstat()
    except OSError:  # a read-only or full temporary folder: each notebook starts its own server
        return None
    private = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077
    return folder if private else None


def fingerprint() -> str:
    """What makes two servers differ: the Python, the checkout, the server's code and its settings."""
    code = [PROJECT_ROOT / "helpers" / "models.py", *sorted((PROJECT_ROOT / "helpers" / "server").rglob("*.py"))]
    parts = [sys.executable, str(PROJECT_ROOT), max(p.stat().st_mtime_ns for p in code)]
    parts += [os.environ.get(name) for name in SERVER_SETTINGS]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the registry's lock: one kernel at a time finds or starts the server."""
    import fcntl  # POSIX only: enabled() is False elsewhere

    descriptor = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process took the pid: not our server
        return False
    return True


def read_entry(folder: Path) -> dict | None:
    """The registered server (port, token, pid, log, folder, fingerprint) if its process is alive."""
    try:
        entry = json.loads((folder / "server.json").read_text())
        return entry if alive(int(entry["pid"])) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_entry(folder: Path, entry: dict) -> None:
    path = folder / "server.json"
    temporary = folder / f"server.json.{os.getpid()}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(entry, out)
    temporary.replace(path)


def forget_entry(folder: Path, pid: int) -> None:
    """Remove the registry entry if it still names server `pid` (call with the lock held)."""
    entry_path = folder / "server.json"
    with contextlib.suppress(OSError, ValueError, KeyError):
        if int(json.loads(entry_path.read_text())["pid"]) == pid:
            entry_path.unlink()
    shutil.rmtree(clients_folder(folder, pid), ignore_errors=True)


def clients_folder(folder: Path, server_pid: int) -> Path:
    return folder / f"clients-{server_pid}"


def register(folder: Path, server_pid: int, client_pid: int | None = None) -> None:
    """Note that a kernel uses the server (its pid, one empty file: no shared file to rewrite)."""
    clients = clients_folder(folder, server_pid)
    clients.mkdir(mode=0o700, exist_ok=True)
    (clients / str(client_pid or os.getpid())).touch(mode=0o600)


def unregister(folder: Path, server_pid: int, client_pid: int | None = None) -> None:
    with contextlib.suppress(OSError):
        (clients_folder(folder, server_pid) / str(client_pid or os.getpid())).unlink()


def live_clients(clients: Path) -> list[int]:
    """The kernels using a server that are still running; files of the others are removed."""
    found = []
    for path in clients.glob("*") if clients.is_dir() else []:
        if path.name.isdigit() and alive(int(path.name)):
            found.append(int(path.name))
        else:
            path.unlink(missing_ok=True)
    return found


def remove_dead_servers(folder: Path) -> None:
    """Clients folders of servers that have exited (call with the lock held)."""
    for clients in folder.glob("clients-*"):
        pid = clients.name.removeprefix("clients-")
        if not pid.isdigit() or not alive(int(pid)):
            shutil.rmtree(clients, ignore_errors=True)
