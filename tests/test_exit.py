"""`import helpers` freezes what is imported by then (helpers/__init__.py) so a kernel stops sooner, and a
learner's objects are still finalized at exit: nothing they wrote is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_file_in_a_reference_cycle_is_flushed_at_exit(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    run(
        "import helpers\n"
        "class Note: pass\n"
        "note = Note(); note.me = note\n"  # only the garbage collector frees a cycle, at exit
        f"note.file = open({str(target)!r}, 'w'); note.file.write('kept')\n"
    )
    assert target.read_text() == "kept"


def test_what_helpers_imports_is_out_of_the_collectors_sight() -> None:
    frozen = int(run("import gc, helpers; print(gc.get_freeze_count())"))
    assert frozen > 10_000  # the modules, functions and classes of helpers, numpy, openai, pandas, ...
