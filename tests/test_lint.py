"""ruff (pinned in constraints.txt, configured in pyproject.toml) finds nothing in the course's Python, and the
code is formatted as `ruff format` writes it (run `ruff format helpers tests tools benchmarks` before committing)."""

from __future__ import annotations

import subprocess
import sys

from helpers.settings import PROJECT_ROOT

PATHS = ("helpers", "tests", "tools", "benchmarks")


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = ruff("check", "--no-cache", "--output-format", "concise", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_a_planted_unused_import(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import os\n\nname = f'constant'\n")
    result = ruff("check", "--no-cache", "--output-format", "concise", str(planted))
    assert result.returncode == 1 and "F401" in result.stdout and "F541" in result.stdout


def test_code_is_formatted():
    result = ruff("format", "--check", "--no-cache", *PATHS)
    assert result.returncode == 0, "Run `ruff format helpers tests tools benchmarks`:\n" + result.stdout


def test_format_check_finds_a_planted_unformatted_file(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("x = {  'a':1 }\n")
    result = ruff("format", "--check", "--no-cache", "--config", str(PROJECT_ROOT / "pyproject.toml"), str(planted))
    assert result.returncode == 1 and "planted.py" in result.stdout
