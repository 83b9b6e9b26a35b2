"""Exercises for notebook 00: the mode in use here, and the mode rule applied to other set-ups."""

from __future__ import annotations

import os
import random

from ..settings import ENV_API_KEY, ENV_BASE_URL, MODES, OPENAI_DEFAULT_URL, detect_mode
from .core import exercise


@exercise(
    "00.1",
    solution='my_mode = current_mode().name  # "local" when you have no key',
    praise="That is the mode every notebook will use on this machine.",
)
def mode_name(my_mode: object) -> str | None:
    from ..client import current_mode

    if not isinstance(my_mode, str):
        return 'Type the mode as text between quotes, e.g. my_mode = "...". Which word did the setup cell print?'
    if my_mode.strip().lower() not in MODES:
        return f"A mode is one of {sorted(MODES)}. Look at the line the setup cell printed."
    if my_mode.strip().lower() != current_mode().name:
        return "That is a real mode, but not the one in use here: read the setup cell's line again."
    return None


# Values for the hidden set-ups of 00.2 (never a real-looking key: the mode only asks whether one is there).
KEYS = (None, "", "  ", "my-fake-key-123")
BASE_URLS = (None, "", "http://localhost:11434/v1", "http://10.0.0.5:8000/v1", OPENAI_DEFAULT_URL)


def reference_mode(env: dict[str, str]) -> str:
    """The course's own rule (settings.detect_mode) for an environment without COURSE_MODE."""
    key = (env.get(ENV_API_KEY) or "").strip() or None
    return detect_mode(key, env=env).name


def hidden_setups() -> list[dict[str, str]]:
    """Every combination of key and server address, shuffled freshly each time."""
    setups = [
        {name: value for name, value in ((ENV_API_KEY, key), (ENV_BASE_URL, url)) if value is not None}
        for key in KEYS
        for url in BASE_URLS
    ]
    random.Random(os.urandom(8)).shuffle(setups)
    return setups


def describe(env: dict[str, str]) -> str:
    """A set-up in words, for a hint (a key's value is never shown)."""
    key = (env.get(ENV_API_KEY) or "").strip()
    parts = [f"{ENV_API_KEY} is {'set' if key else 'empty' if ENV_API_KEY in env else 'missing'}"]
    url = (env.get(ENV_BASE_URL) or "").strip()
    parts.append(
        f"{ENV_BASE_URL}={url!r}" if url else f"{ENV_BASE_URL} is {'empty' if ENV_BASE_URL in env else 'missing'}"
    )
    return " and ".join(parts)


@exercise(
    "00.2",
    solution='''def which_mode(env: dict) -> str:
    key = env.get("OPENAI_API_KEY", "").strip()
    base_url = env.get("OPENAI_BASE_URL", "").strip()
    if base_url and "api.openai.com" not in base_url:
        return "compatible"  # another server wins, even over a key
    return "openai" if key else "local"''',
    praise="You applied the course's rule to set-ups you had not seen: that is how you will read any mode line.",
)
def which_mode(function: object) -> str | None:
    if not callable(function):
        return 'Define which_mode(env) and pass the function itself: check("00.2", which_mode).'
    for env in hidden_setups():
        try:
            got = function(dict(env))
        except KeyError as error:
            return f'Some set-ups have no {error} at all: read it with env.get(name, "") instead of env[name].'
        if not isinstance(got, str):
            return f"which_mode returned {got!r}; return one of {list(MODES)} as a string."
        right = reference_mode(env)
        if got.strip().lower() != right:
            return f"When {describe(env)}, the mode is not {got!r}. Re-read the table of modes."
    return None
