"""The OpenAI client for the current mode: OpenAI, another compatible server, or the local course server."""
from __future__ import annotations

import os

from .keys import find_openai_key, mask
from .settings import (ENV_BASE_URL, LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL, OPENAI_CHAT_MODEL,
                       OPENAI_EMBEDDING_MODEL, Mode, detect_mode)

ENV_CHAT_MODEL = "COURSE_CHAT_MODEL"  # compatible mode: which model the other server should use
ENV_EMBEDDING_MODEL = "COURSE_EMBEDDING_MODEL"

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


def _connection() -> dict:
    """base_url and api_key for the current mode; starts the local course server when needed."""
    mode = show_mode()
    key = find_openai_key().key
    if mode.name == "openai":
        return {"api_key": key, "base_url": os.environ.get(ENV_BASE_URL) or None}
    if mode.name == "compatible":
        return {"api_key": key or "not-needed", "base_url": mode.base_url}
    from .server import start_server

    server = start_server()
    return {"api_key": server.token, "base_url": server.base_url}


def get_client():
    """An `openai.OpenAI` client for the current mode (the local server starts once, in the background)."""
    from openai import OpenAI

    return OpenAI(**_connection())


def get_async_client():
    """An `openai.AsyncOpenAI` client for the same backend as get_client()."""
    from openai import AsyncOpenAI

    return AsyncOpenAI(**_connection())


def chat_model() -> str:
    """The chat model to pass as `model=`: gpt-4o-mini with OpenAI, SmolLM2 locally."""
    mode = current_mode()
    if mode.name == "openai":
        return OPENAI_CHAT_MODEL
    if mode.name == "compatible":
        if os.environ.get(ENV_CHAT_MODEL):
            return os.environ[ENV_CHAT_MODEL]
        listed = [m.id for m in get_client().models.list()]
        if not listed:
            raise RuntimeError(f"The server at {mode.base_url} lists no models; set {ENV_CHAT_MODEL}.")
        return listed[0]
    return LOCAL_CHAT_MODEL


def embedding_model() -> str:
    """The embedding model to pass as `model=`."""
    mode = current_mode()
    if mode.name == "openai":
        return OPENAI_EMBEDDING_MODEL
    if mode.name == "compatible":
        return os.environ.get(ENV_EMBEDDING_MODEL, LOCAL_EMBEDDING_MODEL)
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
