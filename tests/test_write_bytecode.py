"""tools/write_bytecode.py finds the import statements whose modules get bytecode (see the Makefile)."""

from __future__ import annotations

from tools.write_bytecode import course_imports, import_lines


def test_import_lines_reads_cells_with_ipython_syntax_and_skips_relative_imports():
    cell = "!pip install x\n%matplotlib inline\nimport os, json\nfrom pathlib import Path as P\nfrom . import here\n"
    assert import_lines(cell) == ["import os, json", "from pathlib import Path as P"]
    assert import_lines("def f(:\n    import os") == []  # not Python: nothing, no error
    assert import_lines("def f():\n    import torch") == ["import torch"]  # imports inside functions count too


def test_the_course_imports_include_the_notebooks_and_the_server():
    lines = course_imports()
    assert "from trl import SFTConfig, SFTTrainer" in lines  # notebook 05
    assert "from fastapi import FastAPI" in lines  # helpers/server/app.py
    assert len(lines) == len(set(lines))
