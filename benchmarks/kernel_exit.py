"""How long a notebook's kernel takes to stop, with and without the `gc.freeze()` in helpers/__init__.py.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/kernel_exit.py [--rounds 5]

Each round runs one kernel-like process per variant, alternating: it imports what notebook 04 imports and
loads the chat model (as a notebook does), then exits; the time from its last line to the end of the
process is the exit. `without` unfreezes right after `import helpers`, so each of Python's last collections
walks every object.
Run it alone on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BODY = """
import gc, sys, time
import datasets, torch
from transformers import AutoModelForCausalLM, pipeline
import helpers
if sys.argv[1] == "without":
    gc.unfreeze()
AutoModelForCausalLM.from_pretrained(helpers.model_for("chat"))
print(time.time(), flush=True)
"""


def exit_seconds(variant: str) -> float:
    """Seconds from the process's last line to its end."""
    done = subprocess.run([sys.executable, "-c", BODY, variant], cwd=ROOT, capture_output=True, text=True, check=True)
    ended = time.time()
    return ended - float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    seconds: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(rounds):
        for variant in seconds:
            seconds[variant].append(exit_seconds(variant))
    for variant, values in seconds.items():
        print(
            f"{variant:8} the freeze: median {statistics.median(values):.2f} s "
            f"(min {min(values):.2f}, max {max(values):.2f}, {rounds} rounds)"
        )


if __name__ == "__main__":
    main()
