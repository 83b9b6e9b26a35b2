"""Exercises for notebook 03: messages, cosine similarity, costs and errors."""
from __future__ import annotations

import math
import re

from ..settings import OPENAI_CHAT_MODEL
from .core import exercise

TUTOR = ["patient", "tutor", "one sentence"]  # what exercise 03.1's system message must ask for


def sentences(text: str) -> list[str]:
    """Split text into sentences at '.', '!' or '?' followed by a space (enough for a short answer)."""
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


@exercise("03.1", solution='''messages_1 = [
    {"role": "system", "content": "You are a patient tutor. Answer in one sentence."},
    {"role": "user", "content": "What is an embedding?"},
]
reply_1 = client.chat.completions.create(model=MODEL, messages=messages_1, max_completion_tokens=40,
                                         temperature=0, **STOPS, **EXTRA).choices[0].message.content''',
          praise="The system message set the behaviour, and the answer kept to one sentence.")
def patient_tutor(messages: object, reply: object = None) -> str | None:
    if not isinstance(messages, list) or not messages:
        return 'Make a list of dicts, e.g. [{"role": "system", "content": "..."}, ...].'
    if not all(isinstance(m, dict) and {"role", "content"} <= set(m) for m in messages):
        return 'Every message is a dict with the keys "role" and "content".'
    roles = [m["role"] for m in messages]
    if roles[0] != "system" or roles[-1] != "user":
        return "Start with the system message and end with the user's question."
    system = str(messages[0]["content"]).lower()
    missing = [word for word in TUTOR if word not in system]
    if missing:
        return f"The system message should ask for a patient tutor who answers in one sentence (missing: {missing})."
    if not str(messages[-1]["content"]).strip().endswith("?"):
        return "Ask the tutor a question in the user message (end it with '?')."
    if not isinstance(reply, str) or not reply.strip():
        return "Send messages_1 to the model and pass its answer too: check(\"03.1\", messages_1, reply_1)."
    count = len(sentences(reply))
    if count != 1:
        return (f"The answer has {count} sentences: make the instruction stricter, or end the answer at its first "
                "full stop with stop=[\".\"].")
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


@exercise("03.3", solution=f'cost = estimate_cost("{OPENAI_CHAT_MODEL}", {{"prompt_tokens": 2000, "completion_tokens": 500}})',
          praise="Fractions of a cent per call — but multiply by thousands of users and it adds up.")
def cost_of_a_call(cost: object) -> str | None:
    from ..pricing import estimate_cost

    right = estimate_cost(OPENAI_CHAT_MODEL, {"prompt_tokens": 2000, "completion_tokens": 500})
    if not isinstance(cost, (int, float)):
        return "Give the cost as a number of dollars: use estimate_cost(model, usage)."
    if math.isclose(cost, right, rel_tol=1e-6):
        return None
    swapped = estimate_cost(OPENAI_CHAT_MODEL, {"prompt_tokens": 500, "completion_tokens": 2000})
    if math.isclose(cost, swapped, rel_tol=1e-6):
        return "Prompt and completion are swapped: the 2,000 tokens are the prompt."
    if math.isclose(cost, right * 1_000_000, rel_tol=1e-6):
        return "Prices are per 1M tokens: divide by 1,000,000."
    return f"Use estimate_cost with the course's OpenAI model, {OPENAI_CHAT_MODEL!r}, and a usage dict."
