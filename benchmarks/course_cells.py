"""The whole course, timed cell by cell: `course run-all`'s way (each notebook in a fresh kernel, in order,
this shell's settings, nothing written back), plus each cell's seconds and the slowest cells.

    env -u OPENAI_API_KEY -u OPENAI_BASE_URL HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/course_cells.py \
        [--top 5] [--json reports/course-cells.json] [notebooks/NN_*.ipynb ...]

Run it alone on the machine (a second process on 2 cores doubles the times) and report the load it prints.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers.classroom.run_all import failing_cells, notebooks
from tools.time_sections import _seconds


def time_notebook(path: Path) -> dict:
    """Execute one notebook in a fresh kernel; its wall seconds, failures and (cell number, seconds, first line)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=900, allow_errors=True, record_timing=True)
    start = time.perf_counter()
    client.execute(cwd=str(path.parent))
    cells = [
        (number, round(_seconds(cell), 2), (cell.source.strip().splitlines() or [""])[0][:70])
        for number, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    ]
    return {
        "notebook": path.name,
        "seconds": round(time.perf_counter() - start, 1),
        "failures": failing_cells(notebook),
        "cells": cells,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--top", type=int, default=5, help="how many of the slowest cells to list")
    parser.add_argument("--json", type=Path, help="also save every cell's seconds here")
    args = parser.parse_args()
    print(f"load average at start: {Path('/proc/loadavg').read_text().split()[:3]}")
    results = []
    for path in args.paths or notebooks():
        results.append(time_notebook(path))
        r = results[-1]
        print(
            f"{r['notebook']}: {r['seconds']} s" + (f"  FAILED: {r['failures']}" if r["failures"] else ""), flush=True
        )
    print(
        f"total: {sum(r['seconds'] for r in results):.1f} s; load average at end: "
        f"{Path('/proc/loadavg').read_text().split()[:3]}"
    )
    slowest = sorted(((s, r["notebook"], n, line) for r in results for n, s, line in r["cells"]), reverse=True)
    print(f"\nslowest {args.top} cells:")
    for seconds, notebook, number, line in slowest[: args.top]:
        print(f"  {seconds:6.1f} s  {notebook} cell {number}: {line}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
