"""Exercises for notebook 03: messages, cosine similarity, costs and errors."""
from __future__ import annotations

import math

from .core import exercise


@exercise("03.1", solution='''messages = [
    {"role": "system", "content": "You are a patient tutor. Answer in one sentence."},
    {"role": "user", "content": "What is an embedding?"},
]''', praise="A system message sets the behaviour; the user message asks the question.")
def system_and_user(messages: object) -> str | None:
    if not isinstance(messages, list) or not messages:
        return 'Make a list of dicts, e.g. [{"role": "system", "content": "..."}, ...].'
    if not all(isinstance(m, dict) and {"role", "content"} <= set(m) for m in messages):
        return 'Every message is a dict with the keys "role" and "content".'
    roles = [m["role"] for m in messages]
    if roles[0] != "system":
        return 'Start with the system message: {"role": "system", "content": "..."}.'
    if roles[-1] != "user":
        return "End with the user's question: the model answers the last user message."
    if any(role not in {"system", "user", "assistant"} for role in roles):
        return "Roles are 'system', 'user' or 'assistant'."
    if any(not isinstance(m["content"], str) or not m["content"].strip() for m in messages):
        return "Give every message some text in 'content'."
    return None


@exercise("03.2", solution='''def cosine(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))''',
          praise="Cosine similarity: 1 for the same direction, 0 for unrelated, -1 for opposite.")
def cosine_function(cosine: object) -> str | None:
    if not callable(cosine):
        return "Define a function cosine(a, b) and pass the function itself (no brackets)."
    cases = [([1, 0], [1, 0], 1.0), ([1, 0], [0, 2], 0.0), ([1, 2], [-1, -2], -1.0), ([3, 4], [4, 3], 0.96)]
    for a, b, expected in cases:
        got = cosine(a, b)
        if got is None:
            return "Your function returns None: `return` the similarity (a number)."
        got = float(got)
        if math.isclose(got, a[0] * b[0] + a[1] * b[1]) and not math.isclose(got, expected, abs_tol=1e-6):
            return "That is the dot product. Divide it by the two vectors' lengths (np.linalg.norm)."
        if not math.isclose(got, expected, abs_tol=1e-6):
            return f"cosine({a}, {b}) should be {expected}, got {got:.4f}."
    return None


@exercise("03.3", solution='cost = estimate_cost("gpt-4o-mini", {"prompt_tokens": 2000, "completion_tokens": 500})',
          praise="Fractions of a cent per call — but multiply by thousands of users and it adds up.")
def cost_of_a_call(cost: object) -> str | None:
    from ..pricing import estimate_cost

    right = estimate_cost("gpt-4o-mini", {"prompt_tokens": 2000, "completion_tokens": 500})
    if not isinstance(cost, (int, float)):
        return "Give the cost as a number of dollars: use estimate_cost(model, usage)."
    if math.isclose(cost, right, rel_tol=1e-6):
        return None
    swapped = estimate_cost("gpt-4o-mini", {"prompt_tokens": 500, "completion_tokens": 2000})
    if math.isclose(cost, swapped, rel_tol=1e-6):
        return "Prompt and completion are swapped: the 2,000 tokens are the prompt."
    if math.isclose(cost, right * 1_000_000, rel_tol=1e-6):
        return "Prices are per 1M tokens: divide by 1,000,000."
    return "Use estimate_cost('gpt-4o-mini', {'prompt_tokens': 2000, 'completion_tokens': 500})."
