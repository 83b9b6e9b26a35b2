"""OpenAI-shaped errors: `{"error": {"message", "type", "param", "code"}}` with the matching HTTP status.

The official client maps the status to its exception classes (400 BadRequestError, 401
AuthenticationError, 404 NotFoundError, 413/422 APIStatusError...), so notebooks see the same
exceptions as against api.openai.com.
"""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 404: "invalid_request_error",
          413: "invalid_request_error", 429: "rate_limit_error", 500: "server_error"}


class APIError(Exception):
    """Raise anywhere in the server to answer with an OpenAI-shaped error."""

    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param

    def body(self) -> dict:
        return {"error": {"message": self.message, "type": _TYPES.get(self.status, "invalid_request_error"),
                          "param": self.param, "code": self.code}}


def bad_request(message: str, param: str | None = None, code: str | None = "invalid_value") -> APIError:
    return APIError(400, message, code, param)


def not_found(message: str, param: str | None = None, code: str | None = None) -> APIError:
    return APIError(404, message, code, param)


def error_response(error: APIError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


def install(app: FastAPI) -> None:
    """Turn every failure into an OpenAI-shaped JSON error; never a bare 500 with HTML or a traceback."""

    @app.exception_handler(APIError)
    async def _api_error(_: Request, error: APIError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        param = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
        message = f"Invalid request: {first.get('msg', 'bad parameters')} (parameter {param!r}). " \
                  "Check the parameter names and types against the OpenAI API reference."
        return error_response(bad_request(message, param))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            return error_response(not_found(f"Unknown URL. This course server implements /v1/models, "
                                             "/v1/chat/completions, /v1/responses, /v1/embeddings, /v1/files, "
                                             "/v1/fine_tuning/jobs, /v1/audio/transcriptions.", code="unknown_url"))
        return error_response(APIError(error.status_code, str(error.detail)))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        return error_response(APIError(500, f"The course server hit an unexpected error: {error!r}. "
                                            "Look at the server log; restart with helpers.stop_server() "
                                            "and get_client().", "server_error"))
