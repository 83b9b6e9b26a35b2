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


def answers(engine, prompts: list[list[int]], **settings) -> list[str]:
    """Submit every prompt (token ids) to an engine at once, so they share a batch; each streamed answer."""
    import threading

    from helpers.server.engine import Delta, Done, Generation

    texts, done = [[] for _ in prompts], [threading.Event() for _ in prompts]

    def emit(i):
        def on(event):
            if isinstance(event, Delta):
                texts[i].append(event.text)
            else:
                assert isinstance(event, Done), event
                done[i].set()

        return on

    for i, ids in enumerate(prompts):
        engine.submit(Generation(prompt_ids=ids, emit=emit(i), **settings))
    for event in done:
        assert event.wait(300), "the engine did not finish"
    return ["".join(t) for t in texts]
