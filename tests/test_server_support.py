"""No silent knobs: every parameter OpenAI's spec lists for a route the course server serves is honoured,
refused with a 400 that names it, or accepted, ignored and logged (helpers/server/support.py)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import pytest

from helpers.server import support
from helpers.server.protocol import ChatCompletionRequest, EmbeddingRequest, FineTuningJobRequest, ResponseRequest
from helpers.settings import LOCAL_CHAT_MODEL

from . import server_inprocess

SPEC = Path(__file__).parent / "openai-openapi" / "openapi.yaml"
TYPED = {
    "/chat/completions": ChatCompletionRequest,
    "/responses": ResponseRequest,
    "/embeddings": EmbeddingRequest,
    "/fine_tuning/jobs": FineTuningJobRequest,
}
HI = [{"role": "user", "content": "Hi"}]


@lru_cache(maxsize=1)
def spec_parameters() -> dict[str, set[str]]:
    """{route: the request body's parameters}, following the spec's $ref and allOf."""
    import yaml

    spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    schemas = spec["components"]["schemas"]

    def properties(schema: dict) -> set[str]:
        if "$ref" in schema:
            return properties(schemas[schema["$ref"].split("/")[-1]])
        found = set(schema.get("properties", {}))
        for part in schema.get("allOf", []):
            found |= properties(part)
        return found

    return {
        route: set().union(
            *(properties(body["schema"]) for body in spec["paths"][route]["post"]["requestBody"]["content"].values())
        )
        for route in support.HONOURED
    }


@pytest.mark.parametrize("route", sorted(support.HONOURED))
def test_every_spec_parameter_is_honoured_refused_or_ignored(route):
    honoured, refused, ignored = support.HONOURED[route], set(support.REFUSED[route]), support.IGNORED[route]
    assert not (honoured & refused or honoured & ignored or refused & ignored), "a parameter in two lists"
    listed = honoured | refused | ignored
    assert spec_parameters()[route] - listed == set(), "OpenAI's spec has parameters support.py does not list"
    assert listed - spec_parameters()[route] == set(), "support.py lists parameters OpenAI's spec does not have"
    if route in TYPED:  # every parameter the server reads is a typed field of the request model
        assert honoured - set(TYPED[route].model_fields) == set()


@pytest.fixture(scope="module")
def http():
    with server_inprocess.client() as client:
        yield client


REFUSED_VALUES = {
    "logprobs": True,
    "top_logprobs": 2,
    "logit_bias": {"1": 5},
    "audio": {"voice": "alloy"},
    "modalities": ["text", "audio"],
    "prediction": {"type": "content", "content": "x"},
    "web_search_options": {"search_context_size": "low"},
    "functions": [{"name": "f"}],
    "function_call": "auto",
    "previous_response_id": "resp_1",
    "conversation": "conv_1",
    "background": True,
    "include": ["reasoning.encrypted_content"],
    "prompt": {"id": "pmpt_1"},
    "context_management": [{"type": "compaction"}],
}


@pytest.mark.parametrize(
    "route, name", [(route, name) for route in ("/chat/completions", "/responses") for name in support.REFUSED[route]]
)
def test_a_refused_parameter_gets_a_400_that_names_it(http, route, name):
    body = {
        "model": LOCAL_CHAT_MODEL,
        **({"messages": HI} if route == "/chat/completions" else {"input": "Hi"}),
        name: REFUSED_VALUES[name],
    }
    answer = http.post(f"/v1{route}", json=body)
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["param"] == name and f"`{name}`" in error["message"]


def test_a_refused_parameter_at_its_default_is_accepted(http):
    body = {
        "model": LOCAL_CHAT_MODEL,
        "messages": HI,
        "max_completion_tokens": 2,
        "logprobs": False,
        "modalities": ["text"],
    }
    assert http.post("/v1/chat/completions", json=body).status_code == 200


def test_an_ignored_parameter_is_logged(http, caplog):
    body = {
        "model": LOCAL_CHAT_MODEL,
        "messages": HI,
        "max_completion_tokens": 2,
        "service_tier": "flex",
        "metadata": {"lesson": "03"},
    }
    with caplog.at_level(logging.INFO, logger="course.server"):
        assert http.post("/v1/chat/completions", json=body).status_code == 200
    assert any("ignored" in r.message and "metadata, service_tier" in r.message for r in caplog.records)


def test_penalties_change_a_repetitive_answer(http):
    """frequency_penalty and presence_penalty are honoured: greedy decoding repeats itself less."""

    def answer(prompt: str, **penalty) -> str:
        body = {
            "model": LOCAL_CHAT_MODEL,
            "messages": [{"role": "user", "content": prompt}],
            "temperature": 0,
            "max_completion_tokens": 40,
            **penalty,
        }
        return http.post("/v1/chat/completions", json=body).json()["choices"][0]["message"]["content"]

    counting = answer("Count from 1 to 30.")  # "1. 1\n2. 2\n...": the same tokens again and again
    assert counting.count("\n") >= 6, "the prompt no longer makes the model repeat itself: pick another"
    assert answer("Count from 1 to 30.", frequency_penalty=2.0).count("\n") < counting.count("\n") / 2
    assert answer("Count from 1 to 30.", frequency_penalty=0.0) == counting
    assert answer("List ten fruits.", presence_penalty=2.0) != answer("List ten fruits.")


def test_file_purposes_are_the_ones_the_course_uses(http):
    files = {"file": ("a.jsonl", b'{"messages": []}\n')}
    answer = http.post("/v1/files", files=files, data={"purpose": "evals"})
    assert answer.status_code == 400 and answer.json()["error"]["param"] == "purpose"


def test_an_upload_with_an_ignored_field_is_stored(http):
    from helpers.settings import DATA_DIR

    files = {"file": ("train.jsonl", (DATA_DIR / "finetune" / "train.jsonl").read_bytes())}
    answer = http.post("/v1/files", files=files, data={"purpose": "fine-tune", "expires_after[anchor]": "created_at"})
    assert answer.status_code == 200 and answer.json()["purpose"] == "fine-tune"


@pytest.mark.parametrize(
    "field, value",
    [("language", "fr"), ("response_format", "srt"), ("stream", "true"), ("timestamp_granularities[]", "word")],
)
def test_transcription_knobs_the_offline_whisper_lacks_are_refused(http, field, value):
    from helpers.settings import DATA_DIR, OPENAI_TRANSCRIBE_MODEL

    files = {"file": ("welcome.wav", (DATA_DIR / "audio" / "welcome.wav").read_bytes())}
    answer = http.post("/v1/audio/transcriptions", files=files, data={"model": OPENAI_TRANSCRIBE_MODEL, field: value})
    assert answer.status_code == 400 and answer.json()["error"]["param"] == field.removesuffix("[]"), answer.text


def test_each_request_type_gives_the_engine_its_settings_under_one_name():
    """The token limit has one name from the body's parameter to the engine: max_new_tokens."""
    from helpers.server.engine import Generation

    chat = ChatCompletionRequest(model="m", messages=HI, max_tokens=5, stop="x", frequency_penalty=0.5)
    assert chat.engine_settings().max_new_tokens == 5 and chat.engine_settings().stop == ["x"]
    assert (
        ChatCompletionRequest(model="m", messages=HI, max_tokens=5, max_completion_tokens=7)
        .engine_settings()
        .max_new_tokens
        == 7
    )
    response = ResponseRequest(model="m", input="Hi", max_output_tokens=9, temperature=0.0)
    assert (response.engine_settings().max_new_tokens, response.engine_settings().temperature) == (9, 0.0)
    import dataclasses

    engine_fields = {f.name for f in dataclasses.fields(Generation)}
    assert {f.name for f in dataclasses.fields(chat.engine_settings())} <= engine_fields
