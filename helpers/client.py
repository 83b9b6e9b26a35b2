"""The OpenAI client for the current mode: OpenAI, another compatible server, or the local course server."""
from __future__ import annotations

from .keys import find_openai_key
from .settings import Mode, detect_mode

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
