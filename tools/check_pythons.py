"""Check that the pinned stack (constraints.txt) resolves to wheels for each Python the course supports.

pip resolves for another Python with `--python-version` and Linux x86_64 wheel tags (what Colab and
most laptops' Linux take), downloading only metadata. Needs PyPI. Usage: python tools/check_pythons.py [3.12 ...]
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.12", "3.13")  # 3.11: CI installs the stack for real (its dry run here wants sdists: --only-binary)
GLIBC_MINOR = 35  # glibc 2.35: Ubuntu 22.04, Colab's OS (vendor/colab/os-info.txt); laptops' Linux have as much
PLATFORMS = [f"manylinux_2_{minor}" for minor in range(GLIBC_MINOR, 4, -1)] + [
    "manylinux2014",
    "manylinux2010",
    "manylinux1",
]


def requirements() -> list[str]:
    """Every dependency of the course, extras included, as pyproject.toml writes them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + sum(project["optional-dependencies"].values(), [])


def resolve(version: str) -> subprocess.CompletedProcess:
    """pip's dry run of installing the course's dependencies with the constraints on Python `version`."""
    abi = "cp" + version.replace(".", "")
    tags = [f for p in PLATFORMS for f in ("--platform", f"{p}_x86_64")]
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--ignore-installed",
        "--quiet",
        "--python-version",
        version,
        "--implementation",
        "cp",
        "--abi",
        abi,
        "--abi",
        "abi3",
        "--abi",
        "none",
        "--only-binary=:all:",
        *tags,
        "-c",
        str(ROOT / "constraints.txt"),
        *requirements(),
    ]
    return subprocess.run(command, capture_output=True, text=True)


def main(versions: list[str]) -> int:
    failed = 0
    for version in versions or PYTHONS:
        result = resolve(version)
        errors = [l for l in result.stderr.splitlines() if not l.startswith("WARNING: Location")]
        print(f"Python {version}: {'resolves' if result.returncode == 0 else 'FAILS'}", *errors[-8:], sep="\n  ")
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
