"""Notebook 06's prompt measurement: the label set as a JSON schema, reading a label back, rates beside a baseline.

The API call itself (`client.chat.completions.create(..., response_format=...)`) stays in the notebook;
these helpers only do the bookkeeping around it.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Sequence


def label_format(labels: Sequence[str], field: str = "team") -> dict:
    """A `response_format` whose only possible answers are {field: <one of labels>} (Structured Outputs)."""
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": [field],
        "properties": {field: {"type": "string", "enum": list(labels)}},
    }
    return {"type": "json_schema", "json_schema": {"name": f"pick_{field}", "strict": True, "schema": schema}}


def read_label(content: str | None, labels: Sequence[str], field: str = "team") -> str | None:
    """The label an answer gives: JSON {field: label}, or plain text that is exactly a label; None otherwise."""
    text = (content or "").strip()
    try:
        answer = json.loads(text)
    except json.JSONDecodeError:
        answer = text.strip(" .\"'").lower()
    if isinstance(answer, dict):
        answer = answer.get(field)
    return answer if isinstance(answer, str) and answer in labels else None


def majority_baseline(gold: Sequence[str]) -> tuple[str, float]:
    """The most common true label and the accuracy of always answering it (the score to beat)."""
    label, count = Counter(gold).most_common(1)[0]
    return label, count / len(gold)


def accuracy_table(predictions: dict[str, Sequence[str | None]], gold: Sequence[str]):
    """One row per prompt: right answers, n, accuracy, answers that were no label, points above the majority."""
    import pandas as pd

    _, baseline = majority_baseline(gold)
    rows = []
    for prompt, answers in predictions.items():
        right = sum(answer == label for answer, label in zip(answers, gold))
        rows.append(
            {
                "prompt": prompt,
                "right": right,
                "n": len(gold),
                "accuracy": f"{right / len(gold):.0%}",
                "not a label": sum(answer is None for answer in answers),
                "vs majority": f"{100 * (right / len(gold) - baseline):+.0f} points",
            }
        )
    return pd.DataFrame(rows).set_index("prompt")
