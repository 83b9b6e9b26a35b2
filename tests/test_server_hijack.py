"""No port hijack: the server's port is never free for another process, and the parent sends its token
or a prompt only to a server that proves it knows the token (a per-run challenge)."""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psutil
import pytest

from helpers.server import process


class Squatter(ThreadingHTTPServer):
    """Another local program listening on a port: answers 200 to everything and records what it gets."""

    def __init__(self):
        self.seen: list[bytes] = []
        squatter = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                length = int(self.headers.get("content-length") or 0)
                squatter.seen.append(self.requestline.encode() + bytes(self.headers) + self.rfile.read(length))
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status": "ok", "proof": "trust me", "object": "list", "data": []}')

            do_GET = do_POST = _record

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]


@pytest.fixture()
def squatter():
    server = Squatter()
    yield server
    server.shutdown()
    server.server_close()


def test_the_running_servers_port_cannot_be_taken(course_server):
    for reuse in (False, True):
        with socket.socket() as other, pytest.raises(OSError) as error:
            if reuse:
                other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            other.bind(("127.0.0.1", course_server.port))
        assert error.value.errno == errno.EADDRINUSE
    command = " ".join(psutil.Process(course_server.pid).cmdline())
    assert str(course_server.port) not in command and course_server.token not in command


def test_only_our_own_server_answers_the_challenge(course_server, squatter):
    assert process.answers_challenge(course_server.port, course_server.token)
    assert not process.answers_challenge(course_server.port, "another-token")
    assert not process.answers_challenge(squatter.port, course_server.token)
    assert squatter.seen and course_server.token.encode() not in b"".join(squatter.seen)


def test_a_squatter_on_the_chosen_port_never_gets_the_token(monkeypatch, squatter, tmp_path):
    """Replay the old race: the port the child should serve on is answered by someone else."""

    class Taken:  # what the parent holds: a socket whose port the squatter answers on
        def __init__(self):
            self.sock = socket.socket()

        def getsockname(self):
            return ("127.0.0.1", squatter.port)

        def fileno(self):
            return self.sock.fileno()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.sock.close()

    popen = subprocess.Popen

    def child(*args, **kwargs):  # a child that never comes up
        return popen(
            [sys.executable, "-c", "import time; time.sleep(30)"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    monkeypatch.setattr(process, "_listening_socket", Taken)
    monkeypatch.setattr(process.subprocess, "Popen", child)
    monkeypatch.setattr(process.tempfile, "tempdir", str(tmp_path))
    tokens = []
    real = process.secrets.token_urlsafe
    monkeypatch.setattr(process.secrets, "token_urlsafe", lambda n: tokens.append(real(n)) or tokens[-1])
    with pytest.raises(RuntimeError, match="not ready"):
        process._wait_until_proven(process._spawn(), timeout=3)
    assert squatter.seen, "the parent never probed the port"
    assert tokens and all(tokens[0].encode() not in request for request in squatter.seen)
    assert list(tmp_path.iterdir()) == []  # the failed start left no run folder


def test_stale_run_folders_of_dead_servers_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for name, pid in (("dead", dead.pid), ("alive", psutil.Process().pid)):
        folder = tmp_path / f"{process.FOLDER_PREFIX}{name}"
        folder.mkdir()
        (folder / "pid").write_text(str(pid))
    (tmp_path / f"{process.FOLDER_PREFIX}starting").mkdir()  # no pid yet: left alone
    process.remove_stale_folders(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{process.FOLDER_PREFIX}{n}" for n in ("alive", "starting")]
