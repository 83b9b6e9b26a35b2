"""Write the Colab badge and the setup block into every notebook (run after changing settings.REPO_URL).

The badge is the first line of the first markdown cell; the setup block opens the first code cell.
Usage: python tools/sync_notebooks.py [--check]
"""

from __future__ import annotations

import re
import sys

import nbformat

from helpers.colab import SETUP_BLOCK, badge_markdown
from helpers.settings import NOTEBOOKS_DIR

BADGE_RE = re.compile(r"^\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)\n?")


def sync(path, check: bool) -> bool:
    """Return True when the notebook was already in sync."""
    notebook = nbformat.read(path, as_version=4)
    markdown = next(c for c in notebook.cells if c.cell_type == "markdown")
    code = next(c for c in notebook.cells if c.cell_type == "code")
    badge = badge_markdown(path.name)
    new_md = badge + "\n" + BADGE_RE.sub("", markdown.source).lstrip("\n")
    rest = code.source[len(SETUP_BLOCK) :] if code.source.startswith(SETUP_BLOCK) else code.source
    if rest.startswith("# Setup: on Google Colab"):
        rest = rest.split("\n\n", 1)[1] if "\n\n" in rest else ""
    new_code = SETUP_BLOCK + ("\n" + rest.lstrip("\n") if rest.strip() else "")
    in_sync = markdown.source == new_md and code.source == new_code
    if not in_sync and not check:
        markdown.source, code.source = new_md, new_code
        nbformat.write(notebook, path)
    return in_sync


def main() -> int:
    check = "--check" in sys.argv
    stale = [p.name for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb")) if not sync(p, check)]
    for name in stale:
        print(("out of sync: " if check else "updated: ") + name)
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
