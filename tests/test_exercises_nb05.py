"""The notebook 05 checkers accept right answers and give hints for wrong ones."""
import json

import pandas as pd

from helpers.exercises import REGISTRY, load_all

load_all()
GOOD = {"messages": [{"role": "user", "content": "What is 3 + 3?"},
                     {"role": "assistant", "content": "Arr, matey! Three plus three be six."}]}


def test_05_1_accepts_a_fixed_line():
    assert REGISTRY["05.1"].checker(json.dumps(GOOD)) is None


def test_05_1_hints():
    checker = REGISTRY["05.1"].checker
    assert isinstance(checker(None), str)
    assert "problem" in checker(str(GOOD))  # Python's repr: single quotes
    plain = {"messages": GOOD["messages"][:1] + [{"role": "assistant", "content": "Six."}]}
    assert "Arr, matey!" in checker(json.dumps(plain))


def _matrix():
    return pd.DataFrame([[60, 10], [5, 65]], index=["true negative", "true positive"],
                        columns=["predicted negative", "predicted positive"])


def test_05_2_accepts_f1():
    precision, recall = 65 / 75, 65 / 70
    assert REGISTRY["05.2"].checker(2 * precision * recall / (precision + recall), _matrix()) is None


def test_05_2_hints():
    checker = REGISTRY["05.2"].checker
    assert isinstance(checker(None, _matrix()), str)
    assert "precision or the recall" in checker(65 / 70, _matrix())  # both are printed in the table above
    assert "precision or the recall" in checker(65 / 75, _matrix())
    assert "harmonic" in checker((65 / 75 + 65 / 70) / 2, _matrix())
