"""ruff (pinned in constraints.txt, configured in pyproject.toml) finds nothing in the course's Python."""
from __future__ import annotations

import subprocess
import sys

from helpers.settings import PROJECT_ROOT


def ruff(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           *paths], cwd=PROJECT_ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = ruff("helpers", "tests", "tools", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_a_planted_unused_import(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import os\n\nname = f'constant'\n")
    result = ruff(str(planted))
    assert result.returncode == 1 and "F401" in result.stdout and "F541" in result.stdout
