"""Check and translate request parameters (chat completions and Responses) into engine settings."""
from __future__ import annotations

from .engine import DEFAULT_MAX_TOKENS
from .errors import APIError, bad_request

ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


def _text(content, param: str) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            kind = part.get("type") if isinstance(part, dict) else None
            if kind in ("text", "input_text", "output_text"):
                parts.append(part.get("text", ""))
            else:
                raise bad_request(f"Content part type {kind!r} is not supported: the local model reads text only "
                                  "(no images, audio or files). Send text, or use OpenAI for other inputs.", param)
        return "".join(parts)
    raise bad_request("Message content must be a string or a list of text parts.", param)


def chat_messages(messages) -> list[dict]:
    if not isinstance(messages, list) or not messages:
        raise bad_request("`messages` must be a non-empty list like [{'role': 'user', 'content': 'Hi'}].",
                          "messages")
    out = []
    for i, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role not in ROLES:
            raise bad_request(f"messages[{i}].role must be one of system, developer, user, assistant "
                              "(tools are not supported by the local model).", f"messages[{i}].role")
        out.append({"role": ROLES[role], "content": _text(message.get("content"), f"messages[{i}].content")})
    return out


def response_messages(body: dict) -> list[dict]:
    """`input` (a string or a list of messages/items) plus `instructions` -> chat messages."""
    data = body.get("input")
    messages = [{"role": "system", "content": body["instructions"]}] if body.get("instructions") else []
    if isinstance(data, str):
        return messages + [{"role": "user", "content": data}]
    if isinstance(data, list) and data:
        items = [item for item in data if not (isinstance(item, dict) and item.get("type") not in (None, "message"))]
        if len(items) != len(data):
            raise bad_request("Only message items (role + content) are supported in `input` by the course server.",
                              "input")
        return messages + chat_messages(items)
    raise bad_request("`input` must be a string or a non-empty list of messages.", "input")


def _number(body: dict, name: str, low: float, high: float, default):
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise bad_request(f"`{name}` must be a number from {low} to {high}; got {value!r}.", name)
    return float(value)


def sampling(body: dict, max_name: tuple[str, ...], n_prompt: int, context: int) -> dict:
    """temperature, top_p, seed, stop and the number of new tokens, checked like OpenAI does."""
    if body.get("n") not in (None, 1):
        raise bad_request("The course server returns one choice per request: use n=1 (or leave it out) "
                          "and call again for more answers.", "n")
    if body.get("tools"):
        raise bad_request("Tool calling is not supported by the local model. Leave out `tools`, or use OpenAI.",
                          "tools")
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise bad_request("`seed` must be an integer.", "seed")
    stop = body.get("stop")
    stop = [stop] if isinstance(stop, str) else (stop or [])
    if not isinstance(stop, list) or len(stop) > 4 or not all(isinstance(s, str) for s in stop):
        raise bad_request("`stop` must be a string or a list of up to 4 strings.", "stop")
    limit = next((body[name] for name in max_name if body.get(name) is not None), None)
    name = next((name for name in max_name if body.get(name) is not None), max_name[0])
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise bad_request(f"`{name}` must be a positive integer; got {limit!r}.", name)
    room = context - n_prompt
    if room < 1 or (limit is not None and limit > room):
        raise APIError(400, f"This model's maximum context length is {context} tokens. However, you requested "
                            f"{n_prompt + (limit or 1)} tokens ({n_prompt} in the messages, {limit or 1} in the "
                            "completion). Please reduce the length of the messages or the completion.",
                       "context_length_exceeded", "messages")
    return {"temperature": _number(body, "temperature", 0, 2, 1.0), "top_p": _number(body, "top_p", 0, 1, 1.0),
            "seed": seed, "stop": stop, "max_new_tokens": limit or min(DEFAULT_MAX_TOKENS, room)}
