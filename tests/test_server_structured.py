"""Structured outputs and tool calls: the constraint alone (tokenizer, random logits) and the server
through the official openai client (schema honoured, tool-call shapes the SDK's types accept, streaming)."""

from __future__ import annotations

import json
from typing import Literal

import jsonschema
import pydantic
import pytest
import torch
from openai.types.chat import ChatCompletionMessageToolCall
from openai.types.responses import ResponseFunctionToolCall
from pydantic import BaseModel

from helpers.server import structured
from helpers.server.errors import APIError, invalid
from helpers.server.protocol import ChatCompletionRequest, ResponseRequest

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label", "score", "ok", "note"],
    "properties": {
        "label": {"enum": ["billing", "technical", "shipping"]},
        "score": {"type": "integer"},
        "ok": {"type": "boolean"},
        "note": {"type": "string", "maxLength": 12},
    },
}
CALC = {
    "type": "object",
    "additionalProperties": False,
    "required": ["a", "op", "b"],
    "properties": {"a": {"type": "number"}, "op": {"enum": ["+", "-", "*", "/"]}, "b": {"type": "number"}},
}
TOOLS = [
    {
        "type": "function",
        "function": {"name": "calculator", "description": "Arithmetic on two numbers.", "parameters": CALC},
    },
    {
        "type": "function",
        "function": {
            "name": "weather",
            "description": "The weather in a city.",
            "parameters": {
                "type": "object",
                "required": ["city"],
                "properties": {"city": {"type": "string", "maxLength": 10}},
                "additionalProperties": False,
            },
        },
    },
]
ASK = [{"role": "user", "content": "What is 12 times 7?"}]


def chat(**fields) -> ChatCompletionRequest:
    """A typed Chat Completions request, as the server validates it."""
    return ChatCompletionRequest.model_validate({"model": "m", "messages": ASK, **fields})


def responses(**fields) -> ResponseRequest:
    return ResponseRequest.model_validate({"model": "m", "input": "hi", **fields})


@pytest.fixture(scope="module")
def tokenizer():
    from helpers.models import KIT

    if not KIT["chat"].ready():
        pytest.skip("offline chat model not prepared (course prepare)")
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(KIT["chat"].path)


def random_decode(tokenizer, plan: structured.Plan, seed: int, steps: int = 300) -> str:
    """Decode under the constraint with random logits: only the grammar can make the text valid."""
    constraint = structured.constraint_for(tokenizer, len(tokenizer), plan)
    generator, tokens = torch.Generator().manual_seed(seed), []
    for _ in range(steps):
        logits = constraint.mask(torch.randn(1, len(tokenizer), generator=generator))
        token = int(logits.argmax())
        tokens.append(token)
        constraint.advance(token)
        if constraint.done or token == tokenizer.eos_token_id:
            break
    return tokenizer.decode(tokens, skip_special_tokens=True)


@pytest.mark.parametrize("seed", range(5))
def test_random_logits_still_give_schema_valid_json(tokenizer, seed):
    plan = structured.chat_plan(
        chat(response_format={"type": "json_schema", "json_schema": {"name": "t", "schema": SCHEMA}})
    )
    jsonschema.validate(json.loads(random_decode(tokenizer, plan, seed)), SCHEMA)


@pytest.mark.parametrize("seed", range(5))
def test_random_logits_still_give_a_valid_tool_call(tokenizer, seed):
    plan = structured.chat_plan(chat(tools=TOOLS, tool_choice="required"))
    name, arguments = structured.parse_call(random_decode(tokenizer, plan, seed), plan)
    spec = next(t["function"] for t in TOOLS if t["function"]["name"] == name)
    jsonschema.validate(json.loads(arguments), spec["parameters"])


def test_named_tool_choice_forces_that_tool(tokenizer):
    plan = structured.chat_plan(chat(tools=TOOLS, tool_choice={"type": "function", "function": {"name": "weather"}}))
    assert plan.tools == ["weather"]
    assert structured.parse_call(random_decode(tokenizer, plan, 0), plan)[0] == "weather"


def test_plans_follow_the_request():
    assert structured.chat_plan(chat()).grammar is None
    assert structured.chat_plan(chat(response_format={"type": "text"})).grammar is None
    assert structured.chat_plan(chat(tools=TOOLS, tool_choice="none")).grammar is None
    assert structured.chat_plan(chat(response_format={"type": "json_object"})).grammar
    flat = structured.responses_plan(responses(text={"format": {"type": "json_schema", "name": "t", "schema": SCHEMA}}))
    assert "maxLength" in flat.hint  # the Responses API's flat format is read too
    with pytest.raises(APIError) as bad:
        structured.chat_plan(chat(tools=TOOLS, tool_choice={"type": "function", "function": {"name": "nope"}}))
    assert bad.value.status == 400 and bad.value.param == "tool_choice"


@pytest.mark.parametrize(
    "fields, param, words",
    [
        ({"tools": [{"type": "web_search"}]}, "tools[0]", "function tools only"),
        (
            {"response_format": {"type": "json_schema", "json_schema": {"schema": SCHEMA}}},
            "response_format.json_schema.name",
            "Field required",
        ),  # OpenAI requires the schema's name
        (
            {"response_format": {"type": "json_schema", "json_schema": {"name": "a b", "schema": SCHEMA}}},
            "response_format.json_schema.name",
            "pattern",
        ),
        ({"response_format": {"type": "xml"}}, "response_format", "'text', 'json_object' or 'json_schema'"),
        (
            {"tools": [{"type": "function", "function": {"name": "f", "parameters": []}}]},
            "tools[0].function.parameters",
            "dictionary",
        ),
        ({"tool_choice": "always"}, "tool_choice", "Input should be"),
    ],
)
def test_malformed_formats_and_tools_are_400s_naming_the_parameter(fields, param, words):
    """Typed as OpenAI types them: each mistake is a 400 that says which parameter, not a crash later."""
    with pytest.raises(pydantic.ValidationError) as caught:
        chat(**fields)
    error = invalid(caught.value)
    assert error.status == 400 and error.param == param and words in error.message, (error.param, error.message)


# --- through the server, with the official client ---


class Ticket(BaseModel):
    category: Literal["billing", "technical", "shipping"]
    urgent: bool


def test_chat_parse_returns_the_pydantic_object(client, chat_model):
    completion = client.chat.completions.parse(
        model=chat_model,
        temperature=0,
        response_format=Ticket,
        messages=[{"role": "user", "content": "My parcel is lost."}],
    )
    assert isinstance(completion.choices[0].message.parsed, Ticket)


def test_responses_parse_honours_text_format(client, chat_model):
    response = client.responses.parse(model=chat_model, temperature=0, input="My parcel is lost.", text_format=Ticket)
    assert isinstance(response.output_parsed, Ticket)
    assert response.text.format.type == "json_schema"  # echoed like OpenAI does


def test_streamed_json_matches_the_schema(client, chat_model):
    stream = client.chat.completions.create(
        model=chat_model,
        temperature=0.8,
        seed=3,
        stream=True,
        messages=[{"role": "user", "content": "Any ticket."}],
        response_format={"type": "json_schema", "json_schema": {"name": "t", "schema": SCHEMA, "strict": True}},
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    jsonschema.validate(json.loads(text), SCHEMA)


def test_tool_call_has_the_sdk_shape_and_the_loop_completes(client, chat_model):
    first = client.chat.completions.create(
        model=chat_model, messages=ASK, tools=TOOLS, tool_choice="required", temperature=0
    )
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.content is None
    call = choice.message.tool_calls[0]
    assert isinstance(call, ChatCompletionMessageToolCall) and call.id.startswith("call_")
    spec = next(t["function"] for t in TOOLS if t["function"]["name"] == call.function.name)
    jsonschema.validate(json.loads(call.function.arguments), spec["parameters"])
    messages = ASK + [choice.message, {"role": "tool", "tool_call_id": call.id, "content": "84"}]
    final = client.chat.completions.create(
        model=chat_model, messages=messages, tools=TOOLS, tool_choice="none", temperature=0, max_tokens=20
    )
    assert final.choices[0].message.tool_calls is None and final.choices[0].message.content


def test_streamed_tool_call_accumulates_in_the_sdk(client, chat_model):
    with client.chat.completions.stream(
        model=chat_model, messages=ASK, tools=TOOLS, tool_choice="required", temperature=0
    ) as stream:
        completion = stream.get_final_completion()
    call = completion.choices[0].message.tool_calls[0]
    assert completion.choices[0].finish_reason == "tool_calls"
    assert call.function.name in {"calculator", "weather"} and json.loads(call.function.arguments)


def test_responses_function_call_item_and_stream(client, chat_model):
    tools = [{"type": "function", **t["function"]} for t in TOOLS]
    response = client.responses.create(
        model=chat_model, input="What is 12 times 7?", tools=tools, tool_choice="required", temperature=0
    )
    item = response.output[0]
    assert isinstance(item, ResponseFunctionToolCall) and json.loads(item.arguments)
    answer = client.responses.create(
        model=chat_model,
        tools=tools,
        temperature=0,
        max_output_tokens=20,
        input=[
            {"role": "user", "content": "What is 12 times 7?"},
            item,
            {"type": "function_call_output", "call_id": item.call_id, "output": "84"},
        ],
    )
    assert answer.output[0].type == "message"
    with client.responses.stream(
        model=chat_model, input="What is 12 times 7?", tools=tools, tool_choice="required", temperature=0
    ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_response()
    assert "response.function_call_arguments.done" in kinds and final.output[0].type == "function_call"


# --- the response shapes alone, read back by the SDK's own types (fast, no model) ---

CALL_TEXT = '<tool_call>{"name": "calculator", "arguments": {"a": 12, "op": "*", "b": 7}}</tool_call>'


def test_a_call_becomes_the_sdk_tool_call_shape():
    from openai.types.chat import ChatCompletion

    from helpers.server import formats

    plan = structured.chat_plan(chat(tools=TOOLS))
    reply = ChatCompletion.model_validate(
        structured.chat_reply(formats.chat_completion("chatcmpl-1", "m", CALL_TEXT, "stop", 5, 9), CALL_TEXT, plan)
    )
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.content is None
    assert isinstance(choice.message.tool_calls[0], ChatCompletionMessageToolCall)
    assert json.loads(choice.message.tool_calls[0].function.arguments) == {"a": 12, "op": "*", "b": 7}
    plain = structured.chat_reply(formats.chat_completion("chatcmpl-2", "m", "84", "stop", 5, 1), "84", plan)
    assert plain["choices"][0]["message"]["content"] == "84"  # 'auto' may answer in words


def test_streamed_call_deltas_accumulate_in_the_sdk():
    from openai.lib.streaming.chat import ChatCompletionStreamState
    from openai.types.chat import ChatCompletionChunk

    from helpers.server import formats

    state = ChatCompletionStreamState(input_tools=TOOLS)
    plan = structured.chat_plan(chat(tools=TOOLS))
    deltas = [{"role": "assistant", "content": ""}] + structured.chat_call_deltas(CALL_TEXT, plan)
    for delta in deltas + [{}]:
        finish = None if delta else "tool_calls"
        state.handle_chunk(ChatCompletionChunk.model_validate(formats.chat_chunk("chatcmpl-1", "m", delta, finish)))
    call = state.get_final_completion().choices[0].message.tool_calls[0]
    assert call.function.name == "calculator" and json.loads(call.function.arguments) == {"a": 12, "op": "*", "b": 7}


def test_function_call_item_is_the_responses_type():
    plan = structured.responses_plan(responses(tools=[{"type": "function", **t["function"]} for t in TOOLS]))
    item = ResponseFunctionToolCall.model_validate(structured.function_call_item(CALL_TEXT, plan))
    assert item.name == "calculator" and item.call_id.startswith("call_") and json.loads(item.arguments)["b"] == 7
