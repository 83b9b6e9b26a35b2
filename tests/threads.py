"""Compute threads per test process, so that parallel test processes do not fight over the cores.

Torch runs each process's matrix work on an OpenMP thread pool as wide as the machine. Two pytest workers
on 2 cores, each with a notebook kernel that trains, are four threads spin-waiting on two cores: notebook
05's TRL training took 202 s instead of 10, run twice at once (benchmarks/README.md, issue 21). One
thread per process when the processes already fill the cores: 20 s each, both at once.
"""

from __future__ import annotations

import os
from pathlib import Path

THREADS_SETTING = "OMP_NUM_THREADS"  # read by torch (and every OpenMP library) when it loads


def threads_per_worker(cores: int, workers: int) -> int:
    """The cores shared out among the test processes, at least one thread each."""
    return max(1, cores // max(1, workers))


def available_cores() -> int:
    """The cores this process may use: its CPU affinity, and a container's CPU quota (cgroup v2) if lower."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        return max(1, min(cores, int(quota) // int(period))) if quota != "max" else cores
    except (OSError, ValueError):
        return cores


def limit_threads(environ: dict[str, str] | os._Environ = os.environ) -> str | None:
    """Under pytest-xdist, set OMP_NUM_THREADS for this worker and what it starts (kernels, servers).

    A value already set wins. Returns the value set, or None when nothing changed."""
    workers = environ.get("PYTEST_XDIST_WORKER_COUNT")
    if not workers or THREADS_SETTING in environ:
        return None
    environ[THREADS_SETTING] = str(threads_per_worker(available_cores(), int(workers)))
    return environ[THREADS_SETTING]


GB_PER_WORKER = 5  # a worker's notebook kernel, its course server and a mode's own server, with room to spare
MOST_WORKERS = 4  # the four modes-matrix runs are most of the work: a fifth worker would wait for them


def default_workers(cores: int | None = None, memory_gb: float | None = None) -> int:
    """`make test`'s worker count: one per core, at least 2 and at most 4, fewer where memory would run out."""
    cores = cores or available_cores()
    if memory_gb is None:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return max(2, min(cores, MOST_WORKERS, int(memory_gb // GB_PER_WORKER)))


if __name__ == "__main__":  # the Makefile: `WORKERS ?= $(shell python3 tests/threads.py)`
    print(default_workers())
