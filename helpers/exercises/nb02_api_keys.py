"""Exercises for notebook 02: the five steps, keeping the key out of git, and telling a wrong key (401)."""
from __future__ import annotations

import contextlib
from typing import Iterator
from unittest import mock

from .core import exercise

# The five steps of the lesson, shuffled for exercise 02.1.
STEPS = {
    "A": "Name the key and choose 'Default project', then 'Create secret key'",
    "B": "Install and use the OpenAI library",
    "C": "Create an OpenAI platform account",
    "D": "Save the key somewhere safe: it cannot be shown again",
    "E": "Get your API key: gear icon, then '+ Create new secret key'",
}
ORDER = ["C", "E", "A", "D", "B"]


@exercise("02.1", solution='order = ["C", "E", "A", "D", "B"]',
          praise="Account, key, name it, save it, use it.")
def step_order(order: object) -> str | None:
    if not isinstance(order, (list, tuple)) or not all(isinstance(x, str) for x in order):
        return 'Give a list of the five letters, e.g. ["C", ...].'
    order = [x.strip().upper() for x in order]
    if sorted(order) != sorted(ORDER):
        return "Use each of the letters A, B, C, D, E exactly once."
    for position, (given, right) in enumerate(zip(order, ORDER), start=1):
        if given != right:
            return f"Step {position} is not {given!r} ({STEPS[given]}). What must exist before that?"
    return None


@exercise("02.2", solution='gitignore_lines = [".venv/", ".env"]',
          praise="Git now never sees your .env file, so the key cannot end up in a commit.")
def gitignore(lines: object) -> str | None:
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, (list, tuple)):
        return "Give the .gitignore lines as a list of strings."
    cleaned = [str(line).strip() for line in lines]
    if any(line in {".env", "*.env", ".env*", "/.env", "**/.env"} for line in cleaned):
        return None
    if any(line.strip("./*") in {"env", "env.txt"} for line in cleaned):
        return "Close: the file is called exactly `.env` (with the dot). Add the line .env"
    return "Which file holds your key in this lesson? Add its name as a line."


@exercise("02.3", solution='''def key_is_accepted(api_key: str) -> bool:
    try:
        openai.OpenAI(base_url=client.base_url, api_key=api_key, max_retries=0).models.list()
    except openai.AuthenticationError:
        return False
    return True''', praise="401 means: the server does not accept this key. Check it, or make a new one.")
def key_is_accepted(function: object) -> str | None:
    """Try the learner's function with a wrong and a right key on a stand-in for a server that checks keys."""
    import openai

    if isinstance(function, BaseException):
        return "Give the function itself (def key_is_accepted(api_key): ...), not an exception."
    if not callable(function):
        return "Define key_is_accepted(api_key) and pass the function: check(\"02.3\", key_is_accepted)."
    with server_checking_keys():
        try:
            wrong, right = function(WRONG_KEY), function(RIGHT_KEY)
        except openai.AuthenticationError:
            return "The 401 escaped: catch it with try/except openai.AuthenticationError and return False."
        except Exception as error:  # the learner's code may raise anything
            return f"Your function raised {type(error).__name__}: {error}"
    if wrong is None and right is None:
        return "Your function returns None: return False when the key is refused (401), True otherwise."
    if wrong is True and right is True:
        return "It accepts a wrong key: build the client with the api_key you are given, then call models.list()."
    if wrong is not False or right is not True:
        return f"Expected False for a wrong key and True for a right one; got {wrong!r} and {right!r}."
    return None


WRONG_KEY, RIGHT_KEY = "wrong", "right-key-for-the-checker"


@contextlib.contextmanager
def server_checking_keys() -> Iterator[None]:
    """models.list() answers 401 unless the client's key is RIGHT_KEY (whatever server the course uses)."""
    import httpx
    import openai
    from openai.resources.models import Models

    def fake_list(self, *args, **kwargs):
        if self._client.api_key != RIGHT_KEY:
            request = httpx.Request("GET", f"{self._client.base_url}models")
            response = httpx.Response(401, request=request, json={"error": {"message": "Incorrect API key"}})
            raise openai.AuthenticationError("Incorrect API key", response=response, body=None)
        return []

    with mock.patch.object(Models, "list", fake_list):
        yield
