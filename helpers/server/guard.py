"""An ASGI middleware that guards every request: a byte limit enforced while the body streams in
(with or without Content-Length, JSON or multipart), and a plain 500 for server bugs that logs one
line (the error's type) instead of a traceback that may carry a student's prompt."""

from __future__ import annotations

import json
import logging

from .errors import APIError

log = logging.getLogger("course.server")


def too_large(limit: int) -> APIError:
    return APIError(
        413,
        f"The request body is larger than {limit // 2**20} MB. Send less data per request "
        "(split lists, shorten files).",
        "request_too_large",
    )


class Guard:
    def __init__(self, app, max_body_bytes: int):
        self.app, self.limit = app, max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            return await self._answer(
                send,
                too_large(self.limit)
                if length.isdigit()
                else APIError(400, "Invalid Content-Length header.", "invalid_request"),
            )
        received = 0

        async def receive_limited():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise too_large(self.limit)  # turned into a 413 by the app's APIError handler
            return message

        try:
            await self.app(scope, receive_limited, send_tracked)
        except Exception as error:  # a server bug: answer 500 (if we still can), log its type only
            log.error("%s %s failed: %s", scope.get("method"), scope.get("path"), type(error).__name__)
            if not started:
                await self._answer(
                    send,
                    APIError(
                        500,
                        "The course server hit an unexpected error. Restart it "
                        "with helpers.stop_server() and get_client().",
                        "server_error",
                    ),
                )

    @staticmethod
    async def _answer(send, error: APIError) -> None:
        body = json.dumps(error.body()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": error.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
