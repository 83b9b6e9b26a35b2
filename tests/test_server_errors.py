"""Every error is OpenAI-shaped and raises the same exception class as against api.openai.com."""

from __future__ import annotations

import httpx
import openai
import pytest
from openai import OpenAI

HI = [{"role": "user", "content": "Hi"}]


def test_missing_or_wrong_token_is_401(course_server):
    wrong = OpenAI(base_url=course_server.base_url, api_key="wrong-token", max_retries=0)
    with pytest.raises(openai.AuthenticationError, match="token"):
        wrong.models.list()
    response = httpx.get(f"{course_server.base_url}/models")
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_unknown_model_is_404(client, chat_model):
    with pytest.raises(openai.NotFoundError, match="chat_model"):
        client.chat.completions.create(model="gpt-4o-mini", messages=HI)
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("no-such-model")
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="text-embedding-3-small", input="hi")
    with pytest.raises(openai.NotFoundError):
        client.responses.create(model="gpt-4o-mini", input="hi")


@pytest.mark.parametrize(
    "bad",
    [
        {"temperature": 3},
        {"top_p": -1},
        {"max_tokens": 0},
        {"max_completion_tokens": "ten"},
        {"n": 2},
        {"stop": ["a", "b", "c", "d", "e"]},
        {"seed": "x"},
        {"messages": []},
        {"messages": [{"role": "wizard", "content": "hi"}]},
        {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "http://x"}}]}]},
    ],
)
def test_invalid_parameters_are_400(client, chat_model, bad):
    request = {"model": chat_model, "messages": HI, **bad}
    with pytest.raises(openai.BadRequestError) as error:
        client.chat.completions.create(**request)
    assert error.value.status_code == 400 and error.value.body["message"]


def test_context_length_exceeded_is_400_not_500(client, chat_model):
    long = "word " * 9000
    with pytest.raises(openai.BadRequestError) as error:
        client.chat.completions.create(model=chat_model, messages=[{"role": "user", "content": long}], max_tokens=5)
    assert error.value.code == "context_length_exceeded" and "maximum context length" in error.value.message
    with pytest.raises(openai.BadRequestError, match="maximum context length"):
        client.chat.completions.create(model=chat_model, messages=HI, max_tokens=100_000)
    with pytest.raises(openai.BadRequestError):
        client.responses.create(model=chat_model, input=long)


def test_oversized_body_is_413(client, embedding_model):
    with pytest.raises(openai.APIStatusError) as error:
        client.embeddings.create(model=embedding_model, input=["x" * 1_000_000] * 30)
    assert error.value.status_code == 413 and "larger than" in error.value.message


def test_bad_json_and_unknown_url(course_server):
    headers = {"Authorization": f"Bearer {course_server.token}", "Content-Type": "application/json"}
    bad = httpx.post(f"{course_server.base_url}/chat/completions", content=b"{not json", headers=headers)
    assert bad.status_code == 400 and "not valid JSON" in bad.json()["error"]["message"]
    missing = httpx.get(f"{course_server.base_url}/nothing-here", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_url"


def test_images_explain_there_is_no_offline_image_model(client):
    with pytest.raises(openai.BadRequestError) as error:
        client.images.generate(model="dall-e-3", prompt="A robot reading a book")
    assert error.value.code == "model_not_available" and "OpenAI key" in error.value.message
