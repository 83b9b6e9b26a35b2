"""Time every `##` section of the notebooks: execute each notebook once with nbclient, offline.

Usage (from the repository root; offline, no key):
    env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u COURSE_MODE HF_HUB_OFFLINE=1 \
        .venv/bin/python tools/time_sections.py [notebooks/NN_name.ipynb ...] > reports/sections.md

Nothing is written back to the notebooks. A cell's time is nbclient's recorded
`execute_input` -> `execute_reply`; a section is a `##` heading and the cells under it.
With `--saved`, nothing is executed: the timings nbclient recorded when the committed notebooks
were last executed (`nbconvert --execute --inplace`) are read instead.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _seconds(cell: nbformat.NotebookNode) -> float:
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda stamp: datetime.fromisoformat(stamp.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def section_times(path: Path, execute: bool = True) -> list[tuple[str, int, float]]:
    """(section heading, code cells, seconds) in order, from a fresh execution or the saved timings."""
    nb = nbformat.read(path, as_version=4)
    if execute:
        NotebookClient(
            nb, timeout=900, record_timing=True, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    sections: list[list] = [["(top: title and setup)", 0, 0.0]]
    for cell in nb.cells:
        headings = [line for line in cell.source.splitlines() if line.startswith("## ")]
        if cell.cell_type == "markdown" and headings:
            sections.append([headings[-1][3:].strip(), 0, 0.0])
        elif cell.cell_type == "code":
            sections[-1][1] += 1
            sections[-1][2] += _seconds(cell)
    return [tuple(s) for s in sections if s[1]]


def main(args: list[str]) -> int:
    execute = "--saved" not in args
    paths = [a for a in args if a != "--saved"]
    notebooks = [Path(p) for p in paths] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    print("| notebook | section | code cells | seconds |\n|---|---|---|---|")
    for path in notebooks:
        wall = time.perf_counter()
        rows = section_times(path, execute)
        for heading, cells, seconds in rows:
            print(f"| {path.stem} | {heading} | {cells} | {seconds:.1f} |", flush=True)
        total = time.perf_counter() - wall if execute else sum(r[2] for r in rows)
        what = "wall, incl. kernel start" if execute else "sum of the cells"
        print(f"| {path.stem} | **whole notebook ({what})** | {sum(r[1] for r in rows)} | {total:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
