"""The course server's app in this process (no subprocess, no port): fast for fuzzing and engine tests."""

from __future__ import annotations

from functools import lru_cache

TOKEN = "test-token-not-a-secret"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


@lru_cache(maxsize=1)
def app():
    """One app per test session (the chat model loads once; the embedder loads on first use)."""
    from helpers.models import KIT
    from helpers.server.app import create_app

    return create_app(TOKEN, KIT["chat"].path, KIT["embeddings"].path, None)


def client():
    from fastapi.testclient import TestClient

    return TestClient(app(), headers=HEADERS, raise_server_exceptions=False)
