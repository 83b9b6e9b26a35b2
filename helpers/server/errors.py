"""OpenAI-shaped errors: `{"error": {"message", "type", "param", "code"}}` with the matching HTTP status.

The official client maps the status to its exception classes (400 BadRequestError, 401
AuthenticationError, 404 NotFoundError, 413/422 APIStatusError...), so notebooks see the same
exceptions as against api.openai.com.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    404: "invalid_request_error",
    413: "invalid_request_error",
    429: "rate_limit_error",
    500: "server_error",
}


class APIError(Exception):
    """Raise anywhere in the server to answer with an OpenAI-shaped error."""

    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param

    def body(self) -> dict:
        return {
            "error": {
                "message": self.message,
                "type": _TYPES.get(self.status, "invalid_request_error"),
                "param": self.param,
                "code": self.code,
            }
        }


def bad_request(message: str, param: str | None = None, code: str | None = "invalid_value") -> APIError:
    return APIError(400, message, code, param)


def not_found(message: str, param: str | None = None, code: str | None = None) -> APIError:
    return APIError(404, message, code, param)


def _param(loc: tuple) -> str | None:
    """`messages[0].content` from pydantic's location, leaving out its union-member tags ('str', 'list[...]')."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier() and part.islower() and part not in _TYPE_TAGS:
            out += f".{part}" if out else part
    return out or None


_TYPE_TAGS = {"str", "int", "float", "bool", "dict", "list", "none"}


def invalid(error: ValidationError) -> APIError:
    """A 400 naming the first bad parameter; never echoes the input (it may be megabytes)."""
    problems = error.errors(include_input=False, include_url=False, include_context=False)
    first = max(problems, key=lambda p: len(p["loc"])) if problems else {"loc": (), "msg": "invalid request"}
    param = _param(first["loc"])
    if first.get("type") == "json_invalid":
        return bad_request(f"The request body is not valid JSON ({first['msg'].removeprefix('Invalid JSON: ')}).")
    if first.get("type") == "model_type" and param is None:
        return bad_request("The request body must be a JSON object.")
    where = f"`{param}`" if param else "the request body"
    return bad_request(
        f"Invalid value for {where}: {first['msg'][:200]}. Check the parameter against the OpenAI API reference.", param
    )


def error_response(error: APIError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


def install(app: FastAPI) -> None:
    """Turn every client error into an OpenAI-shaped JSON error (server bugs: see guard.py)."""

    @app.exception_handler(APIError)
    async def _api_error(_: Request, error: APIError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "bad parameters"}
        param = _param(tuple(first["loc"])[1:])
        return error_response(bad_request(f"Invalid value for `{param}`: {str(first['msg'])[:200]}.", param))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            return error_response(
                not_found(
                    "Unknown URL. This course server implements /v1/models, "
                    "/v1/chat/completions, /v1/responses, /v1/embeddings, /v1/files, "
                    "/v1/fine_tuning/jobs, /v1/audio/transcriptions.",
                    code="unknown_url",
                )
            )
        return error_response(APIError(error.status_code, str(error.detail)))
