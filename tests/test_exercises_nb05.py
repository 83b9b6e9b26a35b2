"""The notebook 05 checkers accept right answers and give hints for wrong ones."""

import json
import random

import pandas as pd
import pytest

from helpers.exercises import REGISTRY, load_all
from helpers.exercises.nb05_fine_tuning import broken_line, f1_from_counts, hidden_matrices

load_all()


pytestmark = pytest.mark.usefixtures("repeatable_hidden_cases")  # conftest.py


def test_05_1_accepts_line_1_as_json():
    assert broken_line()["messages"][0]["role"] == "system"
    assert REGISTRY["05.1"].checker(json.dumps(broken_line())) is None
    assert REGISTRY["05.1"].checker(json.dumps(broken_line(), indent=None, ensure_ascii=False)) is None


def test_05_1_hints():
    checker = REGISTRY["05.1"].checker
    assert "one string of JSON" in checker(None)  # the placeholder's hint, as notebook 05 saved it
    assert "problem" in checker(str(broken_line()))  # Python's repr: single quotes
    assert "problem" in checker(str(broken_line()).replace("'", '"'))  # breaks the apostrophe in "course's"
    plain = {"messages": broken_line()["messages"][:2] + [{"role": "assistant", "content": "Six."}]}
    assert "Arr, matey!" in checker(json.dumps(plain))
    other = {"messages": [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Arr, matey! Hi."}]}
    assert "same example" in checker(json.dumps(other))  # valid, but not line 1


def _matrix(tn=71, fp=2, fn=11, tp=62):
    return pd.DataFrame(
        [[tn, fp], [fn, tp]],
        index=["true negative", "true positive"],
        columns=["predicted negative", "predicted positive"],
    )


def f1_positive(matrix):
    tp = matrix.loc["true positive", "predicted positive"]
    fp = matrix.loc["true negative", "predicted positive"]
    fn = matrix.loc["true positive", "predicted negative"]
    return 2 * tp / (2 * tp + fp + fn)


def test_05_2_accepts_a_number_at_three_decimals_or_a_function():
    checker = REGISTRY["05.2"].checker
    assert checker(124 / 137, _matrix()) is None
    assert checker(0.905, _matrix()) is None  # rounded to 3 decimals
    assert checker(f1_positive, _matrix()) is None
    assert f1_from_counts(62, 2, 11) == 124 / 137


def test_05_2_hints():
    checker = REGISTRY["05.2"].checker
    assert "Give a number" in checker(None, _matrix())  # the placeholder's hint, as notebook 05 saved it
    assert "precision or the recall" in checker(62 / 73, _matrix())  # both are printed in the table above
    assert "precision or the recall" in checker(62 / 64, _matrix())
    assert "harmonic" in checker((62 / 64 + 62 / 73) / 2, _matrix())
    assert "accuracy" in checker(133 / 146, _matrix())
    assert "negative class" in checker(142 / 155, _matrix())
    assert "3 decimals" in checker(0.91, _matrix())


def test_05_2_function_is_tried_on_hidden_matrices():
    checker = REGISTRY["05.2"].checker
    assert hidden_matrices(random.Random(1))[0].values.tolist() != hidden_matrices(random.Random(2))[0].values.tolist()
    fixed = f1_positive(_matrix())
    assert "tp=" in checker(lambda m: fixed, _matrix())  # right on the notebook's matrix only
    assert "None" in checker(lambda m: None, _matrix())
