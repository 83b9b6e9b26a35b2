"""A non-streamed request whose client has gone stops generating (it used to run to max_tokens,
keeping everyone behind it waiting): the server's CPU falls back to idle soon after the client leaves."""
from __future__ import annotations

import time

import httpx
import psutil

LOOP = [{"role": "user", "content": "Repeat the word cat forever: cat cat cat cat cat cat cat cat"}]


def idle_within(process: psutil.Process, seconds: float) -> bool:
    """True once the process uses under a quarter of one core over a one-second window."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.cpu_percent(interval=1.0) < 25:
            return True
    return False


def test_a_non_streamed_request_stops_when_its_client_leaves(course_server, chat_model):
    server = psutil.Process(course_server.process.pid)
    assert idle_within(server, 60), "the server was busy before the test"
    request = {"model": chat_model, "messages": LOOP, "temperature": 0, "max_tokens": 3000}
    headers = {"Authorization": f"Bearer {course_server.token}"}
    try:
        httpx.post(f"{course_server.base_url}/chat/completions", json=request, headers=headers, timeout=3)
    except httpx.ReadTimeout:
        pass  # the client gives up and closes the connection while the answer is being generated
    assert idle_within(server, 20), "the server kept generating for a client that had left"
