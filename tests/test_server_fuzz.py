"""Property-based fuzzing (Hypothesis) of every route the course server implements: whatever the body,
query or path, the answer is never a 5xx, and every error is OpenAI-shaped. Bounded: a fixed number of
examples per route, derandomized (the same cases in CI and here), generation limited to 2 tokens."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.settings import LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL

from . import server_inprocess

EXAMPLES = 40
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
some = anything.filter(lambda v: v is not None)
part = st.fixed_dictionaries(
    {"type": st.sampled_from(["text", "input_text", "image_url", "x"])}, optional={"text": st.text(max_size=12) | some}
)
content = st.text(max_size=30) | st.lists(part, max_size=2) | anything
message = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "system", "assistant", "developer", "tool", "x"]) | anything},
    optional={"content": content},
)


def body(required: dict, optional: dict):
    return st.fixed_dictionaries(required, optional=optional)


def maybe(good):
    return good | anything


sampling = {
    "temperature": maybe(st.floats(0, 2)),
    "top_p": maybe(st.floats(0, 1)),
    "stream": maybe(st.booleans()),
    "metadata": maybe(st.dictionaries(st.text(max_size=5), st.text(max_size=5))),
    "user": anything,
    "tools": anything,
}
CHAT = body(
    {
        "model": maybe(st.just(LOCAL_CHAT_MODEL)),
        "messages": maybe(st.lists(message, max_size=3)),
        "max_tokens": st.integers(1, 2) | some,
    },
    {
        **sampling,
        "seed": maybe(st.integers()),
        "n": anything,
        "stop": maybe(st.text(max_size=5)),
        "stream_options": maybe(st.fixed_dictionaries({"include_usage": st.booleans()})),
        "max_completion_tokens": some,
    },
)
RESPONSES = body(
    {
        "model": maybe(st.just(LOCAL_CHAT_MODEL)),
        "max_output_tokens": st.integers(1, 2) | some,
        "input": maybe(st.text(max_size=30) | st.lists(message, max_size=2)),
    },
    {**sampling, "instructions": maybe(st.text(max_size=20)), "previous_response_id": anything},
)
EMBEDDINGS = body(
    {
        "model": maybe(st.just(LOCAL_EMBEDDING_MODEL)),
        "input": maybe(st.text(max_size=30) | st.lists(st.text(max_size=10), max_size=3)),
    },
    {
        "dimensions": maybe(st.integers(-2, 500)),
        "encoding_format": maybe(st.sampled_from(["float", "base64"])),
        "user": anything,
    },
)
FINE_TUNE = body(
    {"model": maybe(st.just(LOCAL_CHAT_MODEL)), "training_file": maybe(st.just("file-nothing"))},
    {
        "hyperparameters": maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "n_epochs": maybe(st.integers(0, 60)),
                    "batch_size": anything,
                    "learning_rate_multiplier": anything,
                },
            )
        ),
        "suffix": anything,
        "seed": anything,
        "validation_file": anything,
        "method": anything,
    },
)
LORA = body({"lora_name": maybe(st.text(max_size=12)), "lora_path": maybe(st.text(max_size=20) | st.just("/tmp"))}, {})
ids = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="/?#%"), min_size=1, max_size=20)


@pytest.fixture(scope="module")
def http():
    with server_inprocess.client() as client:
        yield client


def check(response) -> None:
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"message", "type", "param", "code"}


@pytest.mark.parametrize(
    "route, bodies",
    [
        ("/v1/chat/completions", CHAT),
        ("/v1/responses", RESPONSES),
        ("/v1/embeddings", EMBEDDINGS),
        ("/v1/fine_tuning/jobs", FINE_TUNE),
        ("/v1/load_lora_adapter", LORA),
    ],
)
def test_json_routes_never_answer_5xx(http, route, bodies):
    @FUZZ
    @given(bodies)
    def fuzz(request):
        check(http.post(route, content=json.dumps(request), headers={"Content-Type": "application/json"}))

    fuzz()


@FUZZ
@given(
    purpose=maybe(st.sampled_from(["fine-tune", "assistants"])).map(str),
    raw=st.binary(max_size=200)
    | st.lists(anything, max_size=3).map(lambda rows: "\n".join(json.dumps(r) for r in rows).encode()),
    name=st.text(max_size=10),
    field=st.sampled_from(["file", "upload"]),
)
def test_uploads_never_answer_5xx(http, purpose, raw, name, field):
    check(http.post("/v1/files", files={field: (name or "x", raw)}, data={"purpose": purpose}))
    check(http.post("/v1/audio/transcriptions", files={field: (name or "x", raw)}, data={"model": purpose}))


@FUZZ
@given(item=ids, limit=st.text(max_size=4) | st.integers(-5, 200).map(str))
def test_reads_and_deletes_never_answer_5xx(http, item, limit):
    for path in (
        f"/v1/models/{item}",
        f"/v1/files/{item}",
        f"/v1/files/{item}/content",
        f"/v1/fine_tuning/jobs/{item}",
        f"/v1/fine_tuning/jobs/{item}/events",
    ):
        check(http.get(path, params={"limit": limit}))
    check(http.get("/v1/fine_tuning/jobs", params={"limit": limit}))
    check(http.get("/health", params={"challenge": item}))
    check(http.delete(f"/v1/models/{item}"))
    check(http.delete(f"/v1/files/{item}"))
    check(http.post(f"/v1/fine_tuning/jobs/{item}/cancel"))
    check(http.post("/v1/images/generations", json={"prompt": item}))
