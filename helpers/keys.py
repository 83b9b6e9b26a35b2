"""Find the OpenAI API key without ever printing it."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from .settings import ENV_API_KEY, PROJECT_ROOT


PLACES = {"environment": "the environment", ".env file": "the .env file"}


@dataclass(frozen=True)
class KeyLookup:
    """The key (or None), where it came from, and any problem worth telling the learner."""

    key: str | None
    source: str  # "environment", ".env file", "Colab Secrets", "typed in" or "none"
    problem: str | None = None

    @property
    def found(self) -> str:
        """Where the key came from, as the mode line says it: 'found in the .env file'."""
        return "typed in" if self.source == "typed in" else f"found in {PLACES.get(self.source, self.source)}"

    def __repr__(self) -> str:  # never show the key itself
        return f"KeyLookup(key={mask(self.key)!r}, source={self.source!r}, problem={self.problem!r})"


def mask(key: str | None) -> str:
    """Show only the last 4 characters of a key: 'sk-...abcd'."""
    if not key:
        return "(none)"
    if len(key) <= 8:
        return "*" * len(key)
    return f"{key[:3]}...{key[-4:]}"


def find_dotenv_file(path: Path | None = None) -> Path | None:
    """`path`, else the .env file next to the notebook, in the project folder or a folder above."""
    from dotenv import find_dotenv

    candidates = [path] if path else [Path.cwd() / ".env", PROJECT_ROOT / ".env"]
    found = next((p for p in candidates if p and p.is_file()), None)
    if found is None and path is None:
        found_str = find_dotenv(usecwd=True)
        found = Path(found_str) if found_str else None
    return found


def read_dotenv(path: Path | None = None) -> dict[str, str]:
    """The NAME=value lines of the .env file ({} without one). Only read: os.environ is not changed, so a
    key found there is reported as coming from the .env file every time, not from the environment."""
    from dotenv import dotenv_values

    found = find_dotenv_file(path)
    values = dotenv_values(found) if found else {}
    return {name: value for name, value in values.items() if value is not None}


def key_from_colab(name: str = ENV_API_KEY) -> tuple[str | None, str | None]:
    """Read a key from Colab Secrets. Returns (key, problem); never raises."""
    try:
        from google.colab import userdata  # type: ignore[import-not-found]
    except ImportError:
        return None, None
    try:
        return userdata.get(name) or None, None
    except Exception as error:  # Colab raises its own classes; name them for the learner
        kind = type(error).__name__
        if kind == "SecretNotFoundError":
            return None, f"No secret named {name} in Colab Secrets (the key icon on the left). Add it there."
        if kind == "NotebookAccessError":
            return None, f"The secret {name} exists but this notebook may not read it: switch on 'Notebook access'."
        if kind == "TimeoutException":
            return None, "Colab did not answer the request for the secret in time. Run the cell again."
        return None, f"Could not read Colab Secrets ({kind}). Set {ENV_API_KEY} another way."


def find_openai_key(
    ask: bool = False, dotenv_path: Path | None = None, file_values: dict[str, str] | None = None
) -> KeyLookup:
    """Look for the key: environment, then .env, then Colab Secrets, then (if ask) getpass.

    `file_values`: the .env file's settings when the caller has read them already."""
    if os.environ.get(ENV_API_KEY, "").strip():
        return KeyLookup(os.environ[ENV_API_KEY].strip(), "environment")
    if file_values is None:
        file_values = read_dotenv(dotenv_path)
    from_file = file_values.get(ENV_API_KEY, "").strip()
    if from_file:
        return KeyLookup(from_file, ".env file")
    key, problem = key_from_colab()
    if key:
        return KeyLookup(key.strip(), "Colab Secrets")
    if ask:
        typed = getpass.getpass("Paste your OpenAI API key (input is hidden, Enter to skip): ").strip()
        if typed:
            return KeyLookup(typed, "typed in")
    return KeyLookup(None, "none", problem)
