"""Exercises for notebook 05 (fine-tuning)."""
from __future__ import annotations

import json

from .core import exercise

PREFIX = "Arr, matey! "


@exercise("05.1", solution='''fixed_line = ('{"messages": [{"role": "system", "content": "You are Captain Byte, the course\\'s pirate tutor."}, '
              '{"role": "user", "content": "What is 3 + 3?"}, '
              '{"role": "assistant", "content": "Arr, matey! Three plus three be six."}]}')''',
          praise="That line would now pass OpenAI's file check.")
def fixed_example(fixed_line: object) -> str | None:
    from ..finetune import line_problem

    if not isinstance(fixed_line, str):
        return "Give the corrected line as one string of JSON."
    problem = line_problem(fixed_line)
    if problem:
        return f"The validator still finds a problem: {problem}."
    answer = json.loads(fixed_line)["messages"][-1]["content"]
    if not answer.startswith(PREFIX):
        return f"Valid JSON, but Captain Byte always starts with {PREFIX!r}: keep the training behaviour."
    return None


@exercise("05.2", solution='''matrix = after["confusion_matrix"]
tp = matrix.loc["true positive", "predicted positive"]
fp = matrix.loc["true negative", "predicted positive"]
fn = matrix.loc["true positive", "predicted negative"]
precision, recall = tp / (tp + fp), tp / (tp + fn)
f1_positive = 2 * precision * recall / (precision + recall)''',
          praise="F1 balances precision and recall: it is high only when both are.")
def positive_f1(f1_positive: object, matrix) -> str | None:
    if not isinstance(f1_positive, (int, float)):
        return "Give a number between 0 and 1, computed from the confusion matrix."
    tp = matrix.loc["true positive", "predicted positive"]
    fp = matrix.loc["true negative", "predicted positive"]
    fn = matrix.loc["true positive", "predicted negative"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    expected = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if abs(f1_positive - expected) < 0.0005:
        return None
    if min(abs(f1_positive - precision), abs(f1_positive - recall)) < 0.0005:
        return "That is the precision or the recall from the table. F1 combines both: 2 * P * R / (P + R)."
    if abs(f1_positive - (precision + recall) / 2) < 0.0005:
        return "That is the plain average. F1 is the harmonic mean of precision and recall: 2 * P * R / (P + R)."
    return "Compute precision = tp / (tp + fp) and recall = tp / (tp + fn) from the matrix, then 2 * P * R / (P + R)."
