"""Two notebooks at once, as `make test` runs them (two pytest workers): torch's default threads against one
thread per process (OMP_NUM_THREADS=cores/copies, what conftest.py sets), alternating, medians.

    env -u OPENAI_API_KEY -u OPENAI_BASE_URL HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python \
        benchmarks/parallel_kernels.py [--copies 2] [--rounds 2] [notebooks/05_fine_tuning.ipynb]

Each copy is `course_cells.py` on the notebook in its own process (a fresh kernel, its own course server).
Run it alone on the machine and report the load it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_copies(notebook: Path, copies: int, threads: int | None) -> tuple[float, list[dict]]:
    """Run `copies` executions of `notebook` at once; wall seconds and each copy's course_cells result."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    with tempfile.TemporaryDirectory() as out:
        reports = [Path(out) / f"copy{i}.json" for i in range(copies)]
        command = [sys.executable, str(HERE / "course_cells.py"), "--top", "0", str(notebook)]
        start = time.perf_counter()
        running = [subprocess.Popen([*command, "--json", str(r)], env=env, stdout=subprocess.DEVNULL) for r in reports]
        for process in running:
            process.wait()
        wall = time.perf_counter() - start
        return wall, [json.loads(r.read_text())[0] for r in reports]


def slowest(result: dict, top: int = 3) -> str:
    cells = sorted(result["cells"], key=lambda cell: -cell[1])[:top]
    return ", ".join(f"cell {number} {seconds:.0f} s" for number, seconds, _ in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=Path("notebooks/05_fine_tuning.ipynb"))
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    share = max(1, (os.cpu_count() or 1) // args.copies)
    settings = {"torch default": None, f"OMP_NUM_THREADS={share}": share}
    walls: dict[str, list[float]] = {name: [] for name in settings}
    for round_number in range(1, args.rounds + 1):
        for name, threads in settings.items():
            load = Path("/proc/loadavg").read_text().split()[0]
            wall, results = run_copies(args.notebook, args.copies, threads)
            walls[name].append(wall)
            failed = [r["failures"] for r in results if r["failures"]]
            print(f"round {round_number}, {name} (load {load}): {wall:.1f} s" + (f" FAILED {failed}" if failed else ""))
            for i, result in enumerate(results):
                print(f"    copy {i}: {result['seconds']} s; slowest: {slowest(result)}", flush=True)
    print(f"\n{args.copies} copies of {args.notebook.name} at once, median of {args.rounds} (min-max):")
    for name, values in walls.items():
        print(f"  {name:>18}: {statistics.median(values):.1f} s ({min(values):.1f}-{max(values):.1f})")


if __name__ == "__main__":
    main()
