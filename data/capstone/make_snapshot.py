"""Write the capstone's fixed snapshot of the course documents (run from the repository root, rarely).

The markdown cells of lessons 00-06 (their prose, without code or outputs) go to docs/NN_name.md, and
every notebook's title and stated "Time needed" to notebooks.json (the tool's data). The snapshot is
committed, so notebook 07's answers do not change when a lesson's wording does.
Usage: python data/capstone/make_snapshot.py
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE.parent.parent / "notebooks"
BADGE = re.compile(r"^\[!\[Open In Colab\].*\n", re.M)


def main() -> None:
    (HERE / "docs").mkdir(exist_ok=True)
    facts = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        prose = ["".join(c["source"]).strip() for c in cells if c["cell_type"] == "markdown"]
        text = BADGE.sub("", "\n\n".join(prose)).strip() + "\n"
        if not path.name.startswith("07_"):  # the capstone answers about the lessons, not about itself
            (HERE / "docs" / f"{path.stem}.md").write_text(text, encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        minutes = int(re.search(r"Time needed:\*\* (\d+) minutes", text).group(1))
        facts.append({"notebook": path.stem[:2], "title": title, "minutes": minutes})
    (HERE / "notebooks.json").write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
