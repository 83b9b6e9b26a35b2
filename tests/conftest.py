"""Shared fixtures. Server fixtures: one local course server for the whole session, started through the
same code path the notebooks use (helpers.get_client() with COURSE_MODE=local), stopped at the end."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def course_server():
    """The running local server's handle (base_url, port, token, process).

    COURSE_MODE=local is set only while the server starts: the notebooks that nbval runs later in the
    same session start kernels with this process's environment and must see a learner's environment."""
    saved = {k: os.environ.get(k) for k in ("COURSE_MODE", "HF_HUB_OFFLINE", "OPENAI_BASE_URL")}
    import helpers
    from helpers.server import start_server

    try:
        os.environ.update(COURSE_MODE="local", HF_HUB_OFFLINE="1")
        os.environ.pop("OPENAI_BASE_URL", None)
        helpers.get_client()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield start_server()  # the same server, once it has proved who it is (get_client() does not wait)
    helpers.stop_server()


@pytest.fixture()
def local_mode(course_server, monkeypatch):
    """For one test: the mode is `local`, so helpers.get_client() returns the session's server."""
    monkeypatch.setenv("COURSE_MODE", "local")
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    return course_server


@pytest.fixture(scope="session")
def client(course_server):
    from openai import OpenAI

    return OpenAI(base_url=course_server.base_url, api_key=course_server.token, max_retries=0)


@pytest.fixture()
def async_client(course_server):
    from openai import AsyncOpenAI

    return AsyncOpenAI(base_url=course_server.base_url, api_key=course_server.token, max_retries=0)


@pytest.fixture(scope="session")
def chat_model(course_server) -> str:
    from helpers.settings import LOCAL_CHAT_MODEL

    return LOCAL_CHAT_MODEL


@pytest.fixture(scope="session")
def embedding_model(course_server) -> str:
    from helpers.settings import LOCAL_EMBEDDING_MODEL

    return LOCAL_EMBEDDING_MODEL


@pytest.fixture()
def repeatable_hidden_cases(monkeypatch):
    """Exercise checkers draw hidden cases from os.urandom: fresh for every call, the same on every test run."""
    seeds = iter(range(10_000))
    monkeypatch.setattr(os, "urandom", lambda n: next(seeds).to_bytes(n, "little"))
