"""Shared fixtures. Server fixtures: one local course server for the whole session, started through the
same code path the notebooks use (helpers.get_client() with COURSE_MODE=local), stopped at the end."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def course_server():
    """The running local server's handle (base_url, port, token, process)."""
    saved = {k: os.environ.get(k) for k in ("COURSE_MODE", "HF_HUB_OFFLINE", "OPENAI_BASE_URL")}
    os.environ.update(COURSE_MODE="local", HF_HUB_OFFLINE="1")
    os.environ.pop("OPENAI_BASE_URL", None)
    import helpers
    from helpers.server import current_server

    helpers.get_client()
    yield current_server()
    helpers.stop_server()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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
    import helpers

    return helpers.chat_model()


@pytest.fixture(scope="session")
def embedding_model(course_server) -> str:
    import helpers

    return helpers.embedding_model()
