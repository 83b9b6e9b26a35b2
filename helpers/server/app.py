"""The FastAPI app: the server's state, the OpenAI-compatible routers and a body size limit.

Our own app rather than `transformers serve`'s: the stock server answers non-streamed Responses with
SSE, over-long prompts with HTTP 500, rejects `stream_options`, serves one request at a time and has
no embeddings, files or fine-tuning. Routes live in `routers/` (one module per API area) and stay
thin; the work is in the engine, embedder, file store and job queue modules.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import FastAPI

from ..settings import LOCAL_CHAT_MODEL
from . import errors, routers
from .audio import Transcriber
from .embeddings import Embedder
from .engine import Engine
from .files import FileStore
from .guard import Guard
from .jobs import JobQueue
from .routers.models import health_router
from .state import ServerState

MAX_BODY_BYTES = 26 * 1024 * 1024  # OpenAI's audio limit is 25 MB


def create_app(
    token: str,
    chat_path: Path,
    embed_path: Path,
    whisper_path: Path | None,
    folder: Path | None = None,
    engine_thread: bool = True,
) -> FastAPI:
    """The app; uploads and adapters go under `folder` (a fresh temporary folder by default).
    `engine_thread=False`: the caller runs `app.state.course.engine.serve()` (the server process does,
    in its main thread)."""
    app = FastAPI(title="Course server (OpenAI-compatible)", docs_url=None, redoc_url=None)
    errors.install(app)
    folder = folder or Path(tempfile.mkdtemp(prefix="course-server-"))
    engine, files = Engine(chat_path, background=engine_thread), FileStore(folder / "files")
    app.state.course = ServerState(
        token=token,
        engine=engine,
        embedder=Embedder(embed_path),
        transcriber=Transcriber(whisper_path),
        files=files,
        jobs=JobQueue(engine, files, LOCAL_CHAT_MODEL, folder / "adapters"),
    )

    app.add_middleware(Guard, max_body_bytes=MAX_BODY_BYTES)
    app.include_router(health_router)
    for router in routers.ALL:
        app.include_router(router)
    return app
