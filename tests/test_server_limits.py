"""The body limit holds while the body streams in: a 200 MB chunked upload (no Content-Length) is refused
without the server's memory growing by more than a fraction of it, and the server keeps serving."""

from __future__ import annotations

import threading
import time

import httpx
import psutil

CHUNK, CHUNKS = 2**20, 200


def test_chunked_oversize_body_is_refused_with_bounded_memory(course_server, client):
    server = psutil.Process(course_server.pid)
    before = server.memory_info().rss
    peak, done = [before], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.append(server.memory_info().rss)
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    sent = [0]

    def body():
        for _ in range(CHUNKS):
            sent[0] += CHUNK
            yield b"x" * CHUNK

    headers = {"Authorization": f"Bearer {course_server.token}", "Content-Type": "application/json"}
    try:
        response = httpx.post(f"{course_server.base_url}/embeddings", content=body(), headers=headers, timeout=300)
        status = response.status_code
    except httpx.TransportError:  # the server closed the connection after its 413: also a refusal
        status = None
    finally:
        done.set()
    if status is not None:
        assert status == 413 and response.json()["error"]["code"] == "request_too_large"
    assert max(peak) - before < 100 * 2**20, f"server RSS grew by {(max(peak) - before) / 2**20:.0f} MB"
    assert client.models.list().data  # still serving


def test_models_answers_while_an_answer_is_being_generated(course_server, client, chat_model):
    """The event loop is never blocked by generation: `GET /v1/models` answers between two chunks of a
    long streamed answer (the benchmark times it: benchmarks/README.md)."""
    stream = client.chat.completions.create(
        model=chat_model,
        messages=[{"role": "user", "content": "Tell me a long story about a lighthouse keeper."}],
        max_tokens=200,
        temperature=0,
        stream=True,
    )
    chunks = iter(stream)
    next(c for c in chunks if c.choices and c.choices[0].delta.content)  # generation is under way
    listed = client.models.list().data
    rest = [c for c in chunks if c.choices and c.choices[0].delta.content]
    # Had the list waited for the answer, the rest would come as one chunk (text that piles up while a
    # client is not reading is sent together); while generation goes on, it comes token by token.
    assert listed and len(rest) >= 5, "the model list only came back once the answer was finished"
