"""Exercises for notebook 02: the five steps, keeping the key out of git, telling a wrong key (401), and\nspotting a file that must not be committed."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import string
import subprocess
import tempfile
from pathlib import Path, PurePosixPath
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


@exercise("02.1", solution='order = ["C", "E", "A", "D", "B"]', praise="Account, key, name it, save it, use it.")
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


MUST_IGNORE = (".env", "notebooks/.env", "app/.env", "lesson2/src/.env")
MUST_KEEP = (
    "notebooks/02_api_key_setup.ipynb",
    "helpers/keys.py",
    "README.md",
    ".gitignore",
    "environment.yml",
    "data/prices.csv",
)
EXACT_ENV_LINES = {".env", "*.env", ".env*", "**/.env"}  # accepted when git is not installed


def git_ignores(lines: list[str], paths: tuple[str, ...]) -> set[str] | None:
    """Which of `paths` git itself ignores with this .gitignore (None when git is not installed)."""
    git = shutil.which("git")
    if git is None:
        return None
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, ".gitignore").write_text("\n".join(lines) + "\n", encoding="utf-8")
        Path(folder, "no-global-excludes").write_text("", encoding="utf-8")  # your own global ignores don't count
        try:
            subprocess.run([git, "init", "-q", folder], check=True, env=env, capture_output=True, timeout=30)
            result = subprocess.run(
                [
                    git,
                    "-C",
                    folder,
                    "-c",
                    f"core.excludesFile={folder}/no-global-excludes",
                    "check-ignore",
                    "--no-index",
                    "--stdin",
                ],
                input="\n".join(paths),
                capture_output=True,
                text=True,
                env=env,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):  # a broken git: fall back to the usual lines
            return None
    return set(result.stdout.split())


@exercise(
    "02.2",
    solution='gitignore_lines = [".venv/", ".env"]',
    praise="Git now never sees a .env file, in any folder, so the key cannot end up in a commit.",
)
def gitignore(lines: object) -> str | None:
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, (list, tuple)):
        return "Give the .gitignore lines as a list of strings."
    cleaned = [str(line).strip() for line in lines]
    ignored = git_ignores(cleaned, MUST_IGNORE + MUST_KEEP)
    if ignored is None:
        return None if EXACT_ENV_LINES & set(cleaned) else "Which file holds your key in this lesson? Add its name."
    kept = [path for path in MUST_KEEP if path in ignored]
    if kept:
        return f"Your lines also hide {kept[0]} from git: ignore the key file only, not your code and notebooks."
    missed = [path for path in MUST_IGNORE if path not in ignored]
    if not missed:
        return None
    if len(missed) < len(MUST_IGNORE):
        return f"git would still see {missed[0]}: a line starting with / only matches next to the .gitignore."
    if any(line.strip("./*") in {"env", "env.txt"} for line in cleaned):
        return "Close: the file is called exactly `.env` (with the dot). Add the line .env"
    return "Which file holds your key in this lesson? Add its name as a line (not the variable inside it)."


@exercise(
    "02.3",
    solution="""def key_is_accepted(api_key: str) -> bool:
    try:
        openai.OpenAI(base_url=client.base_url, api_key=api_key, max_retries=0).models.list()
    except openai.AuthenticationError:
        return False
    return True""",
    praise="401 means: the server does not accept this key. Check it, or make a new one.",
)
def key_is_accepted(function: object) -> str | None:
    """Try the learner's function with a wrong and a right key on a stand-in for a server that checks keys."""
    import openai

    if isinstance(function, BaseException):
        return "Give the function itself (def key_is_accepted(api_key): ...), not an exception."
    if not callable(function):
        return 'Define key_is_accepted(api_key) and pass the function: check("02.3", key_is_accepted).'
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


KEY_SHAPE = re.compile(r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}")  # what secret scanners look for


def fake_key(rng: random.Random, prefix: str = "sk-") -> str:
    """A made-up string with a real key's shape, built at run time (never written down anywhere)."""
    return prefix + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(40, 60)))


def reference_safe(path: str, text: str) -> bool:
    """The answer for 02.4: never a .env file, never a text holding something key-shaped."""
    return PurePosixPath(path).name != ".env" and KEY_SHAPE.search(text) is None


def hidden_files(rng: random.Random) -> list[tuple[str, str, str]]:
    """(path, text, what it is) for files the learner has not seen; keys are fresh fakes every time."""
    key, project_key = fake_key(rng), fake_key(rng, "sk-proj-")
    folder = rng.choice(["app", "notebooks", "lesson2", "src/config"])
    output = '{"outputs": [{"text": ["key: %s\\n"]}]}'
    files = [
        (f"{folder}/demo.ipynb", output % rng.choice([key, project_key]), "a notebook whose saved output holds a key"),
        (f"{folder}/settings.py", f'OPENAI_API_KEY = "{key}"\n', "code with a key pasted in"),
        ("notes.md", f"remember: {project_key} (the new project key)", "notes holding a project key"),
        (".env", "OPENAI_API_KEY=\n", "a .env file, even one not filled in yet"),
        (f"{folder}/.env", f'OPENAI_API_KEY="{key}"\n', "a .env file in a subfolder"),
        (f"{folder}/demo.ipynb", output % "sk-...Ab3d", "a notebook that prints the key only masked"),
        ("README.md", "Put OPENAI_API_KEY in a .env file and never commit it.", "a README that mentions .env"),
        (".env.example", "OPENAI_API_KEY=\n", "an example file with no key in it"),
        (f"{folder}/tasks.py", "task-list = ['risk-free', 'desk-top']\n", "code with 'sk-' inside ordinary words"),
        ("setup.sh", 'export OPENAI_API_KEY="sk-...your-key-here"\n', "instructions with a placeholder"),
        (".gitignore", ".venv/\n.env\n", "the .gitignore itself"),
    ]
    rng.shuffle(files)
    return files


@exercise(
    "02.4",
    solution="""def safe_to_commit(path: str, text: str) -> bool:
    if Path(path).name == ".env":
        return False  # the key file itself, even before you fill it in
    return re.search(r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}", text) is None""",
    praise="Your check told safe files from leaks it had never seen. `course check-secrets`-style scanners do the same.",
)
def safe_to_commit(function: object) -> str | None:
    if not callable(function):
        return 'Define safe_to_commit(path, text) and pass the function: check("02.4", safe_to_commit).'
    for path, text, what in hidden_files(random.Random(os.urandom(8))):
        got = function(path, text)
        if not isinstance(got, bool):
            return f"safe_to_commit returned {got!r}; return True (safe) or False (keep it out of git)."
        if got != reference_safe(path, text):
            verdict = "must not be committed" if got else "is safe to commit"
            return f"{path!r} ({what}) {verdict}, but your function says {got}."
    return None
