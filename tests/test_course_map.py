"""One map: every notebook is on 00's map, each links the next one, and the teacher's guide times and
cuts include every notebook with times that add up."""

from __future__ import annotations

import json
import re

from helpers.settings import NOTEBOOKS_DIR, PROJECT_ROOT

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
TEACHING = (PROJECT_ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")


def cells(path) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def stated_minutes(path) -> int:
    """The 'Time needed' a notebook states in its first cell."""
    return int(re.search(r"Time needed:\*\* (\d+) minutes", cells(path)[0]).group(1))


def test_every_notebook_is_on_the_map():
    course_map = next(c for c in cells(NOTEBOOKS[0]) if c.startswith("## Map of the course"))
    assert [p.name for p in NOTEBOOKS if f"]({p.name})" not in course_map] == []


def test_each_notebook_ends_with_a_link_to_the_next():
    for path, following in zip(NOTEBOOKS, NOTEBOOKS[1:] + NOTEBOOKS[:1]):
        assert f"]({following.name})" in cells(path)[-1], f"{path.name} does not end with a link to {following.name}"


def test_the_guide_times_every_notebook_and_adds_up():
    line = re.search(r'"Time needed".*?in all', TEACHING, re.S).group(0)
    listed = dict(re.findall(r"\b(\d\d) (\d+)", line))
    assert listed == {p.name[:2]: str(stated_minutes(p)) for p in NOTEBOOKS}
    total = sum(map(int, listed.values()))
    assert f"{total // 60} h {total % 60:02d} in all" in line


def test_every_cut_includes_every_notebook():
    cuts = TEACHING[TEACHING.index("### 2 hours") : TEACHING.index("### What to demo")]
    for cut in re.split(r"\n(?=### )", cuts):
        missing = [p.name[:2] for p in NOTEBOOKS if not re.search(rf"\b{p.name[:2]}\b", cut)]
        assert missing == [], f"{cut.splitlines()[0]} leaves out notebooks {missing}"


def test_the_guide_gives_minutes_and_run_seconds_for_every_notebook():
    table = TEACHING[TEACHING.index("### Minutes to read and do, seconds to run") : TEACHING.index("### 2 hours")]
    rows = dict(re.findall(r"^\| (\d\d) [^|]*\| (\d+) \| [\d.]+ \|", table, re.M))
    assert rows == {p.name[:2]: str(stated_minutes(p)) for p in NOTEBOOKS}
