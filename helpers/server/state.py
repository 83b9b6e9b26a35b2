"""What every route needs, as FastAPI dependencies: the server's state and the bearer-token check."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from .audio import Transcriber
from .embeddings import Embedder
from .engine import Engine
from .errors import APIError
from .files import FileStore
from .jobs import JobQueue


@dataclass
class ServerState:
    """The models and stores of one running server (one per process)."""

    token: str
    engine: Engine
    embedder: Embedder
    transcriber: Transcriber
    files: FileStore
    jobs: JobQueue
    started: int = field(default_factory=lambda: int(time.time()))


def get_state(request: Request) -> ServerState:
    return request.app.state.course


State = Annotated[ServerState, Depends(get_state)]


def check_token(request: Request, state: State) -> None:
    """401 unless the request carries this server's per-run token (compared in constant time)."""
    sent = request.headers.get("authorization", "")
    if not hmac.compare_digest(sent.removeprefix("Bearer ").strip().encode(), state.token.encode()):
        what = "No API key was sent" if not sent else "The API key sent is not this server's token"
        raise APIError(
            401,
            f"{what}. Use helpers.get_client(), which passes the course server's per-run token, "
            "or the token printed by `course serve`.",
            "invalid_api_key",
        )
