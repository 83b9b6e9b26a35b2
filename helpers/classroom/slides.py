"""Slides from the notebooks with nbconvert's reveal.js exporter.

The notebooks carry no slide metadata; it is set on an in-memory copy: every `#`/`##` heading starts a
slide, every `###` heading a sub-slide, everything else follows on the current slide (it scrolls).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

from ..settings import NOTEBOOKS_DIR

REVEAL_CDN = "https://unpkg.com/reveal.js@4.0.2"  # nbconvert's default; pass a local copy for offline rooms


def slide_type(cell: nbformat.NotebookNode) -> str:
    """reveal.js slide type for one cell, from its first line."""
    first = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "markdown" else ""
    if first.startswith(("# ", "## ")):
        return "slide"
    if first.startswith("### "):
        return "subslide"
    return "-"


def to_slides(notebook: Path, out_dir: Path, reveal_prefix: str = REVEAL_CDN) -> Path:
    """Write `<out_dir>/<name>.slides.html` for one notebook (the notebook file is not changed)."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell)}
    exporter = SlidesExporter(reveal_scroll=True, reveal_url_prefix=reveal_prefix)
    html, _ = exporter.from_notebook_node(nb)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{notebook.stem}.slides.html"
    target.write_text(html, encoding="utf-8")
    return target


def build_slides(out_dir: Path, notebooks: list[Path] | None = None, reveal_prefix: str = REVEAL_CDN) -> list[Path]:
    """Slides for the given notebooks (default: all of them, in order)."""
    chosen = notebooks or sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    return [to_slides(Path(nb), Path(out_dir), reveal_prefix) for nb in chosen]
