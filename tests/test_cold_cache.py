"""A lesson prints the same on a fresh machine as on a warm one: nothing the course runs draws first-use output."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers.settings import PROJECT_ROOT

READ_TWICE = """
import helpers
from helpers.sentiment import load_sentiment_data
data = load_sentiment_data()
data.map(lambda batch: {"n": [len(t) for t in batch["text"]]}, batched=True)
print("rows", data["train"].num_rows)
"""


def run_cold(hf_home, code: str = READ_TWICE) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HF_DATASETS")}
    env.update(HF_HOME=str(hf_home), HF_HUB_OFFLINE="1")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_datasets_prints_no_progress_on_an_empty_cache(tmp_path):
    first, second = run_cold(tmp_path), run_cold(tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Generating train split" not in first.stderr and "Map" not in first.stderr, first.stderr[-2000:]
    assert (first.stdout, first.stderr) == (second.stdout, second.stderr)
