"""`doctor()`: a readable report of the learner's set-up, with what to do about anything missing."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import sys

from . import models
from .client import connection
from .keys import find_openai_key, mask
from .probe import probe_server
from .settings import CACHE_DIR, ENV_API_KEY, ENV_BASE_URL, Mode, in_colab

SERVER_DOWN = "PROBLEM: "
GPU_DEVICES = ("/dev/nvidiactl", "/dev/dxg", "/dev/kfd")  # Linux's GPU devices: NVIDIA, WSL's GPU, AMD (ROCm)
PACKAGES = ("torch", "transformers", "openai", "datasets", "huggingface-hub", "ipywidgets")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _accelerator() -> str:
    if importlib.util.find_spec("torch") is None:
        return "unknown (torch not installed)"
    if sys.platform == "linux" and "torch" not in sys.modules and not any(map(os.path.exists, GPU_DEVICES)):
        return f"no GPU, CPU only ({os.cpu_count()} cores)"  # what torch would say, without its ~1 s import
    import torch

    if torch.cuda.is_available():
        return f"GPU: {torch.cuda.get_device_name(0)}"
    return f"no GPU, CPU only ({os.cpu_count()} cores)"


def server_line(mode: Mode | None, key: str | None) -> str:
    """What the mode's server answers (contacted now, with a short timeout); the local server is not started."""
    if mode is None:
        return "not checked (fix the mode first)"
    if mode.name == "local":
        from .server import current_server

        running = current_server()
        if running is None:
            return "the local course server starts when a notebook needs it"
        return probe_server(running.base_url, running.token).summary()
    found = probe_server(mode.base_url, key or "not-needed", endpoints=mode.name == "compatible")
    return found.summary() if found.answers else SERVER_DOWN + found.summary()


def report_lines() -> list[tuple[str, str]]:
    """The doctor's findings as (label, value) pairs."""
    try:
        conn = connection(refresh=True)  # the doctor reads everything again (an edited .env, say)
        lookup, mode, mode_line = conn.key, conn.mode, conn.mode.describe()
    except ValueError as error:
        lookup, mode, mode_line = find_openai_key(), None, f"problem: {error}"
    lines = [
        ("Python", sys.version.split()[0]),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Where", "Google Colab" if in_colab() else "own machine"),
        ("Hardware", _accelerator()),
    ]
    lines += [(name, _version(name)) for name in PACKAGES]
    lines += [
        ("Mode", mode_line),
        ("Server", server_line(mode, lookup.key)),
        ("OpenAI key", f"{mask(lookup.key)} from {lookup.source}" if lookup.key else "not found"),
        ("Model cache", models.shown_path(CACHE_DIR)),
    ]
    lines += [(f"Offline {task}", status) for task, status in models.kit_status().items()]
    lines.append(("Speech runtime", _version("ctranslate2").replace("not installed", "not installed (optional)")))
    return lines


def advice(lines: list[tuple[str, str]]) -> list[str]:
    """What to do about anything missing, in plain words."""
    tips = []
    values = dict(lines)
    if any(v == "not installed" for k, v in lines if k in PACKAGES):
        tips.append("Some packages are missing: run `make setup` (or the README's pip command).")
    if values.get("Mode", "").startswith("problem:"):
        tips.append("The mode settings contradict each other: see the Mode line above.")
    if values.get("Server", "").startswith(SERVER_DOWN):
        tips.append(
            f"Nothing usable answers at {ENV_BASE_URL}: start the server, correct the address "
            f"(it usually ends in /v1), or unset {ENV_BASE_URL} to use the local course server."
        )
    if values.get("OpenAI key") == "not found":
        tips.append(
            f"No key: that is fine, the course runs offline. To use OpenAI, set {ENV_API_KEY} (see notebook 02)."
        )
    if values.get("Speech runtime", "").startswith("not installed"):
        tips.append(
            "Offline speech to text is optional: `make setup EXTRAS=lab,audio` (or `pip install -e .[audio]`) adds it."
        )
    if any(k.startswith("Offline") and v.startswith("not ready:") for k, v in lines):
        tips.append("Offline models are not prepared: run `course prepare` (or `make prepare`).")
    return tips


def doctor() -> None:
    """Print the report. Never prints a key, only its last 4 characters."""
    lines = report_lines()
    width = max(len(label) for label, _ in lines)
    print("Course doctor")
    for label, value in lines:
        print(f"  {label:<{width}}  {value}")
    tips = advice(lines)
    print("What to do:" if tips else "Everything needed is in place.")
    for tip in tips:
        print(f"  - {tip}")
