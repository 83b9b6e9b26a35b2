"""Reading request bodies into typed models (protocol.py) and multipart forms, as FastAPI dependencies.

Parsing and validation run in a worker thread when the body is big, so one large request never
freezes the event loop (and every other student's stream) while it is read.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from .errors import bad_request, invalid
from .multipart import parse_form

Model = TypeVar("Model", bound=BaseModel)
INLINE_BYTES = 64 * 1024  # smaller bodies are parsed on the event loop (faster than a thread hop)


def _validate(model: type[Model], raw: bytes) -> Model:
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as error:
        raise invalid(error) from None


def parsed(model: type[Model]) -> Callable:
    """A dependency that returns the request's body as `model`, or answers 400 naming the bad parameter."""

    async def dependency(request: Request) -> Model:
        raw = await request.body()  # the size limit applies while it streams in (guard.py)
        if len(raw) <= INLINE_BYTES:
            return _validate(model, raw)
        return await run_in_threadpool(_validate, model, raw)

    dependency.__name__ = f"parse_{model.__name__}"
    return dependency


async def form_body(request: Request) -> dict[str, tuple[str | None, bytes]]:
    """The request's multipart form: {field: (filename or None, bytes)}, parsed off the event loop."""
    raw = await request.body()
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise bad_request("Send this request as multipart/form-data (the openai client does this for you).")
    return await run_in_threadpool(parse_form, content_type, raw)
