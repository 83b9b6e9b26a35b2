"""Start the longest tests first, one per worker, so that `pytest -n 2 --dist worksteal` ends sooner.

pytest-xdist's worksteal gives each worker a contiguous slice of the collected tests and lets an idle
worker steal from the *end* of a busy one's slice. The four modes-matrix tests take 2-7 minutes each and are
collected side by side, so they used to land in one worker's slice and start late. Tests marked
`@pytest.mark.expected_seconds(N)` are shared out among the slices, longest first, each to the slice with the
least expected time (the LPT rule), and put at the front of their slice; the other tests keep their order.
Only the order changes, never what runs: tests must not depend on their order (tests/README.md).
"""

from __future__ import annotations

import os
from typing import TypeVar

Item = TypeVar("Item")
MARK = "expected_seconds"
DIST_KEY = "course_dist"  # in each worker's workerinput


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
