"""Review quizzes (helpers/quizzes.py): every notebook ends with its own quiz, at least half of each quiz's
questions are scenarios, and every option says why it is right or wrong."""

from __future__ import annotations

import json

import pytest

from helpers.quizzes import QUIZZES
from helpers.settings import NOTEBOOKS_DIR
from helpers.widgets.quiz import check_questions

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
NUMBERS = [path.name[:2] for path in NOTEBOOKS]


def code_cells(path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def words(text: str) -> set[str]:
    return {word.strip(".,:;!?\"'()`").lower() for word in text.split()}


def test_every_quiz_belongs_to_a_notebook():
    assert sorted(set(QUIZZES) - set(NUMBERS)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NUMBERS)
def test_every_notebook_ends_with_its_quiz(path):
    number = path.name[:2]
    assert number in QUIZZES, f"helpers/quizzes.py has no QUIZZES[{number!r}]"
    last_cells = code_cells(path)[-3:]
    assert any(f'quiz(QUIZZES["{number}"])' in cell for cell in last_cells), (
        f"{path.name}: none of its last code cells shows quiz(QUIZZES[{number!r}])"
    )


@pytest.mark.parametrize("number", sorted(QUIZZES))
def test_quiz_size_and_scenarios(number):
    questions = QUIZZES[number]
    check_questions(questions)  # what the widget itself refuses: exactly one correct option, text and why
    assert 4 <= len(questions) <= 6, f"quiz {number} has {len(questions)} questions (4 to 6 wanted)"
    scenarios = [q for q in questions if q.get("scenario") is True]
    assert 2 * len(scenarios) >= len(questions), f"quiz {number}: {len(scenarios)} scenarios of {len(questions)}"
    for question in scenarios:  # a situation and a question, not a definition
        assert len(question["question"].split()) >= 10, f"quiz {number}: too short for a scenario: {question}"


@pytest.mark.parametrize("number", sorted(QUIZZES))
def test_every_option_is_plausible_and_explained(number):
    for question in QUIZZES[number]:
        options = question["options"]
        assert len(options) >= 3, f"quiz {number}: {question['question']!r} needs two wrong options or more"
        assert sum(option["correct"] is True for option in options) == 1
        whys = [option["why"] for option in options]
        assert len(set(whys)) == len(whys), f"quiz {number}: two options share a why in {question['question']!r}"
        for option in options:
            why = option["why"]
            assert len(why.split()) >= 6, f"quiz {number}: the why of {option['text']!r} is too short: {why!r}"
            assert words(why) - words(option["text"]), f"quiz {number}: {option['text']!r}'s why only repeats it"


@pytest.mark.parametrize("number", sorted(QUIZZES))
def test_the_right_answer_moves(number):
    """A learner must not learn that the answer is always b)."""
    positions = {next(i for i, o in enumerate(q["options"]) if o["correct"]) for q in QUIZZES[number]}
    assert len(positions) >= 2, f"quiz {number}: the correct option is always at the same place"
