"""The server probe, doctor()'s server line, model names per mode, and the run-all report."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from pathlib import Path

import nbformat
import pytest

import helpers.probe as probe_module
from helpers import client as course_client
from helpers.doctor import advice, report_lines
from helpers.probe import probe_server
from helpers.classroom.run_all import Result, failing_cells, modes_markdown


class ChatOnlyServer(http.server.BaseHTTPRequestHandler):
    """Like many classroom servers: lists its models, accepts any key, has no other endpoint."""

    def do_GET(self):
        if self.path.endswith("/models"):
            body = json.dumps(
                {
                    "object": "list",
                    "data": [
                        {"id": "/srv/models/SmolLM2", "object": "model"},
                        {"id": "nomic-embed-text", "object": "model"},
                    ],
                }
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())
        else:
            self.send_error(404)

    def do_POST(self):
        if not self.path.endswith("/chat/completions"):
            ChatOnlyServer.last_body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            return self.send_error(404)
        ChatOnlyServer.last_body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = json.dumps(
            {
                "id": "c1",
                "object": "chat.completion",
                "created": 0,
                "model": "m",
                "choices": [{"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": "Hi"}}],
            }
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


class SlowEmbeddingsServer(ChatOnlyServer):
    """Its embedding model loads on the first request (as the course server's may): the answer comes late."""

    def do_POST(self):
        if not self.path.endswith("/embeddings"):
            return super().do_POST()
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(1.0)
        body = json.dumps({"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.6, 0.8]}]})
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())
        except OSError:  # the probe has stopped waiting
            pass


class LlamaCppLikeServer(ChatOnlyServer):
    """Like llama.cpp's server (llama-cpp-python 0.3.36): no Responses API; a json_schema format answers 500."""

    def do_POST(self):
        if self.path.endswith("/chat/completions"):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if (body.get("response_format") or {}).get("type") == "json_schema":
                return self.send_error(500)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            return self.wfile.write(
                json.dumps(
                    {
                        "id": "c1",
                        "object": "chat.completion",
                        "created": 0,
                        "model": "m",
                        "choices": [
                            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "{}"}}
                        ],
                    }
                ).encode()
            )
        return super().do_POST()


@contextlib.contextmanager
def chat_only_server(handler: type = ChatOnlyServer):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def compatible(monkeypatch):
    """Compatible mode pointed at the chat-only server, with a fresh probe cache."""
    with chat_only_server() as url:
        for name in ("OPENAI_API_KEY", "COURSE_MODE", "COURSE_CHAT_MODEL", "COURSE_EMBEDDING_MODEL"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        monkeypatch.setattr(course_client, "_probes", {})
        yield url


def closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # closed again: nothing listens


def test_probe_of_a_server_that_lacks_endpoints_and_checks_no_key():
    with chat_only_server() as url:
        found = probe_server(url, "not-needed")
    assert found.answers and found.checks_keys is False
    assert found.models == ("/srv/models/SmolLM2", "nomic-embed-text")
    assert not any(found.endpoints.values())
    assert "accepts any key" in found.summary() and "embeddings" in found.summary()


def test_probe_finds_what_llama_cpp_lacks():
    """A JSON answer without a json_schema request is not structured-output support; a 500 is not support."""
    with chat_only_server(LlamaCppLikeServer) as url:
        found = probe_server(url, "not-needed")
        assert found.lacks("responses") == f"This server ({url}) has no Responses API."
        assert "does not honour json_schema" in found.lacks("structured outputs")
    assert not found.endpoints["responses"] and not found.endpoints["structured outputs"]


def test_an_endpoint_that_answers_after_the_probe_timeout_is_there(monkeypatch):
    monkeypatch.setattr(probe_module, "PROBE_TIMEOUT_S", 0.2)
    with chat_only_server(SlowEmbeddingsServer) as url:
        found = probe_server(url, "not-needed")
    assert found.endpoints["embeddings"], "a slow embeddings endpoint was reported missing"
    assert not found.endpoints["files"], "a missing endpoint was reported there"


def test_probe_of_the_local_course_server(local_mode):
    found = probe_server(local_mode.base_url, local_mode.token)
    assert found.answers and found.checks_keys is True
    assert found.endpoints["embeddings"] and found.endpoints["files"] and found.endpoints["fine-tuning"]
    assert found.endpoints["responses"] and found.endpoints["structured outputs"]


def test_probe_never_hangs_and_says_nothing_answers():
    found = probe_server(closed_port_url(), "not-needed")
    assert not found.answers and "does not answer" in found.summary()


def test_doctor_never_says_all_is_well_when_the_server_does_not_answer(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("COURSE_MODE", raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", closed_port_url())
    lines = report_lines()
    assert dict(lines)["Server"].startswith("PROBLEM")
    assert any("Nothing usable answers" in tip for tip in advice(lines))


def test_doctor_shows_what_a_compatible_server_offers(compatible):
    server = dict(report_lines())["Server"]
    assert "answers at" in server and "accepts any key" in server


def test_compatible_models_come_from_the_server_once_per_kernel(compatible, monkeypatch):
    assert course_client.chat_model() == "/srv/models/SmolLM2"  # not an embedding model
    assert course_client.embedding_model() == "nomic-embed-text"
    assert not course_client.is_local()  # decided by the mode, whatever the model is called
    calls = []
    monkeypatch.setattr(course_client, "probe_server", lambda *a, **k: calls.append(a))
    course_client.chat_model()
    assert calls == []  # probed once per kernel
    assert course_client.server_lacks("files") == f"This server ({compatible}) has no files endpoint."
    assert course_client.server_checks_keys() is False


def test_model_names_from_the_environment_win(compatible, monkeypatch):
    monkeypatch.setenv("COURSE_CHAT_MODEL", "llama3.2")
    monkeypatch.setenv("COURSE_EMBEDDING_MODEL", "all-minilm")
    assert (course_client.chat_model(), course_client.embedding_model()) == ("llama3.2", "all-minilm")


def test_compatible_servers_also_get_max_tokens(compatible):
    """transformers serve reads only max_tokens: without it, it generates 1024 tokens."""
    course_client.get_client().chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Hi"}], max_completion_tokens=5
    )
    assert ChatOnlyServer.last_body["max_tokens"] == 5 == ChatOnlyServer.last_body["max_completion_tokens"]


def test_compatible_servers_are_told_not_to_stream_responses(compatible):
    """transformers serve streams /v1/responses unless told not to; the client would then return a str."""
    import openai

    with pytest.raises(openai.NotFoundError):
        course_client.get_client().with_options(max_retries=0).responses.create(model="m", input="Hi")
    assert ChatOnlyServer.last_body["stream"] is False


async def _ask_async():
    client = course_client.get_async_client()
    await client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "Hi"}], max_completion_tokens=7
    )


def test_compatible_async_client_also_sends_max_tokens(compatible):
    import asyncio

    asyncio.run(_ask_async())
    assert ChatOnlyServer.last_body["max_tokens"] == 7


def test_run_all_lists_every_failing_cell_without_colour_codes():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell(
                "# a comment\nraise ValueError('boom')",
                outputs=[
                    nbformat.v4.new_output(
                        "error", ename="ValueError", evalue="\x1b[31mboom\x1b[0m", traceback=["\x1b[31m..."]
                    )
                ],
            ),
            nbformat.v4.new_code_cell(
                "print(y | 2)",
                outputs=[
                    nbformat.v4.new_output("error", ename="NameError", evalue="name 'y' is not defined", traceback=[])
                ],
            ),
        ]
    )
    found = failing_cells(notebook)
    assert found == [
        "cell 2 (`raise ValueError('boom')`): ValueError: boom",
        "cell 3 (`print(y \\| 2)`): NameError: name 'y' is not defined",
    ]
    saved = {
        "colab": {"results": [Result("03_x.ipynb", "colab", False, 1.0, found).__dict__], "notes": {}, "seconds": 2.0}
    }
    report = modes_markdown(saved)
    assert "\x1b" not in report and "FAIL: 2 cells" in report
    assert all(line in report for line in found)


def _record_many(args) -> None:
    from helpers.classroom.run_all import record

    mode, report, rounds = args
    for n in range(rounds):
        record(mode, [Result("00_start_here.ipynb", mode, True, float(n))], {}, float(n), report=Path(report))


def test_modes_recorded_at_once_all_land(tmp_path):
    """pytest -n 2 runs modes side by side: each merge into modes.json must keep the others' runs."""
    from concurrent.futures import ProcessPoolExecutor

    report = tmp_path / "modes.md"
    modes = [f"mode-{i}" for i in range(4)]
    with ProcessPoolExecutor(4) as pool:
        list(pool.map(_record_many, [(mode, str(report), 40) for mode in modes]))
    saved = json.loads(report.with_suffix(".json").read_text())
    assert sorted(saved) == modes and all(saved[m]["seconds"] == 39.0 for m in modes)
