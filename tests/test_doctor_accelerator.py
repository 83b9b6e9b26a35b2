"""doctor()'s accelerator line: what torch says, and on a Linux machine without a GPU device, the same line
without importing torch (~1 s of notebook 00's first check)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINE = "import sys, helpers.doctor; d = sys.modules['helpers.doctor']; {setup}print(d._accelerator()); print('torch' in sys.modules)"


def accelerator(setup: str = "") -> tuple[str, bool]:
    """The accelerator line in a fresh process, and whether torch was imported to write it."""
    done = subprocess.run(
        [sys.executable, "-c", LINE.format(setup=setup)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    line, imported = done.stdout.strip().splitlines()[-2:]
    return line, imported == "True"


@pytest.mark.skipif(sys.platform != "linux", reason="the device files are Linux's")
def test_without_a_gpu_device_the_line_is_torchs_without_importing_it():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    fast, imported = accelerator("d.GPU_DEVICES = ('/nonexistent/gpu',); ")
    asked, imported_then = accelerator("d.GPU_DEVICES = ('/dev/null',); ")  # a device: torch is asked
    assert fast == asked == f"no GPU, CPU only ({__import__('os').cpu_count()} cores)"
    assert (imported, imported_then) == (False, True)


def test_a_machine_with_a_gpu_device_asks_torch(monkeypatch):
    doctor = importlib.import_module("helpers.doctor")  # (helpers.doctor, the name, is the function)
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(doctor, "GPU_DEVICES", ("/dev/null",))
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index: "Tesla T4")
    assert doctor._accelerator() == "GPU: Tesla T4"
