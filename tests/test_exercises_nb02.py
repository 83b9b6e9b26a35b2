"""Checkers of notebook 02 accept right answers and give hints for wrong ones."""
import httpx
import openai

from helpers.exercises import REGISTRY, load_all

load_all()


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


def test_02_2_gitignore():
    assert run("02.2", [".venv/", ".env"]) is None
    assert run("02.2", ".venv/\n.env\n") is None
    assert "exactly" in run("02.2", ["env"])
    assert run("02.2", ["*.pyc"])
    assert "Close" not in run("02.2", [".venv/"])
    assert run("02.2", None)


def test_02_3_caught_401():
    assert run("02.3", _error(openai.AuthenticationError, 401)) is None
    assert "404" in run("02.3", _error(openai.NotFoundError, 404))
    assert run("02.3", None)
    assert "class" in run("02.3", openai.AuthenticationError)
    assert run("02.3", ValueError("x"))
