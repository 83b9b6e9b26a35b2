"""Structured outputs and tool calls for the course server, by constrained decoding.

At every step the engine asks a `Constraint` which tokens may come next and masks the others, so
even the 135M model can only write text that matches the request's JSON schema (Chat Completions'
`response_format`, the Responses API's `text.format`) or a valid call of one of its `tools`.

Why llguidance (PyPI `llguidance`): one small wheel with no Python dependencies (xgrammar pulls in
triton and apache-tvm-ffi; outlines-core needs a regex built per schema and offers no grammars),
full JSON Schema support (anyOf, $ref, enums, nested objects) plus Lark grammars, and a mask per
token in well under a millisecond on this CPU (see benchmarks/structured.py).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import numpy as np
import torch

from .engine import Delta, Done
from .errors import bad_request
from .protocol import (
    ChatCompletionRequest,
    ChatToolChoice,
    ChatTool,
    FunctionSpec,
    JsonSchemaFormat,
    ResponseFormat,
    ResponseRequest,
    ResponsesTool,
    ResponsesToolChoice,
    TextFormats,
    ToolMode,
)

CALL_OPEN, CALL_CLOSE = "<tool_call>", "</tool_call>"
JSON_OPTIONS = {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}


@dataclass
class Plan:
    """What one request asks for: a grammar (None means free text) and the tools a call may use."""

    grammar: str | None = None
    tools: list[str] = field(default_factory=list)
    hint: str = ""  # appended to the system prompt: the schema or the tools, in words the model can read


class Constraint:
    """One request's grammar state: `mask()` the logits, then `advance()` with the chosen token."""

    def __init__(self, lltokenizer, grammar: str, vocab_size: int):
        import llguidance

        self.matcher = llguidance.LLMatcher(lltokenizer, grammar)
        if self.matcher.is_error():
            raise bad_request(
                f"The schema or tools could not be compiled: {self.matcher.get_error()}", "response_format"
            )
        self.vocab_size = vocab_size

    def mask(self, logits: torch.Tensor) -> torch.Tensor:
        """Set every token the grammar forbids to -inf (logits has shape (1, vocab))."""
        bits = np.frombuffer(self.matcher.compute_bitmask(), dtype=np.uint8)
        allowed = np.unpackbits(bits, bitorder="little")[: logits.shape[-1]].astype(bool)
        return logits.masked_fill(torch.from_numpy(~allowed), float("-inf"))

    def advance(self, token: int) -> None:
        self.matcher.consume_token(token)

    @property
    def done(self) -> bool:
        """True when the grammar is complete (nothing more may follow) or broken."""
        return self.matcher.is_stopped() or self.matcher.is_error()


class Constrainer:
    """Built once per engine: wraps the Hugging Face tokenizer for llguidance (~0.4 s)."""

    def __init__(self, tokenizer, vocab_size: int):
        import llguidance.hf

        self.lltokenizer = llguidance.hf.from_tokenizer(tokenizer)
        self.vocab_size = vocab_size

    def constraint(self, plan: Plan) -> Constraint | None:
        return None if plan.grammar is None else Constraint(self.lltokenizer, plan.grammar, self.vocab_size)


# --- requests -> plans (the request types are in protocol.py) ---


def _schema_grammar(schema: dict) -> str:
    import llguidance

    return llguidance.LLMatcher.grammar_from_json_schema(schema, defaults=JSON_OPTIONS)


def _format_plan(fmt: ResponseFormat | TextFormats | None) -> Plan:
    """`response_format` (chat, schema nested under json_schema) or `text.format` (Responses, flat)."""
    if fmt is None or fmt.type == "text":
        return Plan()
    if fmt.type == "json_object":
        return Plan(_schema_grammar({"type": "object"}), hint="Answer with one JSON object.")
    spec = fmt.json_schema if isinstance(fmt, JsonSchemaFormat) else fmt
    schema = {"type": "object"} if spec.schema_ is None else spec.schema_
    return Plan(_schema_grammar(schema), hint=f"Answer with JSON that follows this JSON schema: {json.dumps(schema)}")


def _chosen(tool_choice: ToolMode | ChatToolChoice | ResponsesToolChoice | None, names: list[str]) -> str | list[str]:
    """'none', 'auto' or the list of names a call must use ('required' or one named function)."""
    if tool_choice in (None, "auto", "none"):
        return tool_choice or "auto"
    if tool_choice == "required":
        return names
    name = tool_choice.function.name if isinstance(tool_choice, ChatToolChoice) else tool_choice.name
    if name not in names:
        raise bad_request(
            f"tool_choice must be 'none', 'auto', 'required' or name one of the tools {names}.", "tool_choice"
        )
    return [name]


def _call_schema(specs: list[FunctionSpec]) -> dict:
    options = [
        {
            "type": "object",
            "properties": {
                "name": {"const": s.name},
                "arguments": s.parameters or {"type": "object", "properties": {}},
            },
            "required": ["name", "arguments"],
            "additionalProperties": False,
        }
        for s in specs
    ]
    schema = options[0] if len(options) == 1 else {"anyOf": options}
    return {**schema, "x-guidance": JSON_OPTIONS}


def _listing(spec: FunctionSpec) -> str:
    return json.dumps(
        {
            "name": spec.name,
            "description": spec.description or "",
            "parameters": spec.parameters or {"type": "object", "properties": {}},
        }
    )


def tools_plan(tools: list[ChatTool] | list[ResponsesTool] | None, tool_choice) -> Plan | None:
    """The plan for a request with tools: a call forced ('required'/named) or the model's choice ('auto')."""
    import llguidance

    if not tools:
        return None
    specs = [tool.spec() for tool in tools]
    choice = _chosen(tool_choice, [s.name for s in specs])
    if choice == "none":
        return None
    if choice != "auto":
        specs = [s for s in specs if s.name in choice]
    call = f'"{CALL_OPEN}" %json {json.dumps(_call_schema(specs))} "{CALL_CLOSE}"'
    # 'auto': a call, or a plain answer (which cannot start with "<")
    lark = f"start: {call}" if choice != "auto" else f"start: {call} | TEXT\nTEXT: /[^<][\\s\\S]*/"
    listing = "\n".join(_listing(s) for s in specs)
    how = " and nothing else." if choice != "auto" else ". Otherwise answer in words."
    hint = (
        f"You can call these functions:\n{listing}\nTo call one, reply with "
        f'{CALL_OPEN}{{"name": ..., "arguments": {{...}}}}{CALL_CLOSE}{how}'
    )
    return Plan(llguidance.LLMatcher.grammar_from_lark(lark), [s.name for s in specs], hint)


def chat_plan(body: ChatCompletionRequest) -> Plan:
    """The plan for a Chat Completions request (tools win over response_format: a call is not an answer)."""
    return tools_plan(body.tools, body.tool_choice) or _format_plan(body.response_format)


def responses_plan(body: ResponseRequest) -> Plan:
    """The plan for a Responses request (`tools`, `text.format`)."""
    return tools_plan(body.tools, body.tool_choice) or _format_plan(body.text.format if body.text else None)


def with_hint(messages: list[dict], plan: Plan) -> list[dict]:
    """Tell the model in words what the grammar will enforce (a small model writes better JSON when it knows)."""
    if not plan.hint:
        return messages
    if messages and messages[0]["role"] == "system":
        return [{"role": "system", "content": messages[0]["content"] + "\n\n" + plan.hint}] + messages[1:]
    return [{"role": "system", "content": plan.hint}] + messages


_constrainers: dict[int, Constrainer] = {}


def constraint_for(tokenizer, vocab_size: int, plan: Plan) -> Constraint | None:
    """A fresh Constraint for one request (the tokenizer wrapper is built once and kept)."""
    if plan.grammar is None:
        return None
    if id(tokenizer) not in _constrainers:
        _constrainers[id(tokenizer)] = Constrainer(tokenizer, vocab_size)
    return _constrainers[id(tokenizer)].constraint(plan)


# --- conversation history with tool calls -> plain messages the model reads ---


def _call_text(name: str, arguments: str) -> str:
    try:
        args = json.loads(arguments or "{}")
    except json.JSONDecodeError:
        args = arguments
    return CALL_OPEN + json.dumps({"name": name, "arguments": args}) + CALL_CLOSE


def _result_text(call_id, output) -> str:
    return f"Result of tool call {call_id}: {output}"


def chat_history(messages: list) -> list:
    """Assistant `tool_calls` and `tool` results rewritten as text the model reads; other messages unchanged."""
    out = []
    for m in messages:
        calls = m.tool_calls
        if m.role == "assistant" and calls:
            text = "".join(_call_text(c["function"]["name"], c["function"].get("arguments", "")) for c in calls)
            out.append(type(m)(role="assistant", content=(m.content if isinstance(m.content, str) else "") + text))
        elif m.role == "tool":
            out.append(type(m)(role="user", content=_result_text(m.tool_call_id, m.content)))
        else:
            out.append(m)
    return out


def responses_history(items, message_type) -> object:
    """Responses `function_call` / `function_call_output` input items rewritten as `message_type` messages."""
    if not isinstance(items, list):
        return items
    out = []
    for item in items:
        kind = item.type
        if kind == "function_call":
            out.append(message_type(role="assistant", content=_call_text(item.name, item.arguments)))
        elif kind == "function_call_output":
            out.append(message_type(role="user", content=_result_text(item.call_id, item.output)))
        else:
            out.append(item)
    return out


# --- model text -> tool calls, in the shapes of the openai SDK ---


def parse_call(text: str, plan: Plan) -> tuple[str, str] | None:
    """(name, arguments as a JSON string) when the model wrote a complete call, else None."""
    if not plan.tools or not text.startswith(CALL_OPEN) or not text.endswith(CALL_CLOSE):
        return None
    call = json.loads(text[len(CALL_OPEN) : -len(CALL_CLOSE)])
    return call["name"], json.dumps(call["arguments"])


def new_call_id() -> str:
    return f"call_{uuid.uuid4().hex[:24]}"


def chat_reply(reply: dict, text: str, plan: Plan) -> dict:
    """A chat completion whose text is a call becomes an assistant message with `tool_calls`."""
    call = parse_call(text, plan)
    if call:
        choice = reply["choices"][0]
        choice["message"] = {
            "role": "assistant",
            "content": None,
            "refusal": None,
            "annotations": [],
            "tool_calls": [
                {"id": new_call_id(), "type": "function", "function": {"name": call[0], "arguments": call[1]}}
            ],
        }
        choice["finish_reason"] = "tool_calls"
    return reply


def chat_call_deltas(text: str, plan: Plan, piece: int = 16) -> list[dict] | None:
    """Stream deltas for a call, as OpenAI sends them (id and name first, then the arguments in pieces)."""
    call = parse_call(text, plan)
    if not call:
        return None
    name, arguments = call
    first = {"index": 0, "id": new_call_id(), "type": "function", "function": {"name": name, "arguments": ""}}
    return [{"tool_calls": [first]}] + [
        {"tool_calls": [{"index": 0, "function": {"arguments": arguments[i : i + piece]}}]}
        for i in range(0, len(arguments), piece)
    ]


async def replay(text: str, done: Done, finish: str | None = None):
    """A collected answer as engine events again (streaming routes that had to wait for the whole call)."""
    if text:
        yield Delta(text)
    yield Done(finish or done.finish_reason, done.prompt_tokens, done.completion_tokens)


def function_call_item(text: str, plan: Plan) -> dict | None:
    """The Responses API `function_call` output item for a call, else None."""
    call = parse_call(text, plan)
    if not call:
        return None
    return {
        "type": "function_call",
        "id": f"fc_{uuid.uuid4().hex[:24]}",
        "call_id": new_call_id(),
        "name": call[0],
        "arguments": call[1],
        "status": "completed",
    }


def echo_request(response: dict, body: ResponseRequest) -> dict:
    """Put the request's text format and tools back into a Responses object, as OpenAI does."""
    if body.text and body.text.format:
        response["text"] = {"format": body.text.format.model_dump(by_alias=True, exclude_none=True)}
    if body.tools:
        response["tools"] = [tool.model_dump(exclude_none=True) for tool in body.tools]
        choice = body.tool_choice or "auto"
        response["tool_choice"] = choice if isinstance(choice, str) else choice.model_dump()
    return response
