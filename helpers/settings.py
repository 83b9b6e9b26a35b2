"""One place for the course's settings: modes, model names, environment variables and paths."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

# --- Where the course lives (badges and the Colab install cell are generated from this) ---
REPO_SLUG = "genai-course/generative-ai-course"
REPO_URL = f"https://github.com/{REPO_SLUG}"
BRANCH = "main"

# --- Environment variables the course reads (each COURSE_* one is documented in README.md) ---
ENV_API_KEY = "OPENAI_API_KEY"
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_HF_OFFLINE = "HF_HUB_OFFLINE"
ENV_MODE = "COURSE_MODE"  # force a mode: openai, local or compatible
ENV_CHAT_MODEL = "COURSE_CHAT_MODEL"  # which chat model to use (any mode); else the mode's default
ENV_EMBEDDING_MODEL = "COURSE_EMBEDDING_MODEL"  # which embedding model to use (any mode)
ENV_CACHE = "COURSE_CACHE"  # where prepared models live
ENV_WIDGETS = "COURSE_WIDGETS"  # "widgets", "text" or "auto" (the default): see widgets/common.py
ENV_PROGRESS = "COURSE_PROGRESS"  # where the exercise record lives (default: <model cache>/progress.json)
ENV_REPO_URL = "COURSE_REPO_URL"  # Colab setup cell: clone the course from here instead of REPO_URL
ENV_SERVER_TOKEN = "COURSE_SERVER_TOKEN"  # set by the helpers for the background server they start
ENV_SERVER_DIR = "COURSE_SERVER_DIR"  # ditto: the server's private run folder
ENV_REQUIRE_MODES = "COURSE_REQUIRE_MODES"  # CI: "1" turns a skipped modes test into a failure
ENV_REQUIRE_BROWSER = "COURSE_REQUIRE_BROWSER"  # CI: "1" turns a skipped browser test into a failure
ENV_FOUR_BIT = "COURSE_FOUR_BIT"  # "0": the course server decodes in bf16 only (to compare; server/fast_linear.py)
ENV_SHARED_SERVER = "COURSE_SHARED_SERVER"  # "0": each notebook starts its own course server (server/shared.py)
ENV_PREFIX_CACHE = "COURSE_PREFIX_CACHE"  # "0": shared prompt beginnings are recomputed (server/prefix_cache.py)
# the settings that decide where requests go (helpers.client.connection() reads them, and the .env file)
CONNECTION_SETTINGS = (ENV_API_KEY, ENV_BASE_URL, ENV_MODE, ENV_CHAT_MODEL, ENV_EMBEDDING_MODEL)

# --- Paths ---
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_CACHE = ".cache/genai-course"  # under the home folder, unless COURSE_CACHE says otherwise
CACHE_DIR = Path(os.environ.get(ENV_CACHE) or Path.home() / DEFAULT_CACHE)

# --- OpenAI models: the ONE registry (checked 2026-12-06 against the openai 3.57 SDK's type docs) ---
# tests/test_currency.py re-checks them for every date up to the end of next year against the installed SDK's
# shutdown notes and helpers/openai_shutdowns.csv (OpenAI's announcements the SDK misses), so an SDK upgrade
# or a new announcement tells maintainers what to change here. Retired models the lessons mention by name
# (the speech model before gpt-transcribe, the DALL-E models) are history, not calls: they are not here.
REGISTRY_CHECKED = "2026-12-06"  # each model below had a year left on this day, except the fine-tuning base
OPENAI_CHAT_MODEL = "gpt-6-luna"  # cheapest current GPT model (USD 0.10/0.50 per 1M tokens)
OPENAI_EMBEDDING_MODEL = "text-embedding-3-small"
OPENAI_IMAGE_MODEL = "gpt-image-2.5-flare"  # GPT Image models answer with base64 (b64_json), never a URL
OPENAI_TRANSCRIBE_MODEL = "gpt-transcribe"  # speech to text
OPENAI_MODERATION_MODEL = "omni-moderation-latest"  # free; the local server has no moderation model
OPENAI_TOKENIZER = "o200k_base"  # tiktoken encoding of the GPT-4o and later models
# Fine-tuning: OpenAI closes self-serve training to new jobs for everyone on 2027-01-06 (never-fine-tuned
# organisations lost it on 2026-05-07, inactive ones on 2026-07-02); the base below, and every model
# fine-tuned from it, shuts down on 2027-01-14. Source: developers.openai.com/api/docs/deprecations
# ("Update to OpenAI's self-serve fine-tuning", announced 2026-05-07). The course sends this model to
# OpenAI only while fine_tuning_refusal() says nothing; after that, notebook 05 trains an open model.
OPENAI_FINE_TUNE_MODEL = "gpt-4o-mini-2024-07-18"
OPENAI_FINE_TUNE_FAMILY = re.sub(r"-\d{4}-\d{2}-\d{2}$", "", OPENAI_FINE_TUNE_MODEL)  # without the date
FINE_TUNING_CLOSED = {"never fine-tuned": "2026-05-07", "inactive 60 days": "2026-07-02", "everyone": "2027-01-06"}
FINE_TUNE_BASE_SHUTDOWN = "2027-01-14"
FINE_TUNING_SOURCE = "https://developers.openai.com/api/docs/deprecations"
CALLED_UNTIL = {OPENAI_FINE_TUNE_MODEL: FINE_TUNING_CLOSED["everyone"]}  # models the course stops calling


def fine_tuning_refusal(today: date) -> str | None:
    """Why OpenAI takes no new fine-tuning job of the course's base on `today` (dated, sourced), or None."""
    closed, shutdown = date.fromisoformat(FINE_TUNING_CLOSED["everyone"]), date.fromisoformat(FINE_TUNE_BASE_SHUTDOWN)
    if today >= shutdown:
        return (
            f"{OPENAI_FINE_TUNE_MODEL}, the fine-tuning base, and every model fine-tuned from it shut down on "
            f"{shutdown} ({FINE_TUNING_SOURCE})."
        )
    if today >= closed:
        return (
            f"OpenAI's self-serve fine-tuning takes no new jobs since {closed}, from anyone "
            f"({FINE_TUNING_SOURCE}, announced 2026-05-07)."
        )
    return None


OPENAI_MODELS = {
    "chat": OPENAI_CHAT_MODEL,
    "embedding": OPENAI_EMBEDDING_MODEL,
    "image": OPENAI_IMAGE_MODEL,
    "speech to text": OPENAI_TRANSCRIBE_MODEL,
    "fine-tuning base": OPENAI_FINE_TUNE_MODEL,
}
# gpt-6-luna is a reasoning model: it accepts temperature/top_p only with reasoning effort "none", and
# hidden reasoning tokens would otherwise use up a small max_completion_tokens before any visible answer.
OPENAI_CHAT_OPTIONS = {"chat": {"reasoning_effort": "none"}, "responses": {"reasoning": {"effort": "none"}}}


def chat_options(mode_name: str, api: str = "chat") -> dict:
    """Extra arguments the course's OpenAI model needs for `api` ("chat" or "responses"); none elsewhere."""
    return dict(OPENAI_CHAT_OPTIONS[api]) if mode_name == "openai" else {}


# --- Local models: Hugging Face Hub ids (helpers/models.py says where each comes from offline) ---
LOCAL_CHAT_MODEL = "HuggingFaceTB/SmolLM2-135M-Instruct"
LOCAL_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
LOCAL_TRANSCRIBE_MODEL = "openai/whisper-tiny.en"
LOCAL_SENTIMENT_MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
SERVER_MAX_BATCH = 32  # rows the course server decodes together (server/engine.py; client.requests_at_once)


def short_name(model: str) -> str:
    """A Hub id without its owner: 'HuggingFaceTB/SmolLM2-135M-Instruct' -> 'SmolLM2-135M-Instruct'."""
    return model.rstrip("/").split("/")[-1]


MODES = ("openai", "local", "compatible")
OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
HF_HUB_URL = "https://huggingface.co"
PROBE_TIMEOUT_S = 1.5


@dataclass(frozen=True)
class Mode:
    """Which backend the course talks to, and why."""

    name: str  # "openai", "local" or "compatible"
    reason: str  # the first half of the mode line, e.g. "OpenAI key found in the .env file"
    base_url: str | None = None  # None means "start the local course server"

    def describe(self) -> str:
        """One plain-language line for the top of every notebook."""
        if self.name == "openai":
            return f"{self.reason}: using the OpenAI API at {self.base_url}."
        if self.name == "compatible":
            return (
                f"Using the OpenAI-compatible server at {self.base_url} ({self.reason}). "
                f"Unset {ENV_BASE_URL} to use OpenAI or the local course server."
            )
        return (
            f"{self.reason}: using the local course server with {short_name(LOCAL_CHAT_MODEL)}. "
            "Add a key to use OpenAI."
        )


def _is_openai_url(url: str) -> bool:
    return urlparse(url).hostname in {"api.openai.com", None}


def detect_mode(key: str | None = None, env: dict[str, str] | None = None, key_found: str = "found") -> Mode:
    """Pick the mode from COURSE_MODE, OPENAI_BASE_URL (in `env`) and whether a key was found.

    `key_found` says where, for the mode line: "found in the .env file" gives
    "OpenAI key found in the .env file: using the OpenAI API at https://api.openai.com/v1."."""
    env = os.environ if env is None else env
    base_url = env.get(ENV_BASE_URL, "").strip() or None
    forced = env.get(ENV_MODE, "").strip().lower()
    if forced and forced not in MODES:
        raise ValueError(f"{ENV_MODE}={forced!r} is not a mode. Use one of: {', '.join(MODES)}.")
    if forced == "local":
        return Mode("local", f"{ENV_MODE}=local")
    if forced == "compatible" or (not forced and base_url and not _is_openai_url(base_url)):
        if not base_url:
            raise ValueError(f"{ENV_MODE}=compatible needs {ENV_BASE_URL}, e.g. http://localhost:11434/v1")
        return Mode("compatible", f"{ENV_BASE_URL} is set", base_url)
    if key:
        return Mode("openai", f"OpenAI key {key_found}", base_url or OPENAI_DEFAULT_URL)
    if forced == "openai":
        raise ValueError(
            f"{ENV_MODE}=openai but no OpenAI key was found. Add {ENV_API_KEY} "
            "to your environment, a .env file or Colab Secrets."
        )
    return Mode("local", "No OpenAI key found")


def in_colab() -> bool:
    """True inside Google Colab."""
    try:
        import google.colab  # noqa: F401
    except ImportError:
        return False
    return True
