"""The course server's fine-tuning job alone: `train_lora` on notebook 05's 72 examples, 2 epochs, timed.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python benchmarks/finetune_job.py [--rounds 3] [--against REV]

With --against, `helpers/server/lora.py` as it was at git revision REV runs too, alternating with today's,
each round in a fresh process (imports warmed first, as in a running server). Run it alone on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINETUNE = ROOT / "data" / "finetune"


def run_once(module: str) -> None:
    """In this process: warm the imports, then time one job; prints a JSON line."""
    import importlib

    from helpers.models import model_for

    lora = importlib.import_module(module)
    records, valid = (
        [json.loads(line) for line in (FINETUNE / name).read_text().splitlines()]
        for name in ("train.jsonl", "validation.jsonl")
    )
    base = Path(model_for("chat"))
    lora.load_for_training(base, 42)  # the server has transformers and peft loaded before a job
    events: list[str] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        lora.train_lora(
            base, records, valid, lora.TrainingSettings(), Path(out), lambda m, d: events.append(m), threading.Event()
        )
    losses = [e.split("=")[-1] for e in events if e.startswith("Epoch")]
    print(json.dumps({"seconds": round(time.perf_counter() - start, 2), "validation_losses": losses}))


def timed(module: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--module", module],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", help="a git revision whose helpers/server/lora.py runs too")
    parser.add_argument("--module", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.module:
        return run_once(args.module)
    versions = {"today": "helpers.server.lora"}
    old = ROOT / "helpers" / "server" / "_lora_benchmarked.py"
    if args.against:
        source = subprocess.run(
            ["git", "show", f"{args.against}:helpers/server/lora.py"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        old.write_text(source)
        versions = {args.against: "helpers.server._lora_benchmarked", **versions}
    try:
        times: dict[str, list[float]] = {name: [] for name in versions}
        for round_ in range(args.rounds):
            for name, module in versions.items():
                result = timed(module)
                times[name].append(result["seconds"])
                print(
                    f"round {round_ + 1} {name:>10}: {result['seconds']:6.2f} s  validation loss "
                    f"{', '.join(result['validation_losses'])}"
                )
        for name, seconds in times.items():
            print(f"{name:>10}: median {statistics.median(seconds):.2f} s of {seconds}")
    finally:
        old.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
