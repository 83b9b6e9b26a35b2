"""Exercises for notebook 02: the five steps, keeping the key out of git, and recognising a 401."""
from __future__ import annotations

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


@exercise("02.3", solution='''try:
    openai.OpenAI(base_url=client.base_url, api_key="wrong", max_retries=0).models.list()
except openai.AuthenticationError as error:
    caught = error''', praise="401 means: the server does not accept this key. Check it, or make a new one.")
def caught_401(caught: object) -> str | None:
    import openai

    if caught is None:
        return "Put the exception you caught in `caught` (except openai.AuthenticationError as error: caught = error)."
    if isinstance(caught, type):
        return "That is the class; store the exception object itself (`as error`)."
    if isinstance(caught, openai.AuthenticationError):
        return None
    if isinstance(caught, openai.APIStatusError):
        return f"That is a {type(caught).__name__} (HTTP {caught.status_code}). Use a wrong api_key to get a 401."
    if isinstance(caught, openai.APIConnectionError):
        return "The client could not connect: use base_url=client.base_url so it reaches the server."
    return "Call the API with api_key='wrong' inside try/except openai.AuthenticationError."
