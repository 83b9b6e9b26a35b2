"""pytest settings for both tests/ and notebooks/ (nbval): loaded before either is collected."""

import os

import pytest

from tests.scheduling import MARK, notebooks_longest_first, start_long_tests_first, tell_workers_the_dist_mode
from tests.threads import limit_threads


def pytest_configure(config) -> None:
    limit_threads()  # parallel workers (make test: -n 2) get one compute thread per core between them
    os.environ.setdefault("COURSE_SHARED_SERVER", "0")  # each notebook and test its own server: no shared state
    config.addinivalue_line(
        "markers", f"{MARK}(n): the test takes about n seconds; it starts first (tests/scheduling.py)"
    )


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    tell_workers_the_dist_mode(node)


def pytest_collection_modifyitems(config, items) -> None:
    start_long_tests_first(config, items)  # the long tests start first, spread over the workers
    notebooks_longest_first(config, items)  # nbval: the longest notebooks first, the workers ending together
