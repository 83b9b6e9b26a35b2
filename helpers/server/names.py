"""Which model ids the course server answers to: one rule, used by every route and the job queue."""

from __future__ import annotations

from ..settings import (
    LOCAL_CHAT_MODEL,
    LOCAL_EMBEDDING_MODEL,
    LOCAL_TRANSCRIBE_MODEL,
    OPENAI_TRANSCRIBE_MODEL,
    short_name,
)


def names_of(model: str) -> set[str]:
    """A Hub id and its short name: 'HuggingFaceTB/SmolLM2-135M-Instruct' and 'SmolLM2-135M-Instruct'."""
    return {model, short_name(model)}


CHAT_IDS = names_of(LOCAL_CHAT_MODEL)  # fine-tuned models are added by id (engine.adapters)
EMBEDDING_IDS = names_of(LOCAL_EMBEDDING_MODEL)
TRANSCRIBE_IDS = names_of(LOCAL_TRANSCRIBE_MODEL) | {OPENAI_TRANSCRIBE_MODEL}  # notebook 03 sends OpenAI's name
