"""Run every notebook headless, in order, and report pass/fail, seconds and every failing cell.

`course run-all` runs the course as a learner without a key would (reports/run-all.md).
`course run-all --mode M` runs it the other ways learners meet the course and writes reports/modes.md:

- `local`: no key, the local course server (what nbval checks strictly);
- `openai-spec`: a (fake) key and OPENAI_BASE_URL at Prism serving OpenAI's official API description;
- `compatible`: OPENAI_BASE_URL at stock `transformers serve` (a classroom server nobody here wrote);
- `llamacpp`: OPENAI_BASE_URL at a stand-in with llama.cpp's server's features (no Responses, no json_schema);
- `colab`: simulated Colab (its Python and packages), each notebook alone, its real setup cell installing.
Every mode but local runs from a checkout: its harness is tests/modes/matrix.py (`run_matrix` starts it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..settings import CONNECTION_SETTINGS, NOTEBOOKS_DIR, PROJECT_ROOT

MODES = ("local", "openai-spec", "compatible", "llamacpp", "colab")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Result:
    """One notebook run: did every cell pass, how long it took, and each failing cell."""

    notebook: str
    mode: str
    ok: bool
    seconds: float
    failures: list[str] = field(default_factory=list)
    slowest: str = ""  # the cell that took longest, to find what makes a run slow
    setup: str = ""  # the first line the first code cell printed (on Colab: what the install did)


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def failing_cells(notebook) -> list[str]:
    """'cell N (first line): Error: message' for every code cell that raised, without colour codes."""
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = next((l for l in cell.source.splitlines() if l and not l.startswith("#")), "")
                message = ANSI.sub("", f"{output.ename}: {output.evalue}").strip().splitlines()
                text = f"cell {number} (`{first.strip()[:60]}`): {message[0] if message else output.ename}"
                found.append(text.replace("|", "\\|"))  # the reports are Markdown tables
    return found


def slowest_cell(notebook) -> str:
    """'cell N (S s)' for the code cell that ran longest (from nbclient's timing metadata)."""
    from datetime import datetime

    times = {}
    for number, cell in enumerate(notebook.cells, start=1):
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start, end = (
                datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                for k in ("iopub.execute_input", "shell.execute_reply")
            )
            times[number] = (end - start).total_seconds()
    if not times:
        return ""
    number = max(times, key=times.get)
    return f"cell {number} ({times[number]:.0f} s)"


def run_notebook(
    path: Path,
    mode: str = "local",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    kernel: str = "python3",
    timeout: int = 900,
) -> Result:
    """Execute one notebook in a fresh kernel (outputs are not written back), carrying on past errors."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=True,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    start = time.perf_counter()
    try:
        client.execute(**({"env": env} if env is not None else {}))
        failures = failing_cells(notebook)
    except Exception as error:  # a dead kernel or a timeout: report it with the cells that failed before
        lines = ANSI.sub("", str(error)).strip().splitlines() or [""]
        failures = failing_cells(notebook) + [f"stopped: {type(error).__name__}: {lines[-1]}"]
    return Result(
        path.name,
        mode,
        not failures,
        round(time.perf_counter() - start, 1),
        failures,
        slowest_cell(notebook),
        first_printed(notebook),
    )


def first_printed(notebook) -> str:
    """The first line the first code cell printed (the setup cell's report on Colab), or ''."""
    cell = next((c for c in notebook.cells if c.cell_type == "code"), None)
    text = "".join(o.get("text", "") for o in (cell or {}).get("outputs", []) if o.get("name") == "stdout")
    lines = [l for l in ANSI.sub("", text).splitlines() if l.strip()]
    return lines[0].replace("|", "\\|") if lines else ""


def kernel_env(**settings: str) -> dict[str, str]:
    """This process's environment without the course's settings, offline, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if k not in CONNECTION_SETTINGS}
    return {**env, "HF_HUB_OFFLINE": "1", **settings}


def _cell(result: dict | None) -> str:
    if result is None:
        return "not run"
    if result["ok"]:
        return f"pass ({result['seconds']:.0f} s)"
    return f"FAIL: {len(result['failures'])} cells ({result['seconds']:.0f} s)"


def modes_markdown(saved: dict) -> str:
    """The notebook x mode table, then every failing cell and each mode's notes."""
    modes = [m for m in MODES if m in saved]
    names = sorted({r["notebook"] for m in modes for r in saved[m]["results"]})
    lines = ["# Modes report", "", "| notebook | " + " | ".join(modes) + " |", "|---|" + "---|" * len(modes)]
    for name in names:
        row = [_cell(next((r for r in saved[m]["results"] if r["notebook"] == name), None)) for m in modes]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    for mode in modes:
        run = saved[mode]
        lines += ["", f"## {mode} (wall time {run['seconds']:.0f} s)", ""]
        lines += [f"- {key}: {value}" for key, value in run["notes"].items() if key != "validation_details"]
        lines += [f"  - {detail}" for detail in run["notes"].get("validation_details", [])]
        slowest = [f"{r['notebook']} {r['slowest']}" for r in run["results"] if r.get("slowest")]
        lines += [f"- slowest cells: {', '.join(slowest)}"] if slowest else []
        failures = [(r["notebook"], f) for r in run["results"] for f in r["failures"]]
        lines += [f"- {name} {failure}" for name, failure in failures] or ["- every cell passed"]
    return "\n".join(lines) + "\n"


def record(
    mode: str, results: list[Result], notes: dict, seconds: float, report: Path = PROJECT_ROOT / "reports" / "modes.md"
) -> Path:
    """Merge one mode's run into reports/modes.json and rewrite reports/modes.md from it.

    Modes may run at once (pytest -n 2): the read-merge-write holds a lock on reports/modes.lock.
    """
    import fcntl

    store = report.with_suffix(".json")
    report.parent.mkdir(parents=True, exist_ok=True)
    with open(report.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        saved = json.loads(store.read_text()) if store.is_file() else {}
        saved[mode] = {"results": [asdict(r) for r in results], "notes": notes, "seconds": round(seconds, 1)}
        store.write_text(json.dumps(saved, indent=1))
        report.write_text(modes_markdown(saved))
    return report


def run_matrix(modes: list[str], report: str = "reports/modes.md") -> int:
    """Run the modes matrix (its harness and servers live in the checkout's tests/modes/, not in this package)."""
    harness = PROJECT_ROOT / "tests" / "modes" / "matrix.py"
    if not harness.is_file():
        print(
            "The modes matrix needs a checkout of the course repository (tests/modes/): clone it and run "
            "`make setup-dev`, then `course run-all --mode ...` there.",
            file=sys.stderr,
        )
        return 2
    command = [sys.executable, "-m", "tests.modes.matrix", "--report", report, *modes]
    return subprocess.run(command, cwd=PROJECT_ROOT).returncode


def run_all(report: str = "reports/run-all.md") -> int:
    """Run notebooks/NN_*.ipynb in order with this shell's settings; print and save a Markdown table."""
    rows, failed = [], 0
    for path in notebooks():
        result = run_notebook(path, "local")  # this shell's settings: a key, OPENAI_BASE_URL, ...
        failed += not result.ok
        rows.append(
            f"| {path.name} | {'pass' if result.ok else 'FAIL'} | {result.seconds:.1f} | "
            + "<br>".join(result.failures)
            + " |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(["| notebook | result | seconds | failing cells |", "|---|---|---|---|", *rows])
    out = PROJECT_ROOT / report
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# Run-all report\n\n{table}\n")
    print(f"Report written to {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run_matrix(sys.argv[1:] or list(MODES)))
