"""check() and show_solution() themselves: right, wrong, crashing and unknown exercises."""

import json

import pytest

from helpers.exercises import REGISTRY, check, exercise, show_solution


@pytest.fixture()
def progress(tmp_path, monkeypatch):
    """A private progress file, and a test exercise "99.1": right when the answer is 42."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS", str(path))
    monkeypatch.setitem(REGISTRY, "99.1", None)  # removed again after the test

    @exercise("99.1", solution="\nanswer = 6 * 7\n", praise="Forty-two it is.")
    def forty_two(answer):
        if answer["value"] != 42:  # a half-finished answer (not a dict) makes this checker crash
            return "Multiply six by seven."
        return None

    return path


def passed(path) -> list[str]:
    return list(json.loads(path.read_text())["passed"]) if path.exists() else []


def test_a_right_answer_passes_and_is_recorded(progress, capsys):
    assert check("99.1", {"value": 42}) is True
    assert capsys.readouterr().out == "✅ Exercise 99.1: Forty-two it is.\n"
    assert passed(progress) == ["99.1"]


def test_a_wrong_answer_gets_the_hint_and_the_way_to_the_solution(progress, capsys):
    assert check("99.1", {"value": 41}) is False
    out = capsys.readouterr().out
    assert "not yet. Hint: Multiply six by seven." in out and "show_solution('99.1')" in out
    assert passed(progress) == []


def test_a_crashing_checker_is_never_counted_as_right(progress, capsys):
    """A half-finished answer that makes the checker raise gets a hint naming the error, not a pass."""
    assert check("99.1", "not a dict") is False
    out = capsys.readouterr().out
    assert "not yet" in out and "TypeError" in out and "✅" not in out
    assert passed(progress) == []


def test_show_solution_prints_the_solution_without_surrounding_blank_lines(progress, capsys):
    show_solution("99.1")
    assert capsys.readouterr().out == "answer = 6 * 7\n"


def test_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="Known exercises: .*00.1"):
        check("98.7", 1)
    with pytest.raises(KeyError, match="No exercise '98.7'"):
        show_solution("98.7")
