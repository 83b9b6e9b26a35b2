"""Contract tests: chat completions, responses and models through the official openai client (sync and async)."""

from __future__ import annotations

import asyncio

import helpers
from openai.types.responses import Response

FRANCE = [{"role": "user", "content": "What is the capital of France?"}]


def test_get_client_reuses_the_running_server(local_mode):
    course_server = local_mode
    client = helpers.get_client()
    assert str(client.base_url).rstrip("/") == course_server.base_url
    info = helpers.server_info()
    assert info["running"] and info["port"] == course_server.port
    assert course_server.token not in str(info)  # the token is masked


def test_models_lists_chat_and_embedding_models(client, chat_model, embedding_model):
    ids = [m.id for m in client.models.list()]
    assert chat_model == "HuggingFaceTB/SmolLM2-135M-Instruct" and chat_model in ids
    assert embedding_model in ids
    assert client.models.retrieve(chat_model).id == chat_model


def test_greedy_answer_names_paris_with_correct_usage(client, chat_model, course_server):
    reply = client.chat.completions.create(model=chat_model, messages=FRANCE, temperature=0, max_tokens=30)
    assert "Paris" in reply.choices[0].message.content
    assert reply.choices[0].finish_reason == "stop"
    assert reply.choices[0].message.role == "assistant"
    from transformers import AutoTokenizer

    from helpers.models import KIT

    tokenizer = AutoTokenizer.from_pretrained(KIT["chat"].path)
    prompt = tokenizer.apply_chat_template(FRANCE, add_generation_prompt=True, tokenize=True, return_dict=True)[
        "input_ids"
    ]
    assert reply.usage.prompt_tokens == len(prompt)
    assert 0 < reply.usage.completion_tokens <= 30
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_system_and_assistant_roles_and_max_completion_tokens(client, chat_model):
    messages = [
        {"role": "system", "content": "You are a terse assistant."},
        {"role": "user", "content": "Name a color."},
        {"role": "assistant", "content": "Blue."},
        {"role": "user", "content": "Tell me a long story about that color."},
    ]
    for limit in ({"max_tokens": 5}, {"max_completion_tokens": 5}):
        reply = client.chat.completions.create(model=chat_model, messages=messages, temperature=0, **limit)
        assert reply.choices[0].finish_reason == "length"
        assert reply.usage.completion_tokens == 5


def test_same_seed_same_output_when_sampling(client, chat_model):
    def ask(seed):
        return client.chat.completions.create(
            model=chat_model,
            messages=[{"role": "user", "content": "A story?"}],
            temperature=1.0,
            top_p=0.9,
            seed=seed,
            max_tokens=12,
        )

    first, again = ask(7), ask(7)
    assert first.choices[0].message.content == again.choices[0].message.content
    assert any(ask(s).choices[0].message.content != first.choices[0].message.content for s in (8, 9, 10))


def test_stop_strings_cut_the_answer(client, chat_model):
    full = client.chat.completions.create(model=chat_model, messages=FRANCE, temperature=0, max_tokens=30)
    text = full.choices[0].message.content
    assert "Paris" in text
    for stop in ("Paris", ["zzz", "Paris"]):
        cut = client.chat.completions.create(model=chat_model, messages=FRANCE, temperature=0, max_tokens=30, stop=stop)
        assert cut.choices[0].message.content == text[: text.index("Paris")]
        assert cut.choices[0].finish_reason == "stop"


def test_streaming_chunks_and_final_usage_chunk(client, chat_model):
    whole = client.chat.completions.create(model=chat_model, messages=FRANCE, temperature=0, max_tokens=30)
    chunks = list(
        client.chat.completions.create(
            model=chat_model,
            messages=FRANCE,
            temperature=0,
            max_tokens=30,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == whole.usage.total_tokens
    plain = list(
        client.chat.completions.create(model=chat_model, messages=FRANCE, temperature=0, max_tokens=3, stream=True)
    )
    assert all(c.usage is None for c in plain) and plain[-1].choices[0].finish_reason == "length"


def test_responses_plain_and_with_instructions(client, chat_model):
    resp = client.responses.create(
        model=chat_model, input="What is the capital of France?", temperature=0, max_output_tokens=30
    )
    assert isinstance(resp, Response) and "Paris" in resp.output_text
    assert resp.status == "completed" and resp.usage.output_tokens > 0
    short = client.responses.create(
        model=chat_model,
        instructions="Answer in French.",
        temperature=0,
        input=[{"role": "user", "content": "Write a long story about a dragon."}],
        max_output_tokens=4,
    )
    assert short.status == "incomplete" and short.incomplete_details.reason == "max_output_tokens"
    assert short.usage.output_tokens == 4 and short.output_text


def test_responses_streaming_events(client, chat_model):
    events = list(
        client.responses.create(
            model=chat_model, input="What is the capital of France?", temperature=0, max_output_tokens=30, stream=True
        )
    )
    kinds = [e.type for e in events]
    assert kinds[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert kinds[-1] == "response.completed" and "response.output_text.done" in kinds
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert "Paris" in text and events[-1].response.output_text == text
    assert [e.sequence_number for e in events] == list(range(len(events)))
    with client.responses.stream(
        model=chat_model, input="What is the capital of France?", temperature=0, max_output_tokens=30
    ) as stream:
        assert stream.get_final_response().output_text == text


def test_async_client_chat_stream_and_concurrency(async_client, chat_model):
    async def main():
        one = await async_client.chat.completions.create(
            model=chat_model, messages=FRANCE, temperature=0, max_tokens=30
        )
        stream = await async_client.chat.completions.create(
            model=chat_model, messages=FRANCE, temperature=0, max_tokens=30, stream=True
        )
        streamed = "".join([c.choices[0].delta.content or "" async for c in stream])
        many = await asyncio.gather(
            *[
                async_client.chat.completions.create(
                    model=chat_model, messages=[{"role": "user", "content": q}], temperature=0, max_tokens=12
                )
                for q in ("Hi!", "What is 2+2?", "Name a fruit.", "What is the capital of France?")
            ]
        )
        resp = await async_client.responses.create(model=chat_model, input="Hello", max_output_tokens=8)
        return one, streamed, many, resp

    one, streamed, many, resp = asyncio.run(main())
    assert "Paris" in one.choices[0].message.content and streamed == one.choices[0].message.content
    assert len(many) == 4 and all(r.usage.completion_tokens > 0 for r in many)
    assert "Paris" in many[3].choices[0].message.content  # batched rows keep their own prompts
    assert resp.output_text
