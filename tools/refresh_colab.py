"""Refresh the vendored Colab runtime (tests/modes/colab_backend/) from googlecolab/backend-info.

Usage: python tools/refresh_colab.py fetch    download the newest pip-freeze.txt and os-info.txt (GitHub)
       python tools/refresh_colab.py record   write course-packages.txt: Colab's Python and its versions of
                                             the course's direct dependencies (after `make colab-sim` passes)
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKEND = ROOT / "tests" / "modes" / "colab_backend"
REPO = "googlecolab/backend-info"
FILES = ("pip-freeze.txt", "os-info.txt")


def course_packages() -> list[str]:
    """'python X.Y.Z' then 'name==version' (or 'name absent') for each direct dependency, from the freeze."""
    sys.path.insert(0, str(ROOT))
    from tests.modes.colab import canonical, colab_pins, colab_python

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = sorted({canonical(re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0]) for d in project["dependencies"]})
    pins = colab_pins()
    return [f"python {colab_python()}"] + [f"{n}=={pins[n]}" if n in pins else f"{n} absent" for n in names]


def fetch() -> None:
    with urllib.request.urlopen(f"https://api.github.com/repos/{REPO}/commits/main", timeout=30) as reply:
        commit = json.load(reply)
    sha, date = commit["sha"], commit["commit"]["committer"]["date"][:10]
    for name in FILES:
        with urllib.request.urlopen(f"https://raw.githubusercontent.com/{REPO}/{sha}/{name}", timeout=30) as reply:
            (BACKEND / name).write_bytes(reply.read())
    source = BACKEND / "SOURCE.md"
    text = re.sub(
        r"- commit: .*", f'- commit: {sha} ("{commit["commit"]["message"].splitlines()[0]}")', source.read_text()
    )
    source.write_text(re.sub(r"- date: .*", f"- date: {date}", text))
    print(f"{REPO} {sha[:12]} of {date}: now run `make colab-sim`, then `python tools/refresh_colab.py record`")


def record() -> None:
    (BACKEND / "course-packages.txt").write_text("\n".join(course_packages()) + "\n")


if __name__ == "__main__":
    {"fetch": fetch, "record": record}[sys.argv[1] if len(sys.argv) > 1 else "record"]()
