"""The OpenAI client for the current mode: OpenAI, another compatible server, or the local course server."""
from __future__ import annotations

import json
import os

import httpx2 as httpx  # the HTTP library the openai SDK is built on

from .keys import find_openai_key, mask
from .settings import (LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL, OPENAI_CHAT_MODEL, OPENAI_EMBEDDING_MODEL,
                       Mode, detect_mode)

ENV_CHAT_MODEL = "COURSE_CHAT_MODEL"  # which chat model to use (any mode); else the server's first model
ENV_EMBEDDING_MODEL = "COURSE_EMBEDDING_MODEL"  # which embedding model to use (any mode)
EMBEDDING_HINTS = ("embed", "minilm", "bge", "e5-", "gte")  # how embedding models are usually named

_announced = False


def current_mode() -> Mode:
    """The mode for this session, from the key (environment, .env, Colab Secrets) and the settings."""
    return detect_mode(find_openai_key().key)


def show_mode(always: bool = False) -> Mode:
    """Print the one plain-language mode line (once per kernel unless `always`)."""
    global _announced
    mode = current_mode()
    if always or not _announced:
        print(mode.describe())
        _announced = True
    return mode


def is_local() -> bool:
    """True when the course talks to its own local server (decided by the mode, never by a model name)."""
    return current_mode().name == "local"


def connection() -> dict:
    """mode, base_url and api_key for the current mode; starts the local course server when needed."""
    mode = show_mode()
    key = find_openai_key().key
    if mode.name == "openai":
        return {"mode": mode, "api_key": key, "base_url": mode.base_url}
    if mode.name == "compatible":
        return {"mode": mode, "api_key": key or "not-needed", "base_url": mode.base_url}
    from .server import start_server

    server = start_server()
    return {"mode": mode, "api_key": server.token, "base_url": server.base_url}


def _client_settings() -> dict:
    settings = connection()
    return {"api_key": settings["api_key"], "base_url": settings["base_url"]}


def said_explicitly(path: str, body: dict) -> dict:
    """What many OpenAI-compatible servers need said that OpenAI takes as a default.

    - `max_tokens` where a chat request sets only `max_completion_tokens`: `transformers serve`, older vLLM
      and Ollama read only `max_tokens` and would otherwise generate up to their own default (1024 tokens);
    - `"stream": false` on the Responses API: `transformers serve` streams unless told not to, and the
      client would then hand back the raw event stream as a string (so `responses.parse` would fail)."""
    extra = {}
    if path.endswith("/chat/completions") and "max_completion_tokens" in body and "max_tokens" not in body:
        extra["max_tokens"] = body["max_completion_tokens"]
    if path.endswith("/responses") and "stream" not in body:
        extra["stream"] = False
    return extra


def mirror_token_limit(request: httpx.Request) -> httpx.Request:
    """The same request, with what `said_explicitly()` adds for a compatible server."""
    if request.method != "POST" or "json" not in request.headers.get("content-type", ""):
        return request
    body = json.loads(request.read() or b"{}")
    extra = said_explicitly(request.url.path, body) if isinstance(body, dict) else {}
    if not extra:
        return request
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    return httpx.Request(request.method, request.url, headers=headers, json={**body, **extra},
                         extensions=request.extensions)


class _Mirror(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return super().handle_request(mirror_token_limit(request))


class _AsyncMirror(httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await super().handle_async_request(mirror_token_limit(request))


def get_client():
    """An `openai.OpenAI` client for the current mode (the local server starts once, in the background)."""
    from openai import DefaultHttpxClient, OpenAI

    settings = _client_settings()
    if current_mode().name == "compatible":
        settings["http_client"] = DefaultHttpxClient(transport=_Mirror())
    return OpenAI(**settings)


def get_async_client():
    """An `openai.AsyncOpenAI` client for the same backend as get_client()."""
    from openai import AsyncOpenAI, DefaultAsyncHttpxClient

    settings = _client_settings()
    if current_mode().name == "compatible":
        settings["http_client"] = DefaultAsyncHttpxClient(transport=_AsyncMirror())
    return AsyncOpenAI(**settings)


def local_fallback():
    """A client for the local course server, for an endpoint this mode's server lacks (embeddings, audio).

    The local server runs the offline models (all-MiniLM-L6-v2, Whisper tiny.en) on this machine."""
    from openai import OpenAI

    from .server import start_server

    server = start_server()
    return OpenAI(api_key=server.token, base_url=server.base_url)


def chat_model() -> str:
    """The chat model to pass as `model=`: COURSE_CHAT_MODEL, else OpenAI's default, the server's first
    model (compatible mode) or SmolLM2 (local)."""
    mode = current_mode()
    if os.environ.get(ENV_CHAT_MODEL):
        return os.environ[ENV_CHAT_MODEL]
    if mode.name == "openai":
        return OPENAI_CHAT_MODEL
    if mode.name == "compatible":
        from .probe import probe

        found = probe()
        if not found.answers:
            raise RuntimeError(f"Nothing usable answers at {mode.base_url} ({found.problem}). "
                               "Is the server running? doctor() checks it.")
        chat = [m for m in found.models if not any(h in m.lower() for h in EMBEDDING_HINTS)]
        if not chat:
            raise RuntimeError(f"The server at {mode.base_url} lists no chat model; set {ENV_CHAT_MODEL}.")
        return chat[0]
    return LOCAL_CHAT_MODEL


def embedding_model_setting() -> str | None:
    return os.environ.get(ENV_EMBEDDING_MODEL) or None


def embedding_model() -> str:
    """The embedding model to pass as `model=`: COURSE_EMBEDDING_MODEL, else OpenAI's default, an
    embedding model the server lists (compatible mode), or all-MiniLM-L6-v2 (local, and the fallback)."""
    mode = current_mode()
    if embedding_model_setting():
        return embedding_model_setting()
    if mode.name == "openai":
        return OPENAI_EMBEDDING_MODEL
    if mode.name == "compatible":
        from .probe import probe

        listed = [m for m in probe().models if any(h in m.lower() for h in EMBEDDING_HINTS)]
        return listed[0] if listed else LOCAL_EMBEDDING_MODEL
    return LOCAL_EMBEDDING_MODEL


def server_info() -> dict:
    """Where the local course server runs (for teaching); the token is masked, never printed in full."""
    from .server import current_server

    server = current_server()
    if server is None:
        return {"running": False, "hint": "get_client() starts it in local mode"}
    return {"running": True, "base_url": server.base_url, "port": server.port, "pid": server.process.pid,
            "token": mask(server.token), "log": str(server.log)}


def stop_server() -> None:
    """Stop the local course server started by this kernel (get_client() starts a new one)."""
    from .server import stop_server as stop

    stop()
