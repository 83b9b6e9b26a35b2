"""Which OpenAI request parameters the course server honours, refuses or ignores: no silent knobs.

Every parameter OpenAI's spec lists for a route the server serves is in exactly one of three sets
(tests/test_server_support.py walks the vendored spec to keep it so):
- honoured: it does what it does on OpenAI;
- refused: set to anything but its default, the request gets a 400 that names it and says what to do;
- ignored: it cannot change what the local model answers (bookkeeping such as `metadata`, a cache, a tier,
  a reasoning effort for a model that does not reason); the server accepts it and logs one line naming it.
"""

from __future__ import annotations

import logging

from .errors import bad_request

log = logging.getLogger("course.server")

LOGPROBS = (
    "The course server does not return log probabilities; notebook 01 shows next-token probabilities "
    "from the local model itself."
)
AUDIO = "The local chat model reads and writes text only; use OpenAI for audio in or out."
TOOLS_ONLY = "Legacy `functions`/`function_call` are not served: send `tools` and `tool_choice` instead."
STATELESS = "The course server stores nothing between requests: send the whole conversation in `input`."
DIARIZE = "The offline Whisper tiny.en transcribes one English speaker: no keywords, speakers or timestamps."

HONOURED: dict[str, set[str]] = {
    "/chat/completions": {
        "messages",
        "model",
        "max_completion_tokens",
        "max_tokens",
        "temperature",
        "top_p",
        "seed",
        "stop",
        "n",
        "stream",
        "stream_options",
        "response_format",
        "tools",
        "tool_choice",
        "frequency_penalty",
        "presence_penalty",
    },
    "/responses": {
        "input",
        "instructions",
        "model",
        "max_output_tokens",
        "temperature",
        "top_p",
        "stream",
        "text",
        "tools",
        "tool_choice",
    },
    "/embeddings": {"input", "model", "encoding_format", "dimensions"},
    "/audio/transcriptions": {"file", "model", "language", "prompt", "response_format"},
    "/fine_tuning/jobs": {"model", "training_file", "validation_file", "hyperparameters", "method", "suffix", "seed"},
    "/files": {"file", "purpose"},
}
# parameter -> why it is refused; refused only when set to something but its default
REFUSED: dict[str, dict[str, str]] = {
    "/chat/completions": {
        "logprobs": LOGPROBS,
        "top_logprobs": LOGPROBS,
        "logit_bias": "`logit_bias` is not "
        "served by the course server; use `stop`, a JSON schema or tools to steer the answer.",
        "audio": AUDIO,
        "modalities": AUDIO,
        "prediction": "Predicted outputs are not served.",
        "web_search_options": "The course server cannot search the web.",
        "functions": TOOLS_ONLY,
        "function_call": TOOLS_ONLY,
    },
    "/responses": {
        "previous_response_id": STATELESS,
        "conversation": STATELESS,
        "background": "Background responses are not served: the course server answers while you wait (or streams).",
        "include": "The course server has nothing extra to include.",
        "top_logprobs": LOGPROBS,
        "prompt": "Stored prompt templates live on OpenAI; send `instructions` and `input` instead.",
        "context_management": STATELESS,
    },
    "/embeddings": {},
    "/audio/transcriptions": {
        "stream": "The offline Whisper answers in one piece: leave `stream` out.",
        "include": LOGPROBS,
        "keywords": DIARIZE,
        "known_speaker_names": DIARIZE,
        "known_speaker_references": DIARIZE,
        "timestamp_granularities": DIARIZE,
        "languages": "Whisper tiny.en transcribes English only: use `language='en'`.",
    },
    "/fine_tuning/jobs": {
        "integrations": "The course server reports to no outside service (e.g. Weights & "
        "Biases): read the job's events instead."
    },
    "/files": {},
}
# bookkeeping both text endpoints accept: stored or billed on OpenAI, nothing to do for a local model
BOOKKEEPING = {
    "metadata",
    "user",
    "safety_identifier",
    "store",
    "service_tier",
    "prompt_cache_key",
    "prompt_cache_options",
    "prompt_cache_retention",
    "parallel_tool_calls",
    "moderation",
}
IGNORED: dict[str, set[str]] = {
    "/chat/completions": BOOKKEEPING | {"reasoning_effort", "verbosity"},
    "/responses": BOOKKEEPING | {"max_tool_calls", "reasoning", "truncation", "stream_options"},
    "/embeddings": {"user"},
    "/audio/transcriptions": {"temperature", "chunking_strategy"},
    "/fine_tuning/jobs": {"metadata"},
    "/files": {"expires_after"},
}
DEFAULTS = (None, False, 0, "", [], {}, ["text"])  # values that ask for nothing beyond the default


def check(route: str, fields: dict) -> None:
    """400 for the first refused parameter set to a non-default value; one log line for ignored ones."""
    for name, why in REFUSED[route].items():
        if name in fields and fields[name] not in DEFAULTS:
            raise bad_request(f"`{name}` is not supported by the course server. {why}", name)
    ignored = sorted(name for name in fields if name not in HONOURED[route] and fields[name] is not None)
    if ignored:
        log.info("%s: ignored by the course server (no effect on a local answer): %s", route, ", ".join(ignored))
