"""Checkers of notebook 00 accept right answers and give hints for wrong ones."""

import pytest

from helpers.exercises import REGISTRY, load_all
from helpers.exercises.nb00_start_here import hidden_setups, reference_mode

load_all()


pytestmark = pytest.mark.usefixtures("repeatable_hidden_cases")  # conftest.py


def run(exercise_id, *answer):
    return REGISTRY[exercise_id].checker(*answer)


def right(env):
    key, url = env.get("OPENAI_API_KEY", "").strip(), env.get("OPENAI_BASE_URL", "").strip()
    if url and "api.openai.com" not in url:
        return "compatible"
    return "openai" if key else "local"


def test_00_2_the_mode_rule_on_hidden_setups():
    assert run("00.2", right) is None
    assert "is not 'openai'" in run("00.2", lambda env: "openai" if env.get("OPENAI_API_KEY") else right(env))
    assert "is not 'compatible'" in run("00.2", lambda env: "compatible" if env.get("OPENAI_BASE_URL") else right(env))
    assert "return one of" in run("00.2", lambda env: None)
    assert "Define" in run("00.2", "local")
    assert "env.get" in run("00.2", indexes)


def indexes(env):
    """Right on every set-up that has both variables; a KeyError on the others."""
    env["OPENAI_API_KEY"], env["OPENAI_BASE_URL"]  # noqa: B018
    return right(env)


def test_00_2_hidden_setups_cover_every_rule_and_never_show_a_key():
    setups = hidden_setups()
    assert {reference_mode(env) for env in setups} == {"openai", "local", "compatible"}
    hints = [run("00.2", lambda env: "local") for _ in range(5)]
    assert not any("my-fake-key" in hint for hint in hints)
