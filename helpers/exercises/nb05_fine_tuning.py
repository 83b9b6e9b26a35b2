"""Exercises for notebook 05 (fine-tuning)."""

from __future__ import annotations

import ast
import json
import math
import os
import random

from .core import exercise

PREFIX = "Arr, matey! "
ROUNDED = 0.00051  # a score rounded to 3 decimals is still right


def broken_line() -> dict:
    """Line 1 of bad_examples.jsonl (a Python dict, not JSON), read the way Python reads it."""
    from ..settings import DATA_DIR

    return ast.literal_eval((DATA_DIR / "finetune" / "bad_examples.jsonl").read_text().splitlines()[0])


@exercise(
    "05.1",
    solution="""fixed_line = ('{"messages": [{"role": "system", "content": "You are Captain Byte, the course\\'s pirate tutor."}, '
              '{"role": "user", "content": "What is 3 + 3?"}, '
              '{"role": "assistant", "content": "Arr, matey! Three plus three be six."}]}')""",
    praise="That line would now pass OpenAI's file check.",
)
def fixed_example(fixed_line: object) -> str | None:
    from ..finetune import line_problem

    if not isinstance(fixed_line, str):
        return "Give the corrected line as one string of JSON."
    problem = line_problem(fixed_line)
    if problem:
        return f"The validator still finds a problem: {problem}."
    fixed = json.loads(fixed_line)
    if not fixed["messages"][-1]["content"].startswith(PREFIX):
        return f"Valid JSON, but Captain Byte always starts with {PREFIX!r}: keep the training behaviour."
    if fixed != broken_line():
        return (
            "Valid JSON, but not the same example: keep line 1's messages exactly (json.dumps of the dict "
            "changes only the quotes)."
        )
    return None


def f1_from_counts(tp: int, fp: int, fn: int) -> float:
    """F1 of the positive class: the harmonic mean of precision tp/(tp+fp) and recall tp/(tp+fn)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def counts(matrix) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) for the positive class: rows are the truth, columns the prediction."""
    cell = matrix.loc
    return (
        cell["true positive", "predicted positive"],
        cell["true negative", "predicted positive"],
        cell["true positive", "predicted negative"],
        cell["true negative", "predicted negative"],
    )


def hidden_matrices(rng: random.Random):
    """Confusion matrices the learner has not seen, shaped like the notebook's."""
    import pandas as pd

    return [
        pd.DataFrame(
            [[rng.randint(1, 99), rng.randint(1, 99)], [rng.randint(1, 99), rng.randint(1, 99)]],
            index=["true negative", "true positive"],
            columns=["predicted negative", "predicted positive"],
        )
        for _ in range(4)
    ]


def _f1_hint(got: object, matrix) -> str | None:
    """None when `got` is the positive class's F1 for `matrix` (3 decimals are enough), else a hint."""
    if not isinstance(got, (int, float)):
        return "Give a number between 0 and 1, computed from the confusion matrix."
    tp, fp, fn, tn = counts(matrix)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    if math.isclose(got, f1_from_counts(tp, fp, fn), rel_tol=1e-3, abs_tol=ROUNDED):
        return None
    likely = {
        "That is the precision or the recall from the table. F1 combines both: 2 * P * R / (P + R).": [
            precision,
            recall,
        ],
        "That is the plain average. F1 is the harmonic mean of precision and recall: 2 * P * R / (P + R).": [
            (precision + recall) / 2
        ],
        "That is the accuracy. F1 of the positive class uses only tp, fp and fn.": [(tp + tn) / (tp + fp + fn + tn)],
        "That is the F1 of the negative class: here the positive class's tp is the bottom-right count.": [
            f1_from_counts(tn, fn, fp)
        ],
    }
    for hint, values in likely.items():
        if any(math.isclose(got, value, rel_tol=1e-3, abs_tol=ROUNDED) for value in values):
            return hint
    if abs(got - f1_from_counts(tp, fp, fn)) < 0.006:
        return "Close: keep at least 3 decimals (round(f1, 3), or do not round)."
    return "Compute precision = tp / (tp + fp) and recall = tp / (tp + fn) from the matrix, then 2 * P * R / (P + R)."


@exercise(
    "05.2",
    solution="""def f1_positive(matrix):
    tp = matrix.loc["true positive", "predicted positive"]
    fp = matrix.loc["true negative", "predicted positive"]
    fn = matrix.loc["true positive", "predicted negative"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)""",
    praise="F1 balances precision and recall: it is high only when both are.",
)
def positive_f1(f1_positive: object, matrix) -> str | None:
    """A number (the F1 of `matrix`) or a function f1_positive(matrix), then tried on hidden matrices too."""
    if not callable(f1_positive):
        return _f1_hint(f1_positive, matrix)
    for case in [matrix, *hidden_matrices(random.Random(os.urandom(8)))]:
        got = f1_positive(case.copy())
        if got is None:
            return "Your function returns None: `return` the F1 score (a number)."
        hint = _f1_hint(got, case)
        if hint:
            tp, fp, fn, tn = counts(case)
            return f"On a matrix with tp={tp}, fp={fp}, fn={fn}, tn={tn}: {hint}"
    return None
