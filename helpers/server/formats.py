"""OpenAI response shapes (chat completions, chunks, Responses API objects and SSE events) as plain dicts."""

from __future__ import annotations

import json
import time
import uuid

FINGERPRINT = "fp_course_local"


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:24]}"


def sse(data: dict | str, event: str | None = None) -> str:
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return (f"event: {event}\n" if event else "") + f"data: {payload}\n\n"


def chat_usage(prompt: int, completion: int) -> dict:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def chat_completion(cid: str, model: str, text: str, finish: str, prompt: int, completion: int) -> dict:
    return {
        "id": cid,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": FINGERPRINT,
        "service_tier": "default",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "logprobs": None,
                "message": {"role": "assistant", "content": text, "refusal": None, "annotations": []},
            }
        ],
        "usage": chat_usage(prompt, completion),
    }


def chat_chunk(cid: str, model: str, delta: dict, finish: str | None = None, with_usage: bool = False) -> dict:
    chunk = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": FINGERPRINT,
        "service_tier": "default",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }
    if with_usage:
        chunk["usage"] = None
    return chunk


def usage_chunk(cid: str, model: str, prompt: int, completion: int) -> dict:
    return {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": FINGERPRINT,
        "choices": [],
        "usage": chat_usage(prompt, completion),
    }


def message_item(item_id: str, text: str | None, status: str = "completed") -> dict:
    content = [] if text is None else [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]
    return {"type": "message", "id": item_id, "status": status, "role": "assistant", "content": content}


def response_object(
    rid: str, model: str, params: dict, status: str, output: list[dict], usage: tuple[int, int] | None = None
) -> dict:
    incomplete = {"reason": "max_output_tokens"} if status == "incomplete" else None
    return {
        "id": rid,
        "object": "response",
        "created_at": int(time.time()),
        "status": status,
        "model": model,
        "output": output,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": params.get("instructions"),
        "max_output_tokens": params.get("max_output_tokens"),
        "temperature": params.get("temperature", 1.0),
        "top_p": params.get("top_p", 1.0),
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "metadata": params.get("metadata") or {},
        "previous_response_id": None,
        "reasoning": {"effort": None, "summary": None},
        "text": {"format": {"type": "text"}},
        "truncation": "disabled",
        "store": False,
        "usage": None
        if usage is None
        else {
            "input_tokens": usage[0],
            "output_tokens": usage[1],
            "total_tokens": sum(usage),
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }
