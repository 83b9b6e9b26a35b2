"""The long tests start first, one per worker (tests/scheduling.py), in a real `pytest -n 2 --dist worksteal`."""

from __future__ import annotations

import os
import subprocess
import sys

from pathlib import Path
from types import SimpleNamespace

import pytest
from xdist.scheduler import LoadFileScheduling

from helpers.settings import PROJECT_ROOT
from tests.scheduling import DIST_KEY, NOTEBOOK_SECONDS, long_first, notebooks_longest_first, slice_sizes

SAMPLE = """
import os, pytest

def record(name):
    with open(os.environ["ORDER_LOG"], "a") as log:
        log.write(f"{os.environ['PYTEST_XDIST_WORKER']} {name}\\n")

@pytest.mark.parametrize("n", range(4))
def test_short_before(n): record(f"short{n}")

@pytest.mark.expected_seconds(100)
def test_long_a(): record("long_a")

@pytest.mark.expected_seconds(90)
def test_long_b(): record("long_b")

@pytest.mark.parametrize("n", range(4))
def test_short_after(n): record(f"short{n + 4}")
"""


def test_two_long_tests_collected_side_by_side_start_first_on_different_workers(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "from tests.scheduling import MARK, start_long_tests_first, tell_workers_the_dist_mode\n"
        "def pytest_configure(config):\n"
        "    config.addinivalue_line('markers', MARK)\n"
        "def pytest_configure_node(node):\n"
        "    tell_workers_the_dist_mode(node)\n"
        "def pytest_collection_modifyitems(config, items):\n"
        "    start_long_tests_first(config, items)\n"
    )
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    log = tmp_path / "order.log"
    env = {**os.environ, "ORDER_LOG": str(log), "PYTHONPATH": str(PROJECT_ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "xdist",
        "-n",
        "2",
        "--dist",
        "worksteal",
    ]
    done = subprocess.run([*command, "-c", os.devnull, str(tmp_path)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
    runs = [line.split() for line in log.read_text().splitlines()]
    assert sorted(name for _, name in runs) == sorted([f"short{n}" for n in range(8)] + ["long_a", "long_b"])
    first = {}
    for worker, name in runs:
        first.setdefault(worker, name)
    assert sorted(first.values()) == ["long_a", "long_b"]  # each worker began with one of them


def test_slices_are_cut_as_worksteal_cuts_them():
    assert slice_sizes(596, 2) == [298, 298]
    assert slice_sizes(5, 2) == [2, 3]
    assert slice_sizes(10, 3) == [3, 3, 4]


def test_long_first_keeps_every_test_once_and_balances_the_expected_time():
    items = list("abcdefghij")
    seconds = {2: 400, 3: 330, 4: 190, 5: 120}  # c d e f
    ordered = long_first(items, seconds, workers=2)
    assert sorted(ordered) == items
    first, second = ordered[:5], ordered[5:]
    assert first[:2] == ["c", "f"] and second[:2] == ["d", "e"]  # 400 + 120 beside 330 + 190
    assert [i for i in ordered if i not in "cdef"] == list("abghij")  # the others keep their order


def test_without_workers_nothing_moves(monkeypatch):
    from tests.scheduling import start_long_tests_first

    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    items = ["a", "b"]
    start_long_tests_first(config=None, items=items)
    assert items == ["a", "b"]


class FakeNode:
    """A worker as xdist's scheduler sees it: it is sent cell indexes and runs them in order."""

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.shutting_down = False
        self.gateway = SimpleNamespace(id="gw")

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.sent += indexes

    def shutdown(self) -> None:
        self.shutting_down = True


def nbval_finish(order: list[str], seconds: dict[str, float], workers: int = 2, cells: int = 10) -> float:
    """When xdist's own loadfile scheduler (`--no-loadscope-reorder`) ends notebooks collected in this order,
    each of `cells` equal cells: fake workers run what it sends them, whichever finishes a cell first goes first."""
    values = {"tx": [f"{workers}*popen"], "loadscopereorder": False}
    config = SimpleNamespace(getvalue=values.get, option=SimpleNamespace(loadscopereorder=False))
    quiet = SimpleNamespace(loadscopesched=lambda *_: None, loadfilesched=lambda *_: None)
    scheduler = LoadFileScheduling(config, log=quiet)
    collection = [f"{name}::Cell {cell}" for name in order for cell in range(cells)]
    nodes = [FakeNode() for _ in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
        scheduler.add_node_collection(node, collection)
    scheduler.schedule()
    clock, done = [0.0] * workers, [0] * workers
    while any(done[w] < len(node.sent) for w, node in enumerate(nodes)):
        cost = {
            w: seconds[collection[n.sent[done[w]]].split("::")[0]] / cells
            for w, n in enumerate(nodes)
            if done[w] < len(n.sent)
        }
        worker = min(cost, key=lambda w: clock[w] + cost[w])
        clock[worker] += cost[worker]
        scheduler.mark_test_complete(nodes[worker], nodes[worker].sent[done[worker]])
        done[worker] += 1
    assert sorted(i for node in nodes for i in node.sent) == list(range(len(collection)))  # each cell once
    return max(clock)


def longest_first_order(names: list[str], workers: int = 2) -> list[str]:
    """The notebooks' order after notebooks_longest_first, from one item per notebook."""
    items = [SimpleNamespace(path=Path(name)) for name in names]
    config = SimpleNamespace(workerinput={DIST_KEY: "loadfile"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTEST_XDIST_WORKER_COUNT", str(workers))
        notebooks_longest_first(config, items)
    return [item.path.name for item in items]


def test_nbval_notebooks_longest_first_end_near_the_best_possible():
    names = sorted(NOTEBOOK_SECONDS)  # the collection order: by number
    for workers in (2, 3):
        bound = max(max(NOTEBOOK_SECONDS.values()), sum(NOTEBOOK_SECONDS.values()) / workers)
        ours = nbval_finish(longest_first_order(names, workers), NOTEBOOK_SECONDS, workers)
        as_collected = nbval_finish(names, NOTEBOOK_SECONDS, workers)
        assert ours <= 1.05 * bound < as_collected, (workers, ours, bound, as_collected)
    by_cells = sorted(names, key=lambda n: -{"03": 45, "05": 45, "06": 36, "01": 33, "04": 27, "07": 23}.get(n[:2], 10))
    assert nbval_finish(longest_first_order(names), NOTEBOOK_SECONDS) < nbval_finish(by_cells, NOTEBOOK_SECONDS) - 5


def test_longest_first_keeps_each_notebooks_cells_in_order(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    items = [
        SimpleNamespace(path=Path(f"{nb}.ipynb"), cell=c)
        for nb in ("00_start_here", "05_fine_tuning", "new")
        for c in range(3)
    ]
    notebooks_longest_first(SimpleNamespace(workerinput={DIST_KEY: "loadfile"}), items)
    assert [(i.path.stem, i.cell) for i in items] == [("05_fine_tuning", c) for c in range(3)] + [
        ("new", c) for c in range(3)
    ] + [("00_start_here", c) for c in range(3)]  # a new notebook counts as the median
    notebooks_longest_first(SimpleNamespace(workerinput={DIST_KEY: "worksteal"}), items[::-1])  # tests/: untouched
