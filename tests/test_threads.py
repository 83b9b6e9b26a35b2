"""Parallel test processes share the cores (tests/threads.py), and a setting already made wins."""

from __future__ import annotations

import os

import pytest

from tests.threads import THREADS_SETTING, default_workers, limit_threads, threads_per_worker


@pytest.mark.parametrize(("cores", "workers", "threads"), [(2, 2, 1), (16, 2, 8), (2, 1, 2), (1, 4, 1), (3, 2, 1)])
def test_the_cores_are_shared_out_among_workers(cores, workers, threads):
    assert threads_per_worker(cores, workers) == threads


def test_an_xdist_worker_gets_its_share(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    environ = {"PYTEST_XDIST_WORKER_COUNT": "2"}
    assert limit_threads(environ) == "1"
    assert environ[THREADS_SETTING] == "1"


def test_one_process_and_an_explicit_setting_are_left_alone(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    alone: dict[str, str] = {}
    assert limit_threads(alone) is None and THREADS_SETTING not in alone
    chosen = {"PYTEST_XDIST_WORKER_COUNT": "2", THREADS_SETTING: "2"}
    assert limit_threads(chosen) is None and chosen[THREADS_SETTING] == "2"


@pytest.mark.parametrize(
    ("cores", "memory_gb", "workers"),
    [(2, 24, 2), (1, 8, 2), (4, 32, 4), (64, 256, 4), (16, 16, 3), (8, 12, 2)],
)
def test_make_test_runs_one_worker_per_core_within_memory(cores, memory_gb, workers):
    """2 to 4 workers (the four modes runs), never more than the memory holds (~5 GB each)."""
    assert default_workers(cores, memory_gb) == workers
