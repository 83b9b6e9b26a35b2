"""Checkers of notebook 02 accept right answers and give hints for wrong ones."""

import httpx
import openai
import pytest

from helpers.exercises import REGISTRY, load_all

load_all()


pytestmark = pytest.mark.usefixtures("repeatable_hidden_cases")  # conftest.py


def run(exercise_id, *answer):
    return REGISTRY[exercise_id].checker(*answer)


def _error(cls, status):
    request = httpx.Request("GET", "http://127.0.0.1/v1/models")
    response = httpx.Response(status, request=request, json={"error": {"message": "x"}})
    return cls("x", response=response, body=None)


def test_02_1_order():
    assert run("02.1", ["C", "E", "A", "D", "B"]) is None
    assert run("02.1", ["c", "e", "a", "d", "b"]) is None
    assert "Step 1" in run("02.1", ["E", "C", "A", "D", "B"])
    assert "exactly once" in run("02.1", ["C", "C", "A", "D", "B"])
    assert run("02.1", "CEADB")


def test_02_2_gitignore_is_read_by_git_itself():
    assert run("02.2", [".venv/", ".env"]) is None
    assert run("02.2", ".venv/\n.env\n") is None
    assert run("02.2", ["*.env"]) is None
    assert "exactly" in run("02.2", ["env"])
    assert "notebooks/.env" in run("02.2", [".venv/", "/.env"])  # only the .env next to the .gitignore
    assert "environment.yml" in run("02.2", ["*env*"])  # hides the course's environment file too
    assert "not your code" in run("02.2", ["*"])
    assert "not the variable" in run("02.2", [".venv/", "OPENAI_API_KEY"])
    assert run("02.2", None)


def test_02_2_without_git_the_usual_lines_pass(monkeypatch):
    from helpers.exercises import nb02_api_keys

    monkeypatch.setattr(nb02_api_keys.shutil, "which", lambda name: None)
    assert run("02.2", [".venv/", ".env"]) is None
    assert run("02.2", [".venv/"])


def test_02_4_safe_to_commit_on_hidden_files():
    import re
    from pathlib import Path

    shape = re.compile(r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}")
    assert run("02.4", lambda path, text: Path(path).name != ".env" and not shape.search(text)) is None
    assert ".env" in run("02.4", lambda path, text: not shape.search(text))  # the .env file itself is missed
    assert "safe to commit" in run("02.4", lambda path, text: "sk-" not in text and ".env" not in path)
    assert "return True" in run("02.4", lambda path, text: None)
    assert "Define" in run("02.4", "notes.md")


def test_02_4_fake_keys_are_fresh_and_never_written_down():
    import random

    from helpers.exercises.nb02_api_keys import KEY_SHAPE, fake_key, hidden_files

    keys = {fake_key(random.Random(seed)) for seed in range(5)}
    assert len(keys) == 5 and all(KEY_SHAPE.fullmatch(key) for key in keys)
    leaks = [text for _, text, _ in hidden_files(random.Random(1)) if KEY_SHAPE.search(text)]
    assert len(leaks) == 4  # a notebook output, code, notes and a subfolder's .env; the rest are safe


def right_answer(api_key):
    try:
        openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key=api_key, max_retries=0).models.list()
    except openai.AuthenticationError:
        return False
    return True


def ignores_the_key(api_key):  # uses a client made earlier instead of one with the given key
    try:
        openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="right-key-for-the-checker").models.list()
    except openai.AuthenticationError:
        return False
    return True


def does_not_catch(api_key):
    openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key=api_key, max_retries=0).models.list()
    return True


def test_02_3_key_is_accepted_needs_a_real_call_with_the_given_key():
    assert run("02.3", right_answer) is None
    assert "accepts a wrong key" in run("02.3", ignores_the_key)
    assert "escaped" in run("02.3", does_not_catch)
    assert "function itself" in run("02.3", _error(openai.AuthenticationError, 401))  # the lesson's auth_error
    assert "Define" in run("02.3", None)
    assert "returns None" in run("02.3", lambda key: None)
    assert "Expected False" in run("02.3", lambda key: key == "wrong")  # the answers swapped


def test_02_3_works_whatever_the_server_and_leaves_no_patch():
    from openai.resources.models import Models

    original = Models.list
    assert run("02.3", right_answer) is None  # nothing listens on port 9: the checker never goes to the network
    assert Models.list is original
