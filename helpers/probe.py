"""Ask the server once per kernel what it offers: does it answer, which models, which endpoints, keys.

`probe_server()` asks; `helpers.client.probe()` keeps one answer per kernel for the current mode's server.
Servers differ: OpenAI has every endpoint; the local course server has all the course needs but images;
a classroom's vLLM, Ollama or `transformers serve` may have only chat; llama.cpp's server has no Responses
API and no `json_schema` structured outputs. Notebooks use `server_lacks()` to say so in one line and carry
on (with `local_fallback()`, Chat Completions or `json_object` plus validation where the lesson needs it).
Every request has a short timeout: a probe never hangs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import httpx2 as httpx  # the HTTP library the openai SDK is built on

from .settings import PROBE_TIMEOUT_S

# What a notebook may need beyond chat, and a cheap request that shows whether the endpoint is there.
# None of them costs money; only "structured outputs" generates (a few tokens: "{}").
FEATURES = {
    "responses": ("POST", "/responses"),
    "structured outputs": ("POST", "/chat/completions"),
    "embeddings": ("POST", "/embeddings"),
    "files": ("GET", "/files"),
    "fine-tuning": ("GET", "/fine_tuning/jobs"),
    "speech to text": ("POST", "/audio/transcriptions"),
    "images": ("POST", "/images/generations"),
}
MISSING = {404, 405, 501}  # no such route; a 5xx also means it cannot be used
WRONG_KEY = "wrong-key-for-the-probe"


@dataclass(frozen=True)
class ServerProbe:
    """What one server showed: whether it answers, its models, its endpoints, whether it checks keys."""

    base_url: str
    answers: bool
    problem: str | None = None  # why it does not answer
    models: tuple[str, ...] = ()
    endpoints: dict[str, bool] = field(default_factory=dict)  # feature -> usable
    checks_keys: bool | None = None  # None: not known

    def lacks(self, feature: str) -> str | None:
        """None when the server offers `feature` (see FEATURES); else one plain line saying it does not."""
        if feature not in FEATURES:
            raise ValueError(f"unknown feature {feature!r}; use one of {', '.join(FEATURES)}")
        if self.endpoints.get(feature, True):
            return None
        if feature == "structured outputs":
            return f"This server ({self.base_url}) does not honour json_schema response formats."
        if feature == "responses":
            return f"This server ({self.base_url}) has no Responses API."
        return f"This server ({self.base_url}) has no {feature} endpoint."

    def summary(self) -> str:
        """One line for doctor()."""
        if not self.answers:
            return f"does not answer at {self.base_url} ({self.problem})"
        models = ", ".join(self.models[:3]) + (" ..." if len(self.models) > 3 else "")
        lacks = [name for name, ok in self.endpoints.items() if not ok]
        keys = {True: "checks keys", False: "accepts any key", None: "key check not tested"}[self.checks_keys]
        return (
            f"answers at {self.base_url}: {len(self.models)} models ({models or 'none listed'}); "
            f"{keys}; lacks: {', '.join(lacks) or 'nothing the course needs'}"
        )


def _usable(http: httpx.Client, method: str, path: str, **kwargs) -> bool:
    """Whether the endpoint exists and works: any answer but "no such route" or a server error.

    An answer that is late is there: a server lacking the route says 404 at once, while a course server
    may still be loading the model behind it (the embedder loads on first use)."""
    try:
        answer = http.request(method, path, **kwargs)
    except httpx.ReadTimeout:
        return True
    except httpx.HTTPError:
        return False
    if answer.status_code == 404:  # the route exists when only the model was not found
        try:
            error = answer.json().get("error") or {}
        except (ValueError, AttributeError):
            return False
        return isinstance(error, dict) and (error.get("param") == "model" or error.get("code") == "model_not_found")
    return answer.status_code not in MISSING and answer.status_code < 500


def _structured(http: httpx.Client, model: str) -> bool:
    """Whether chat honours a `json_schema` response format: the answer must be the JSON it asks for.

    A server may refuse the format (llama.cpp's: HTTP 500), or ignore it and answer in plain text."""
    schema = {"type": "object", "properties": {}, "additionalProperties": False}  # shortest answer: {}
    body = {
        "model": model,
        "messages": [{"role": "user", "content": "Answer with an empty JSON object."}],
        "max_completion_tokens": 8,
        "max_tokens": 8,
        "temperature": 0,
        "response_format": {"type": "json_schema", "json_schema": {"name": "probe", "strict": True, "schema": schema}},
    }
    try:
        answer = http.post("/chat/completions", json=body)
        return answer.status_code == 200 and json.loads(answer.json()["choices"][0]["message"]["content"]) == {}
    except httpx.ReadTimeout:
        return True  # the route is there and busy (a model still loading), as in _usable
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError):
        return False


def probe_server(
    base_url: str, api_key: str, endpoints: bool = True, embedding_model: str = "", chat_model: str = ""
) -> ServerProbe:
    """Probe a server now (no cache). `endpoints=False` asks only for models and the key check."""
    headers = {"Authorization": f"Bearer {api_key}"}
    with httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=PROBE_TIMEOUT_S * 2) as http:
        try:
            listed = http.get("/models")
        except httpx.HTTPError as error:
            return ServerProbe(base_url, False, f"{type(error).__name__}: {error}"[:200])
        if listed.status_code in (401, 403):
            return ServerProbe(base_url, False, f"the key was refused (HTTP {listed.status_code})")
        if listed.status_code != 200:
            return ServerProbe(base_url, False, f"GET /models answered HTTP {listed.status_code}")
        try:
            models = tuple(m["id"] for m in listed.json().get("data", []))
        except (ValueError, AttributeError, KeyError, TypeError):
            models = ()
        try:
            wrong = http.get("/models", headers={"Authorization": f"Bearer {WRONG_KEY}"}).status_code
        except httpx.HTTPError:
            wrong = None
        found = {}
        if endpoints:
            embedder = embedding_model or next((m for m in models if "embed" in m.lower()), "probe")
            chat = chat_model or next((m for m in models if "embed" not in m.lower()), "probe")
            bodies = {
                "embeddings": {"json": {"model": embedder, "input": "probe"}},
                "images": {"json": {"prompt": ""}},
                "responses": {"json": {}},
            }  # a route that is there refuses an empty body with 400 or 422
            found = {
                name: _usable(http, method, path, **bodies.get(name, {}))
                for name, (method, path) in FEATURES.items()
                if name != "structured outputs"
            }
            found["structured outputs"] = _structured(http, chat)
    return ServerProbe(base_url, True, None, models, found, checks_keys=wrong in (401, 403) if wrong else None)
