"""The Colab simulation: a fresh kernel that sees the fake `google.colab`, a notebook alone in an empty
folder standing for /content, and a clone source made from this checkout (COURSE_REPO_URL).

The kernel runs in a throw-away virtual environment that borrows the course venv's packages through a
.pth file, so the setup cell's `%pip install -e course` installs there, offline and in seconds, and never
touches the course venv.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from helpers.settings import BRANCH, ENV_REPO_URL, PROJECT_ROOT

FAKE_COLAB = Path(__file__).parent / "fake_colab"
KERNEL_NAME = "colab-sim"


def snapshot_repo(dest: Path) -> Path:
    """A git repository with one commit on BRANCH holding this checkout's files (tracked and new)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=PROJECT_ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-C", str(dest), "-c", "user.name=course", "-c", "user.email=course@example.invalid"]
    subprocess.run(["git", "init", "--quiet", "--initial-branch", BRANCH, str(dest)], check=True)
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run([*git, "commit", "--quiet", "--message", "snapshot"], check=True)
    return dest


def kernel_venv(dest: Path) -> Path:
    """A venv without its own packages whose kernel imports the course venv's packages; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(dest)], check=True)
    python = dest / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # Colab's kernel has google.colab installed and imported at start (the setup cell looks for it), then the
    # course venv's packages (never its editable install of this checkout: a borrowed folder's .pth files
    # are not processed).
    lines = [str(FAKE_COLAB), "import google.colab", sysconfig.get_paths()["purelib"]]
    Path(purelib, "colab_sim.pth").write_text("\n".join(lines) + "\n")
    return python


def kernelspec(jupyter_dir: Path, python: Path) -> None:
    """Register the simulation's kernel under jupyter_dir (put it on JUPYTER_PATH)."""
    spec = jupyter_dir / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Colab simulation",
                                                  "language": "python"}))


def colab_environment(work: Path) -> dict[str, str]:
    """Build the simulation under `work`; returns the environment variables the notebook kernels need."""
    repo = snapshot_repo(work / "repo")
    python = kernel_venv(work / "venv")
    kernelspec(work / "jupyter", python)
    return {
        ENV_REPO_URL: repo.as_uri(),
        "JUPYTER_PATH": str(work / "jupyter"),
        "PIP_NO_INDEX": "1",  # the course's dependencies are already there, as on Colab
        "PIP_NO_BUILD_ISOLATION": "0",  # build the editable install with the setuptools at hand
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "COURSE_WIDGETS": "widgets",  # Colab draws widgets: take the display path, custom widget manager on
    }
