"""Start the longest tests first, one per worker, so that `pytest -n 2 --dist worksteal` ends sooner.

pytest-xdist's worksteal gives each worker a contiguous slice of the collected tests and lets an idle
worker steal from the *end* of a busy one's slice. The four modes-matrix tests take 2-7 minutes each and are
collected side by side, so they used to land in one worker's slice and start late. Tests marked
`@pytest.mark.expected_seconds(N)` are shared out among the slices, longest first, each to the slice with the
least expected time (the LPT rule), and put at the front of their slice; the other tests keep their order.
Only the order changes, never what runs: tests must not depend on their order (tests/README.md).

The notebooks (nbval, `--dist loadfile --no-loadscope-reorder`) go out whole, in collection order: one to each
worker, then the next to whichever worker is down to its last two cells. xdist's own order (most cells first)
kept two long notebooks on one worker; `notebooks_longest_first` starts the longest first (NOTEBOOK_SECONDS).
"""

from __future__ import annotations

import os
from typing import TypeVar

Item = TypeVar("Item")
MARK = "expected_seconds"
DIST_KEY = "course_dist"  # in each worker's workerinput

# Seconds each notebook's cells took in `make test`'s nbval pass (2 workers, one thread each), 2026-12-07.
# Only the order depends on them; a notebook missing here counts as the median.
NOTEBOOK_SECONDS = {
    "00_start_here.ipynb": 1,
    "01_generative_ai_concepts.ipynb": 16,
    "02_api_key_setup.ipynb": 8,
    "03_openai_api.ipynb": 18,
    "04_hugging_face.ipynb": 19,
    "05_fine_tuning.ipynb": 84,
    "06_build_with_the_api.ipynb": 49,
    "07_capstone_assistant.ipynb": 50,
}


def tell_workers_the_dist_mode(node) -> None:
    """Controller side (xdist's pytest_configure_node): workers see `--dist no`, so pass on the real mode."""
    node.workerinput[DIST_KEY] = node.config.getoption("dist")


def start_long_tests_first(config, items: list) -> None:
    """Worker side (pytest_collection_modifyitems): under `--dist worksteal`, reorder `items` in place."""
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if not workers or getattr(config, "workerinput", {}).get(DIST_KEY) != "worksteal":
        return
    seconds = {i: mark.args[0] for i, item in enumerate(items) if (mark := item.get_closest_marker(MARK))}
    items[:] = long_first(items, seconds, int(workers))


def slice_sizes(count: int, workers: int) -> list[int]:
    """How worksteal's first distribution cuts `count` tests among `workers` (xdist/scheduler/worksteal.py)."""
    sizes, remaining = [], count
    for index in range(workers):
        sizes.append(remaining // (workers - index))
        remaining -= sizes[-1]
    return sizes


def long_first(items: list[Item], seconds: dict[int, float], workers: int) -> list[Item]:
    """`items` reordered: the long ones (index -> expected seconds) at the front of the slices, spread out."""
    sizes = slice_sizes(len(items), workers)
    fronts: list[list[Item]] = [[] for _ in sizes]
    loads = [0.0] * len(sizes)
    for index in sorted(seconds, key=lambda i: -seconds[i]):
        target = min(range(len(sizes)), key=lambda s: (len(fronts[s]) >= sizes[s], loads[s]))
        fronts[target].append(items[index])
        loads[target] += seconds[index]
    rest = iter(item for index, item in enumerate(items) if index not in seconds)
    ordered = []
    for front, size in zip(fronts, sizes):
        ordered += front + [next(rest) for _ in range(size - len(front))]
    return ordered


def notebooks_longest_first(config, items: list) -> None:
    """Worker side (pytest_collection_modifyitems): under `--dist loadfile`, whole notebooks reordered in place,
    the longest first (NOTEBOOK_SECONDS); each notebook's cells keep their order."""
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if not workers or getattr(config, "workerinput", {}).get(DIST_KEY) != "loadfile":
        return
    names = list(dict.fromkeys(item.path.name for item in items))
    known = sorted(NOTEBOOK_SECONDS[n] for n in names if n in NOTEBOOK_SECONDS) or [1.0]
    seconds = {name: NOTEBOOK_SECONDS.get(name, known[len(known) // 2]) for name in names}
    items.sort(key=lambda item: -seconds[item.path.name])  # stable: a notebook's cells keep their order
