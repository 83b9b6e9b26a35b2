"""A non-streamed request whose client has gone stops generating (it used to run to max_tokens, keeping
everyone behind it waiting). The app runs in this process; the ASGI client disconnects mid-answer."""

from __future__ import annotations

import asyncio
import json
import threading

from helpers.server.engine import Done, Generation
from helpers.settings import LOCAL_CHAT_MODEL

from . import server_inprocess

MAX_TOKENS = 200


def test_a_non_streamed_request_stops_when_its_client_leaves(monkeypatch):
    app = server_inprocess.app()
    engine = app.state.course.engine
    monkeypatch.setattr(engine, "eos_ids", set())  # without a client to stop it, it would run all 200 steps
    submitted = []
    submit = engine.submit
    monkeypatch.setattr(engine, "submit", lambda g: (submitted.append(g), submit(g)))
    body = json.dumps(
        {
            "model": LOCAL_CHAT_MODEL,
            "messages": [{"role": "user", "content": "Tell me a story."}],
            "temperature": 0,
            "max_tokens": MAX_TOKENS,
        }
    ).encode()
    messages = iter([{"type": "http.request", "body": body, "more_body": False}])

    async def receive():
        message = next(messages, None)
        if message is not None:
            return message
        while not submitted or len(submitted[0].tokens) < 3:  # the answer is being generated ...
            await asyncio.sleep(0.05)
        return {"type": "http.disconnect"}  # ... when the client goes away

    async def send(message):
        pass

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/chat/completions",
        "raw_path": b"/v1/chat/completions",
        "query_string": b"",
        "root_path": "",
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "headers": [
            (b"authorization", f"Bearer {server_inprocess.TOKEN}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 900))
    generation = submitted[0]
    assert generation.cancelled.is_set()
    assert len(generation.tokens) < MAX_TOKENS, "the server kept generating for a client that had left"
    finished = threading.Event()  # the engine drops the row: a 1-token request after it completes
    engine.submit(
        Generation(
            prompt_ids=generation.prompt_ids,
            max_new_tokens=1,
            temperature=0.0,
            emit=lambda event: isinstance(event, Done) and finished.set(),
        )
    )
    assert finished.wait(300)
