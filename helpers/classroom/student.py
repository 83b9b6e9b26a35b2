"""Student edition: a copy of the course whose exercise solutions are removed.

The course's "Your turn" cells already ship blank; the solutions live in `helpers/exercises/nb*.py`
(printed by `show_solution`). The student edition copies the course without tests and maintainer
tools, and replaces every `solution=` text with a notice, so no solution is on the students' machines.
Release solutions later by copying the full `helpers/exercises/nbNN_*.py` into the student copy.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

from ..settings import PROJECT_ROOT

WITHHELD = (
    "Solutions are not part of this student edition: your teacher releases them later. Read the hint above, or ask."
)
LEFT_OUT = ("tests/", "benchmarks/", "tools/", ".ci/")  # tests hold right answers; tools are for maintainers


def tracked_files(root: Path) -> list[str]:
    """Files under version control (falls back to every file when `root` is not a git checkout)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
        return [name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "__pycache__", ".ipynb_checkpoints"}
        return [
            str(p.relative_to(root))
            for p in root.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(root).parts)
        ]


def _solution_spans(source: bytes) -> list[tuple[int, int]]:
    """Byte spans of the solution argument in every `@exercise(...)` call."""
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    spans = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "exercise"):
            continue
        values = [kw.value for kw in node.keywords if kw.arg == "solution"] + node.args[1:2]
        for value in values:  # ast columns are UTF-8 byte offsets
            spans.append(
                (
                    line_starts[value.lineno - 1] + value.col_offset,
                    line_starts[value.end_lineno - 1] + value.end_col_offset,
                )
            )
    return spans


def strip_solutions(source: str) -> str:
    """The exercise module's source with every solution replaced by the WITHHELD notice."""
    data = source.encode()
    for start, end in sorted(_solution_spans(data), reverse=True):
        data = data[:start] + repr(WITHHELD).encode() + data[end:]
    return data.decode()


def build_student_edition(out: Path, root: Path = PROJECT_ROOT) -> list[str]:
    """Write the student edition to `out` (must not exist yet). Returns the exercise modules stripped."""
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} already exists: choose a new folder.")
    stripped = []
    for name in tracked_files(root):
        if name.startswith(LEFT_OUT) or not (root / name).is_file():
            continue
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.startswith("helpers/exercises/nb") and name.endswith(".py"):
            target.write_text(strip_solutions((root / name).read_text(encoding="utf-8")), encoding="utf-8")
            stripped.append(name)
        else:
            shutil.copy2(root / name, target)
    return stripped
