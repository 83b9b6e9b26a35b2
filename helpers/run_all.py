"""Run every notebook headless, in order, and write a pass/fail report with seconds per notebook."""
from __future__ import annotations

import time
from pathlib import Path

from .settings import NOTEBOOKS_DIR, PROJECT_ROOT


def run_notebook(path: Path, timeout: int = 900) -> tuple[bool, float, str]:
    """Execute one notebook in a fresh kernel (outputs are not written back). Returns (ok, seconds, error)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
        return True, time.perf_counter() - start, ""
    except CellExecutionError as error:
        last_line = str(error).strip().splitlines()[-1] if str(error).strip() else "cell failed"
        return False, time.perf_counter() - start, last_line


def run_all(report: str = "reports/run-all.md") -> int:
    """Run notebooks/NN_*.ipynb in order; print and save a Markdown table. Exit code 1 if any fails."""
    rows, failed = [], 0
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        ok, seconds, error = run_notebook(path)
        failed += not ok
        rows.append(f"| {path.name} | {'pass' if ok else 'FAIL'} | {seconds:.1f} | {error} |")
        print(rows[-1], flush=True)
    table = "\n".join(["| notebook | result | seconds | error |", "|---|---|---|---|", *rows])
    out = PROJECT_ROOT / report
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# Run-all report\n\n{table}\n")
    print(f"Report written to {out}")
    return 1 if failed else 0
