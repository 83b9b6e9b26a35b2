"""Find the OpenAI API key without ever printing it."""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from .settings import ENV_API_KEY, PROJECT_ROOT


@dataclass(frozen=True)
class KeyLookup:
    """The key (or None), where it came from, and any problem worth telling the learner."""

    key: str | None
    source: str  # "environment", ".env file", "Colab Secrets", "typed in" or "none"
    problem: str | None = None

    def __repr__(self) -> str:  # never show the key itself
        return f"KeyLookup(key={mask(self.key)!r}, source={self.source!r}, problem={self.problem!r})"


def mask(key: str | None) -> str:
    """Show only the last 4 characters of a key: 'sk-...abcd'."""
    if not key:
        return "(none)"
    if len(key) <= 8:
        return "*" * len(key)
    return f"{key[:3]}...{key[-4:]}"


def load_dotenv_file(path: Path | None = None) -> Path | None:
    """Load a .env file into os.environ without overriding what is already set."""
    from dotenv import find_dotenv, load_dotenv

    candidates = [path] if path else [Path.cwd() / ".env", PROJECT_ROOT / ".env"]
    found = next((p for p in candidates if p and p.is_file()), None)
    if found is None and path is None:
        found_str = find_dotenv(usecwd=True)
        found = Path(found_str) if found_str else None
    if found is None:
        return None
    load_dotenv(found, override=False)
    return found


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


def find_openai_key(ask: bool = False, dotenv_path: Path | None = None) -> KeyLookup:
    """Look for the key: environment, then .env, then Colab Secrets, then (if ask) getpass."""
    if os.environ.get(ENV_API_KEY, "").strip():
        return KeyLookup(os.environ[ENV_API_KEY].strip(), "environment")
    env_file = load_dotenv_file(dotenv_path)
    if env_file and os.environ.get(ENV_API_KEY, "").strip():
        return KeyLookup(os.environ[ENV_API_KEY].strip(), ".env file")
    key, problem = key_from_colab()
    if key:
        return KeyLookup(key.strip(), "Colab Secrets")
    if ask:
        typed = getpass.getpass("Paste your OpenAI API key (input is hidden, Enter to skip): ").strip()
        if typed:
            return KeyLookup(typed, "typed in")
    return KeyLookup(None, "none", problem)
