"""The connection for this session (mode, key, server, models), resolved once, and the OpenAI client for it.

`connection()` looks for the key, reads the `.env` file and picks the mode once, then keeps the result.
It resolves again by itself when a course setting in the environment changes (say `os.environ[
"OPENAI_API_KEY"] = ...` in a cell), and on `connection(refresh=True)`: after editing `.env` or adding a
Colab secret. `.env` is only read, never copied into `os.environ`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import httpx2 as httpx  # the HTTP library the openai SDK is built on

from .keys import KeyLookup, find_openai_key, mask, read_dotenv
from .probe import ServerProbe, probe_server
from .settings import (
    CONNECTION_SETTINGS,
    ENV_CHAT_MODEL,
    ENV_EMBEDDING_MODEL,
    LOCAL_CHAT_MODEL,
    LOCAL_EMBEDDING_MODEL,
    OPENAI_CHAT_MODEL,
    OPENAI_EMBEDDING_MODEL,
    SERVER_MAX_BATCH,
    Mode,
    detect_mode,
)

EMBEDDING_HINTS = ("embed", "minilm", "bge", "e5-", "gte")  # how embedding models are usually named
DEFAULT_MODELS = {
    "openai": (OPENAI_CHAT_MODEL, OPENAI_EMBEDDING_MODEL),
    "local": (LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL),
    "compatible": (None, None),
}  # None: ask the server (chat_model(), embedding_model())


@dataclass(frozen=True)
class Connection:
    """Where requests go, with which key and models: resolved once (see `connection()`)."""

    mode: Mode
    key: KeyLookup  # the OpenAI key (its repr is masked) and where it was found
    chat_model: str | None  # COURSE_CHAT_MODEL, else the mode's default; None: the server's first model
    embedding_model: str | None  # COURSE_EMBEDDING_MODEL, else the mode's default; None: ask the server
    environment: int = field(repr=False)  # a fingerprint of the settings in os.environ and the folder

    @property
    def base_url(self) -> str:
        """Where requests go. In local mode: the course server running now (started if needed)."""
        return self.mode.base_url or _local_server().base_url

    @property
    def api_key(self) -> str:
        """The OpenAI key; the local server's per-run token in local mode; a stand-in if none is needed."""
        if self.mode.name == "local":
            return _local_server().token
        return self.key.key or "not-needed"


def _local_server():
    from .server import start_server

    return start_server()


def _environment() -> int:
    """What a connection depends on that can change without telling us (the settings in os.environ and the
    folder), as a hash: the key itself is not kept, so printing a connection never shows it."""
    return hash(tuple(os.environ.get(name) for name in CONNECTION_SETTINGS) + (os.getcwd(),))


def _resolve() -> Connection:
    """Look for the key and pick the mode and the models, once. Raises ValueError on contradicting settings."""
    from_file = read_dotenv()
    settings = {**from_file, **{k: v for k, v in os.environ.items() if k in CONNECTION_SETTINGS}}
    key = find_openai_key(file_values=from_file)
    mode = detect_mode(key.key, env=settings, key_found=key.found)
    chat, embedding = DEFAULT_MODELS[mode.name]
    return Connection(
        mode, key, settings.get(ENV_CHAT_MODEL) or chat, settings.get(ENV_EMBEDDING_MODEL) or embedding, _environment()
    )


_connection: Connection | None = None
_announced: Mode | None = None


def connection(refresh: bool = False) -> Connection:
    """This session's connection, resolved once; again when a course setting in os.environ changed, or on
    refresh=True (after editing the .env file or adding a Colab secret)."""
    global _connection
    if refresh or _connection is None or _connection.environment != _environment():
        _connection = _resolve()
    return _connection


def current_mode() -> Mode:
    """The mode for this session, from the key (environment, .env, Colab Secrets) and the settings."""
    return connection().mode


def show_mode(always: bool = False) -> Mode:
    """Print the one plain-language mode line (once per kernel, again if the mode changes, or `always`)."""
    global _announced
    mode = current_mode()
    if always or mode != _announced:
        print(mode.describe())
        _announced = mode
    return mode


def is_local() -> bool:
    """True when the course talks to its own local server (decided by the mode, never by a model name)."""
    return current_mode().name == "local"


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
    return httpx.Request(
        request.method, request.url, headers=headers, json={**body, **extra}, extensions=request.extensions
    )


class _Mirror(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return super().handle_request(mirror_token_limit(request))


class _AsyncMirror(httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await super().handle_async_request(mirror_token_limit(request))


def get_client():
    """An `openai.OpenAI` client for the current mode (the local server starts once, in the background).

    In local mode the client follows the course server: one made before `stop_server()` keeps working."""
    from openai import DefaultHttpxClient, OpenAI

    conn = connection()
    show_mode()
    if conn.mode.name == "local":
        from .server.client import CourseServerClient

        return CourseServerClient()
    extra = {"http_client": DefaultHttpxClient(transport=_Mirror())} if conn.mode.name == "compatible" else {}
    return OpenAI(api_key=conn.api_key, base_url=conn.base_url, **extra)


def get_async_client():
    """An `openai.AsyncOpenAI` client for the same backend as get_client()."""
    from openai import AsyncOpenAI, DefaultAsyncHttpxClient

    conn = connection()
    show_mode()
    if conn.mode.name == "local":
        from .server.client import AsyncCourseServerClient

        return AsyncCourseServerClient()
    extra = {"http_client": DefaultAsyncHttpxClient(transport=_AsyncMirror())} if conn.mode.name == "compatible" else {}
    return AsyncOpenAI(api_key=conn.api_key, base_url=conn.base_url, **extra)


# Requests a notebook sends at once (its thread pool), by where they go. Only the number in flight changes:
# each request, and its answer, is the same.
AT_ONCE_COURSE_SERVER = SERVER_MAX_BATCH  # the rows the course server decodes together: it is yours alone
AT_ONCE = {
    "local": AT_ONCE_COURSE_SERVER,
    "openai": 8,  # rate limits per minute may be enforced per second: a burst of 32 can get 429 errors
    "compatible": 4,  # a server the class shares answers a few at a time (Ollama, llama.cpp: 1-4) and queues the rest
}


def requests_at_once(api) -> int:
    """How many requests to send `api` at once (a thread pool's size): 32 to the local course server, 8 to
    OpenAI, 4 to any other server. A class server is shared: 30 learners sending 4 each queue 120 requests
    there, not 960, and every learner's requests move; on a CPU, stock `transformers serve` also answered
    16 long prompts sent 4 at a time twice as fast as sent 16 at a time (benchmarks/README.md)."""
    from .server.client import FollowsTheServer

    return AT_ONCE_COURSE_SERVER if isinstance(api, FollowsTheServer) else AT_ONCE[current_mode().name]


def local_fallback():
    """A client for the local course server, for an endpoint this mode's server lacks (embeddings, audio).

    The local server runs the offline models (all-MiniLM-L6-v2, Whisper tiny.en) on this machine."""
    from .server.client import CourseServerClient

    return CourseServerClient()


def chat_model() -> str:
    """The chat model to pass as `model=`: COURSE_CHAT_MODEL, else OpenAI's default, the server's first
    model (compatible mode) or SmolLM2 (local)."""
    conn = connection()
    if conn.chat_model:
        return conn.chat_model
    found = probe()
    if not found.answers:
        raise RuntimeError(
            f"Nothing usable answers at {conn.base_url} ({found.problem}). Is the server running? doctor() checks it."
        )
    chat = [m for m in found.models if not any(h in m.lower() for h in EMBEDDING_HINTS)]
    if not chat:
        raise RuntimeError(f"The server at {conn.base_url} lists no chat model; set {ENV_CHAT_MODEL}.")
    return chat[0]


def embedding_model() -> str:
    """The embedding model to pass as `model=`: COURSE_EMBEDDING_MODEL, else OpenAI's default, an
    embedding model the server lists (compatible mode), or all-MiniLM-L6-v2 (local, and the fallback)."""
    conn = connection()
    if conn.embedding_model:
        return conn.embedding_model
    listed = [m for m in probe().models if any(h in m.lower() for h in EMBEDDING_HINTS)]
    return listed[0] if listed else LOCAL_EMBEDDING_MODEL


_probes: dict[str, ServerProbe] = {}


def probe(refresh: bool = False) -> ServerProbe:
    """What the current mode's server offers, asked once per kernel (refresh=True asks again)."""
    conn = connection()
    base_url = conn.base_url
    if refresh or base_url not in _probes:
        # OpenAI (or a gateway to it) has every endpoint: probing them would send requests it must refuse.
        _probes[base_url] = probe_server(
            base_url,
            conn.api_key,
            endpoints=conn.mode.name != "openai",
            embedding_model=conn.embedding_model or "",
            chat_model=conn.chat_model or "",
        )
    return _probes[base_url]


def server_lacks(feature: str) -> str | None:
    """None when the server offers `feature` (helpers.probe.FEATURES); else one plain line saying it does not."""
    return probe().lacks(feature)


def server_checks_keys() -> bool | None:
    """Whether the server refuses a wrong key (True for OpenAI and the local course server)."""
    return probe().checks_keys


def server_info() -> dict:
    """Where the local course server runs (for teaching); the token is masked, never printed in full."""
    from .server import current_server

    server = current_server()
    if server is None:
        return {"running": False, "hint": "get_client() starts it in local mode"}
    return {
        "running": True,
        "base_url": server.base_url,
        "port": server.port,
        "pid": server.pid,
        "shared": server.shared,  # one server for all your notebooks (helpers/server/shared.py)
        "token": mask(server.token),
        "log": str(server.log),
    }


def stop_server() -> None:
    """Stop the local course server this kernel uses, shared or not (get_client() starts a new one)."""
    from .server import stop_server as stop

    stop()
