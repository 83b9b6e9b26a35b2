"""Turn typed chat completions and Responses requests (protocol.py) into chat messages and engine settings.

Types and ranges are already checked by the protocol models; this module checks what depends on the
local model: text-only content, one choice, and the context length (tool calls and tool results
are rewritten as text before, in structured.py).
"""

from __future__ import annotations

from dataclasses import replace

from .engine import DEFAULT_MAX_TOKENS
from .errors import APIError, bad_request
from .protocol import TEXT_PARTS, ChatMessage, Content, EngineSettings, ResponseRequest, Sampling

ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
CHARS_PER_TOKEN_MAX = 32  # no real prompt is longer than this many characters per token


def _text(content: Content | None, param: str) -> str:
    if content is None or isinstance(content, str):
        return content or ""
    parts = []
    for part in content:
        if part.type not in TEXT_PARTS:
            raise bad_request(
                f"Content part type {part.type[:40]!r} is not supported: the local model reads text "
                "only (no images, audio or files). Send text, or use OpenAI for other inputs.",
                param,
            )
        parts.append(part.text)
    return "".join(parts)


def chat_messages(messages: list[ChatMessage]) -> list[dict]:
    out = []
    for i, message in enumerate(messages):
        if message.role not in ROLES:
            raise bad_request(
                f"messages[{i}].role must be one of system, developer, user, assistant, tool.", f"messages[{i}].role"
            )
        out.append({"role": ROLES[message.role], "content": _text(message.content, f"messages[{i}].content")})
    return out


def response_messages(request: ResponseRequest) -> list[dict]:
    """`input` (a string or a list of message items) plus `instructions` -> chat messages."""
    if request.previous_response_id:
        raise bad_request(
            "The course server does not store responses, so `previous_response_id` cannot be "
            "used: send the whole conversation in `input` instead.",
            "previous_response_id",
        )
    messages = [{"role": "system", "content": request.instructions}] if request.instructions else []
    if isinstance(request.input, str):
        return messages + [{"role": "user", "content": request.input}]
    return messages + [
        {"role": ROLES[item.role], "content": _text(item.content, f"input[{i}].content")}
        for i, item in enumerate(request.input)
    ]


def check_prompt_chars(messages: list[dict], context: int) -> None:
    """A clear 400 before tokenizing a prompt that cannot fit (tokenizing megabytes takes seconds)."""
    if sum(len(m["content"]) for m in messages) > CHARS_PER_TOKEN_MAX * context:
        raise APIError(
            400,
            f"This model's maximum context length is {context} tokens, and the messages are far "
            "longer than that. Please reduce the length of the messages.",
            "context_length_exceeded",
            "messages",
        )


def sampling(request: Sampling, n_prompt: int, context: int) -> EngineSettings:
    """The request's engine settings, with the number of new tokens checked against the context like OpenAI."""
    if getattr(request, "n", None) not in (None, 1):
        raise bad_request(
            "The course server returns one choice per request: use n=1 (or leave it out) "
            "and call again for more answers.",
            "n",
        )
    settings = request.engine_settings()
    limit, room = settings.max_new_tokens, context - n_prompt
    if room < 1 or (limit is not None and limit > room):
        raise APIError(
            400,
            f"This model's maximum context length is {context} tokens. However, you requested "
            f"{n_prompt + (limit or 1)} tokens ({n_prompt} in the messages, {limit or 1} in the "
            "completion). Please reduce the length of the messages or the completion.",
            "context_length_exceeded",
            "messages",
        )
    return replace(settings, max_new_tokens=limit or min(DEFAULT_MAX_TOKENS, room))
