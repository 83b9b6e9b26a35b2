"""Compute threads per test process, so that parallel test processes do not fight over the cores.

Torch runs each process's matrix work on an OpenMP thread pool as wide as the machine. Two pytest workers
on 2 cores, each with a notebook kernel that trains, are four threads spin-waiting on two cores: notebook
05's TRL training took 202 s instead of 10, run twice at once (benchmarks/README.md, issue 21). One
thread per process when the processes already fill the cores: 20 s each, both at once.
"""

from __future__ import annotations

import os

THREADS_SETTING = "OMP_NUM_THREADS"  # read by torch (and every OpenMP library) when it loads


def threads_per_worker(cores: int, workers: int) -> int:
    """The cores shared out among the test processes, at least one thread each."""
    return max(1, cores // max(1, workers))


def limit_threads(environ: dict[str, str] | os._Environ = os.environ) -> str | None:
    """Under pytest-xdist, set OMP_NUM_THREADS for this worker and what it starts (kernels, servers).

    A value already set wins. Returns the value set, or None when nothing changed."""
    workers = environ.get("PYTEST_XDIST_WORKER_COUNT")
    if not workers or THREADS_SETTING in environ:
        return None
    environ[THREADS_SETTING] = str(threads_per_worker(os.cpu_count() or 1, int(workers)))
    return environ[THREADS_SETTING]
