"""One course server for all of a learner's notebooks (helpers/server/shared.py).

Each "kernel" here is a Python process that asks for the local course server the way a notebook does, with
its own temporary folder (TMPDIR) as the registry's home, so a learner's shared server is never touched.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest

from helpers.server import shared
from helpers.settings import PROJECT_ROOT
from tests.test_server_process import _gone as gone

KERNEL = textwrap.dedent("""
    import os, sys
    from helpers.server import shared
    shared.IDLE_GRACE_S = float(sys.argv[1])
    import helpers
    from helpers.server import current_server
    assert helpers.get_client().models.list().data
    server = current_server()
    print("SERVER", server.pid, server.shared, flush=True)
    for command in sys.stdin:  # the test says what to do next; end of input: exit normally
        if command.strip() == "stop":
            helpers.stop_server()
            print("STOPPED running", helpers.server_info()["running"], flush=True)
""")


class Kernel:
    """A notebook kernel stand-in: `server` is (pid, shared) of the course server it uses."""

    def __init__(self, tmp: Path, grace: float, **settings: str):
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
        env.update(COURSE_MODE="local", COURSE_SHARED_SERVER="1", TMPDIR=str(tmp), HF_HUB_OFFLINE="1", **settings)
        self.process = subprocess.Popen(
            [sys.executable, "-c", KERNEL, str(grace)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=PROJECT_ROOT,
            start_new_session=True,  # as Jupyter starts kernels: a restart kills the kernel's process group
        )
        self.server = self._read("SERVER")
        STARTED.add(self.server[0])

    def _read(self, word: str) -> tuple[int, bool]:
        for line in self.process.stdout:
            if line.startswith(word):
                first, second = line.split()[1:]
                return (int(first) if first.isdigit() else first), second == "True"
        raise AssertionError(f"the kernel exited before printing {word}")

    def stop_server(self) -> bool:
        """helpers.stop_server() in this kernel; whether server_info() still says running."""
        self.process.stdin.write("stop\n")
        self.process.stdin.flush()
        return self._read("STOPPED")[1]

    def exit(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0

    def kill_like_a_restart(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


STARTED: set[int] = set()


@pytest.fixture
def registry_home(tmp_path):
    """A private TMPDIR for the registry; every server the test's kernels started is gone afterwards."""
    yield tmp_path
    for pid in STARTED:
        if psutil.pid_exists(pid):
            os.kill(pid, signal.SIGKILL)
    STARTED.clear()


@pytest.mark.expected_seconds(20)
def test_notebooks_share_one_server_that_outlives_a_restart_and_exits_when_no_kernel_needs_it(registry_home):
    first = Kernel(registry_home, grace=5)
    second = Kernel(registry_home, grace=5)
    pid, is_shared = first.server
    assert is_shared and second.server == (pid, True)  # no second start, no second 1.4 GB
    second.exit()
    first.kill_like_a_restart()  # Jupyter kills the kernel's process group: not the server
    assert not gone(pid, wait=1)
    third = Kernel(registry_home, grace=5)  # the restarted kernel finds it
    assert third.server == (pid, True)
    third.exit()
    assert gone(pid, wait=20)  # no kernel uses it any more: it exits after the grace period
    registry = registry_home / f"genai-course-shared-{os.getuid()}"
    assert sorted(p.name for p in registry.iterdir()) == ["lock"]  # no entry, no clients folder left
    assert not list(registry_home.glob("course-server-*"))  # its run folder (uploads, adapters) is removed


@pytest.mark.expected_seconds(20)
def test_other_settings_start_a_new_shared_server_and_stop_server_stops_the_one_in_use(registry_home):
    first = Kernel(registry_home, grace=2)
    other = Kernel(registry_home, grace=2, COURSE_PREFIX_CACHE="0")  # other settings: not the first's server
    assert other.server[0] != first.server[0] and other.server[1] is True
    another = Kernel(registry_home, grace=2, COURSE_PREFIX_CACHE="0")
    assert another.server == other.server  # the next kernel with those settings shares the new server
    other.exit()
    another.exit()
    assert gone(other.server[0], wait=15)  # no kernel uses it any more
    assert not gone(first.server[0], wait=0.5)  # the first kernel still uses its own
    assert first.stop_server() is False
    assert gone(first.server[0], wait=10)
    assert not (registry_home / f"genai-course-shared-{os.getuid()}" / "server.json").exists()
    after = Kernel(registry_home, grace=2)  # the next notebook starts a new shared server
    assert after.server[1] is True and after.server[0] != first.server[0]
    first.exit()
    after.exit()


def test_no_sharing_through_a_registry_folder_others_can_read(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # tempfile reads TMPDIR again
    folder = tmp_path / f"genai-course-shared-{os.getuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert shared.registry() is None
    folder.chmod(0o700)
    assert shared.registry() == folder
    folder.rmdir()
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    folder.symlink_to(tmp_path / "elsewhere")
    assert shared.registry() is None
