"""Malformed requests get a 400 (or 404/413) in OpenAI's error shape naming the parameter, never a 5xx,
and the error never echoes a large input back. The app runs in this process (tests/server_inprocess.py)."""

from __future__ import annotations

import json

import pytest

from helpers.settings import LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL

from . import server_inprocess

CHAT, EMBED = LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL
HI = [{"role": "user", "content": "Hi"}]


@pytest.fixture(scope="module")
def http():
    with server_inprocess.client() as client:
        yield client


# (route, body, status, param): the 22 bodies of issue 11 and their neighbours
CASES = [
    ("/v1/chat/completions", {"model": [], "messages": HI}, 400, "model"),
    ("/v1/chat/completions", {"model": {}, "messages": HI}, 400, "model"),
    ("/v1/chat/completions", {"model": CHAT, "messages": HI, "seed": 10**30}, 400, "seed"),
    (
        "/v1/chat/completions",
        {"model": CHAT, "messages": [{"role": "user", "content": [{"type": "text", "text": 5}]}]},
        400,
        "messages[0].content[0].text",
    ),
    (
        "/v1/chat/completions",
        {"model": CHAT, "messages": [{"role": "user", "content": [{"type": "text"}]}]},
        400,
        "messages[0].content[0]",
    ),
    ("/v1/chat/completions", {"model": CHAT, "messages": "Hi"}, 400, "messages"),
    ("/v1/chat/completions", {"model": CHAT, "messages": [5]}, 400, "messages[0]"),
    ("/v1/chat/completions", {"model": CHAT, "messages": [{"content": "Hi"}]}, 400, "messages[0].role"),
    ("/v1/chat/completions", {"model": CHAT, "messages": HI, "stop": 5}, 400, "stop"),
    ("/v1/chat/completions", {"model": CHAT, "messages": HI, "stream_options": "yes"}, 400, "stream_options"),
    ("/v1/chat/completions", {"model": CHAT, "messages": HI, "max_tokens": 10**30}, 400, "messages"),
    ("/v1/chat/completions", {"model": CHAT, "messages": HI, "temperature": True}, 400, "temperature"),
    ("/v1/chat/completions", {"model": CHAT, "messages": HI, "max_tokens": 5.5}, 400, "max_tokens"),
    ("/v1/chat/completions", {"messages": HI}, 400, "model"),
    ("/v1/responses", {"model": CHAT, "input": "Hi", "instructions": 5}, 400, "instructions"),
    ("/v1/responses", {"model": CHAT, "input": 5}, 400, "input"),
    (
        "/v1/responses",
        {"model": CHAT, "input": [{"role": "user", "content": [{"type": "input_text"}]}]},
        400,
        "input[0].content[0]",
    ),
    ("/v1/responses", {"model": CHAT, "input": "Hi", "max_output_tokens": -1}, 400, "max_output_tokens"),
    ("/v1/responses", {"model": CHAT, "input": "Hi", "metadata": {"a": 5}}, 400, "metadata.a"),
    ("/v1/embeddings", {"model": EMBED, "input": "hi", "dimensions": "x"}, 400, "dimensions"),
    ("/v1/embeddings", {"model": EMBED, "input": "hi", "dimensions": 1.5}, 400, "dimensions"),
    ("/v1/embeddings", {"model": EMBED, "input": [[1, 2]]}, 400, "input"),
    ("/v1/embeddings", {"model": EMBED, "input": []}, 400, "input"),
    ("/v1/embeddings", {"model": [], "input": "hi"}, 400, "model"),
    ("/v1/fine_tuning/jobs", {"model": CHAT, "training_file": []}, 400, "training_file"),
    (
        "/v1/fine_tuning/jobs",
        {"model": CHAT, "training_file": "file-x", "hyperparameters": {"n_epochs": "many"}},
        400,
        "hyperparameters.n_epochs",
    ),
    ("/v1/fine_tuning/jobs", {"model": CHAT, "training_file": "file-x", "seed": -1}, 400, "seed"),
    ("/v1/fine_tuning/jobs", {"model": CHAT, "training_file": "file-x"}, 404, "training_file"),
]


def check_error(response, status: int, param: str | None) -> dict:
    assert response.status_code == status, response.text[:500]
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["message"]
    if param is not None:
        assert error["param"] == param, error
    return error


@pytest.mark.parametrize("route, body, status, param", CASES, ids=[f"{c[0]}:{json.dumps(c[1])[:60]}" for c in CASES])
def test_malformed_body_is_a_4xx_naming_the_parameter(http, route, body, status, param):
    check_error(http.post(route, json=body), status, param)


@pytest.mark.parametrize(
    "raw", [b"[" * 100_000 + b"]" * 100_000, b"{not json", b"[]", b"5", b"null", b"", b"\xff\xfe" + b"x" * 5_000_000]
)
@pytest.mark.parametrize("route", ["/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/fine_tuning/jobs"])
def test_bodies_that_are_not_a_json_object_are_400_without_echo(http, route, raw):
    response = http.post(route, content=raw, headers={"Content-Type": "application/json"})
    error = check_error(response, 400, None)
    assert len(response.content) < 1000 and "xxxx" not in error["message"]


def test_query_parameters_and_forms_are_checked(http):
    check_error(http.get("/v1/fine_tuning/jobs", params={"limit": "abc"}), 400, "limit")
    check_error(http.get("/v1/fine_tuning/jobs", params={"limit": 0}), 400, "limit")
    check_error(http.post("/v1/files", json={"purpose": "fine-tune"}), 400, None)
    check_error(http.post("/v1/files", files={"file": ("a.jsonl", b"{}")}, data={"purpose": 5}), 400, "purpose")
    check_error(
        http.post("/v1/files", files={"file": ("a.jsonl", b"\xff" * 100)}, data={"purpose": "fine-tune"}), 400, "file"
    )
    check_error(http.post("/v1/audio/transcriptions", data={"model": "gpt-transcribe"}), 400, None)
    check_error(http.post("/v1/audio/transcriptions", files={"model": (None, b"gpt-transcribe")}), 400, "file")


def test_a_huge_prompt_is_refused_before_tokenizing(http):
    long = "word " * 1_000_000
    error = check_error(
        http.post("/v1/chat/completions", json={"model": CHAT, "messages": [{"role": "user", "content": long}]}),
        400,
        "messages",
    )
    assert error["code"] == "context_length_exceeded" and "word word" not in error["message"]


def test_delete_files_and_fine_tuned_models(http):
    raw = json.dumps({"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Arr"}]})
    stored = http.post("/v1/files", files={"file": ("t.jsonl", raw.encode())}, data={"purpose": "fine-tune"}).json()
    listed = http.get("/v1/files").json()
    assert listed["first_id"] and stored["id"] in [f["id"] for f in listed["data"]]
    assert http.delete(f"/v1/files/{stored['id']}").json() == {"id": stored["id"], "object": "file", "deleted": True}
    check_error(http.get(f"/v1/files/{stored['id']}"), 404, None)
    check_error(http.delete(f"/v1/files/{stored['id']}"), 404, None)
    check_error(http.delete(f"/v1/models/{CHAT}"), 404, "model")  # base models stay
    check_error(http.delete("/v1/models/ft:nothing"), 404, "model")
