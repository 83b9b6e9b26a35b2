"""The long tests start first, one per worker (tests/scheduling.py), in a real `pytest -n 2 --dist worksteal`."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers.settings import PROJECT_ROOT
from tests.scheduling import long_first, slice_sizes

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
