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


@exercise("05.2", solution='''tp = after["confusion_matrix"].loc["true positive", "predicted positive"]
fp = after["confusion_matrix"].loc["true negative", "predicted positive"]
precision_positive = tp / (tp + fp)''',
          praise="Precision: of everything predicted positive, the share that really was positive.")
def positive_precision(precision_positive: object, matrix) -> str | None:
    if not isinstance(precision_positive, (int, float)):
        return "Give a number between 0 and 1, computed from the confusion matrix."
    tp = matrix.loc["true positive", "predicted positive"]
    fp = matrix.loc["true negative", "predicted positive"]
    fn = matrix.loc["true positive", "predicted negative"]
    expected = tp / (tp + fp) if tp + fp else 0.0
    if abs(precision_positive - expected) < 0.005:
        return None
    if tp + fn and abs(precision_positive - tp / (tp + fn)) < 0.005:
        return "That is the recall (true positives / all real positives). Precision divides by all *predicted* positives."
    return "Precision = true positives / (true positives + false positives): use the 'predicted positive' column."
