"""nbval markers are written so that nbval recognises them (alone on their line)."""

import re

import nbformat
import pytest

from helpers.settings import NOTEBOOKS_DIR

MARKER = re.compile(r"^#\s*NBVAL_\w+.*$", re.M)
KNOWN = {"# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP", "# NBVAL_CHECK_OUTPUT", "# NBVAL_RAISES_EXCEPTION"}


@pytest.mark.parametrize("path", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_markers_are_exact(path):
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            for marker in MARKER.findall(cell.source):
                assert marker.strip() in KNOWN, f"cell {number}: {marker!r} is not a marker nbval knows"
