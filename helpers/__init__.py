"""Shared helpers for the Generative AI course notebooks, grouped by the lesson that first uses them.

docs/architecture.md says which module does what.
"""

import gc
import os

# `datasets` draws progress bars only the first time it reads or maps a file (then it reads its cache), so a
# lesson would print differently on a fresh machine. The course turns them off before `datasets` loads;
# set HF_DATASETS_DISABLE_PROGRESS_BARS=0 to see them.
os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")

# every notebook: the mode line, checked exercises, quizzes, course folders and the set-up report
from .client import current_mode, is_local, show_mode
from .doctor import doctor
from .exercises import check, show_solution
from .quizzes import QUIZZES
from .settings import DATA_DIR, PROJECT_ROOT, Mode, detect_mode, in_colab

# 01 concepts: tokens and probabilities, the offline model kit
from .display import bar_chart, show_messages, token_table
from .models import KIT, model_for, prepare

# 02 API keys
from .keys import find_openai_key, mask

# 03 the OpenAI API: clients, model names, what a server offers, costs
from .client import (
    chat_model,
    embedding_model,
    get_async_client,
    get_client,
    local_fallback,
    requests_at_once,
    server_info,
    stop_server,
)
from .pricing import estimate_cost, format_usd, price_table
from .client import server_checks_keys, server_lacks

# 06 building with the API: retrieval and guardrails
from .retrieval import hit_rate, load_corpus, load_jsonl, looks_like_injection, passages, top_k

__all__ = [
    "current_mode",
    "is_local",
    "show_mode",
    "doctor",
    "check",
    "show_solution",
    "QUIZZES",
    "DATA_DIR",
    "PROJECT_ROOT",
    "Mode",
    "detect_mode",
    "in_colab",
    "chat",
    "playground",
    "quiz",
    "token_viewer",
    "bar_chart",
    "show_messages",
    "token_table",
    "KIT",
    "model_for",
    "prepare",
    "find_openai_key",
    "mask",
    "chat_model",
    "embedding_model",
    "get_async_client",
    "get_client",
    "local_fallback",
    "requests_at_once",
    "server_info",
    "stop_server",
    "estimate_cost",
    "format_usd",
    "price_table",
    "server_checks_keys",
    "server_lacks",
    "hit_rate",
    "load_corpus",
    "load_jsonl",
    "looks_like_injection",
    "passages",
    "top_k",
]

# At exit, Python's last garbage collections walk every object still alive: with torch and transformers loaded
# that is ~1.4 s before a kernel (or the course server) stops. What is imported by now lives until exit, so
# take it out of the collector's sight. Objects made later, a learner's included, are collected and finalized
# at exit as usual. A kernel that loaded a model stops ~1.3 s sooner (benchmarks/kernel_exit.py).
gc.freeze()

WIDGETS = ("chat", "playground", "quiz", "token_viewer")  # loaded on first use: they import ipywidgets


def __getattr__(name: str):
    """`from helpers import chat` loads the widgets then; the server and the `course` command never do."""
    if name in WIDGETS:
        from . import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
