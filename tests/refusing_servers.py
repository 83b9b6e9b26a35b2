"""Stub servers that refuse what OpenAI refuses, in OpenAI's error shape, and remember every request;
and running a notebook's own cells against them (`section`, `run`).

- `StopRefusingServer`: chat completions answer 400 "Unsupported parameter: 'stop'" (GPT-5-family
  reasoning models did) when a request carries `stop`; anything else gets a one-sentence answer.
- `FineTuningRefusingServer`: `POST /v1/fine_tuning/jobs` answers 403 (an organisation OpenAI no longer
  lets fine-tune); file uploads answer 500, so an upload before the check shows as a failing cell.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
from typing import Iterator

import nbformat
from nbclient import NotebookClient

from helpers.exercises import REGISTRY, load_all
from helpers.classroom.run_all import failing_cells

FAKE_KEY = "test-key-for-stub-servers"  # a stub checks no key; deliberately not shaped like a real one
ANSWER = "A token is a small piece of text."


def error_body(message: str, param: str | None, code: str) -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}}


class StubServer(http.server.BaseHTTPRequestHandler):
    """Lists one model; records (method, path, body) of every request in `requests` (set per server)."""

    requests: list[tuple[str, str, dict]]

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            return json.loads(raw) if raw else {}
        except (ValueError, UnicodeDecodeError):
            return {"raw": len(raw)}

    def do_GET(self):
        self.requests.append(("GET", self.path, {}))
        if self.path.endswith("/models"):
            return self._send(
                200,
                {"object": "list", "data": [{"id": "stub-chat", "object": "model", "created": 0, "owned_by": "stub"}]},
            )
        self._send(404, error_body(f"Unknown path {self.path}", None, "unknown_url"))

    def do_POST(self):
        body = self._body()
        self.requests.append(("POST", self.path, body))
        self.answer_post(body)

    def answer_post(self, body: dict) -> None:
        if self.path.endswith("/chat/completions"):
            return self._send(
                200,
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "stub-chat"),
                    "choices": [
                        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ANSWER}}
                    ],
                    "usage": {"prompt_tokens": 5, "completion_tokens": 8, "total_tokens": 13},
                },
            )
        self._send(404, error_body(f"Unknown path {self.path}", None, "unknown_url"))

    def log_message(self, *args):
        pass


class StopRefusingServer(StubServer):
    def answer_post(self, body: dict) -> None:
        if self.path.endswith("/chat/completions") and "stop" in body:
            return self._send(
                400,
                error_body(
                    "Unsupported parameter: 'stop' is not supported with this model.", "stop", "unsupported_parameter"
                ),
            )
        super().answer_post(body)


class FineTuningRefusingServer(StubServer):
    def answer_post(self, body: dict) -> None:
        if self.path.endswith("/fine_tuning/jobs"):
            return self._send(
                403,
                error_body(
                    "This organization does not have access to fine-tuning (a stub refusing as OpenAI does).",
                    None,
                    "fine_tuning_not_available",
                ),
            )
        if self.path.endswith("/files"):
            return self._send(500, error_body("The stub takes no upload: check before uploading.", None, "stub"))
        super().answer_post(body)


class JobAcceptingServer(StubServer):
    """Creates a job from any request, as a mock of the API does (Prism): the check must cancel it."""

    def answer_post(self, body: dict) -> None:
        if "/fine_tuning/jobs" in self.path:
            status = "cancelled" if self.path.endswith("/cancel") else "queued"
            return self._send(
                200,
                {
                    "id": "ftjob-stub",
                    "object": "fine_tuning.job",
                    "created_at": 0,
                    "model": body.get("model", "m"),
                    "status": status,
                    "training_file": "file-x",
                },
            )
        super().answer_post(body)


@contextlib.contextmanager
def serve(handler: type[StubServer]) -> Iterator[tuple[str, list]]:
    """Run `handler` on 127.0.0.1; yields its base URL (…/v1) and the list its requests are recorded in."""
    requests: list[tuple[str, str, dict]] = []
    recording = type(handler.__name__, (handler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", requests
    finally:
        server.shutdown()
        server.server_close()


def section(path, first: str, end: str) -> list:
    """The setup cell, then the code cells from the markdown cell starting `first` up to the one starting `end`."""
    cells = nbformat.read(path, as_version=4).cells
    start = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith(first))
    stop = next(i for i, c in enumerate(cells) if i > start and c.cell_type == "markdown" and c.source.startswith(end))
    setup = next(c for c in cells if c.cell_type == "code")
    return [setup] + [c for c in cells[start:stop] if c.cell_type == "code"]


def run(cells: list, env: dict, path) -> tuple[list[str], str]:
    """Execute `cells` in a fresh kernel with `env`; returns (failing cells, all text output)."""
    notebook = nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    )
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute(env=env)
    text = "".join(
        o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
        for c in notebook.cells
        for o in c.get("outputs", [])
    )
    return failing_cells(notebook), text


def solution_cell(exercise_id: str) -> nbformat.NotebookNode:
    load_all()
    return nbformat.v4.new_code_cell(REGISTRY[exercise_id].solution + f'\ncheck("{exercise_id}", messages_1, reply_1)')
