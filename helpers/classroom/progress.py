"""Local progress: which exercises a learner's `check()` has passed, kept in one JSON file, no server.

`check()` calls `record_pass` when an answer is right. `course progress` reads the file (or files a
teacher collected from students) and reports, per notebook, which exercises have passed.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from ..settings import CACHE_DIR, ENV_PROGRESS, NOTEBOOKS_DIR


def progress_file() -> Path:
    """The learner's progress file."""
    return Path(os.environ.get(ENV_PROGRESS) or CACHE_DIR / "progress.json")


def load(path: Path | None = None) -> dict[str, str]:
    """Exercise id -> when it first passed (ISO time, UTC). Empty when there is no readable record."""
    path = path or progress_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    passed = data.get("passed", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in passed.items()} if isinstance(passed, dict) else {}


def record_pass(exercise_id: str, path: Path | None = None) -> None:
    """Remember that `exercise_id` passed (keeps the first time). Never raises: progress is a bonus."""
    path = path or progress_file()
    try:
        passed = load(path)
        if exercise_id in passed:
            return
        passed[exercise_id] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"passed": dict(sorted(passed.items()))}, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def _notebook_names() -> dict[str, str]:
    """Notebook number ("03") -> its file stem ("03_openai_api")."""
    return {p.stem[:2]: p.stem for p in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))}


def summary(passed: dict[str, str], exercise_ids: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """Per notebook, in order: (notebook, exercises passed, exercises still to do)."""
    names = _notebook_names()
    rows = []
    for number in sorted({eid.split(".")[0] for eid in exercise_ids}):
        ids = sorted((eid for eid in exercise_ids if eid.split(".")[0] == number), key=_order)
        done = [eid for eid in ids if eid in passed]
        rows.append((names.get(number, number), done, [eid for eid in ids if eid not in passed]))
    return rows


def _order(exercise_id: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in exercise_id.split("."))


def report(exercise_ids: list[str], paths: list[Path] | None = None) -> str:
    """A plain-text report: one block per progress file (the learner's own when `paths` is empty)."""
    blocks = []
    for path in paths or [progress_file()]:
        rows = summary(load(path), exercise_ids)
        total = sum(len(done) + len(todo) for _, done, todo in rows)
        passed = sum(len(done) for _, done, _ in rows)
        lines = [f"Progress in {path.name if paths else path}: {passed}/{total} exercises passed"]
        for notebook, done, todo in rows:
            mark = "✅" if not todo else "  "
            lines.append(
                f" {mark} {notebook:<28} {len(done)}/{len(done) + len(todo)}"
                f"  passed: {', '.join(done) or '-'}" + (f"  to do: {', '.join(todo)}" if todo else "")
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
