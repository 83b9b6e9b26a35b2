"""Exercises for notebook 03: messages, cosine similarity, costs and errors."""

from __future__ import annotations

import math
import os
import random
import re

from ..settings import OPENAI_CHAT_MODEL
from .core import exercise

ROUNDED = 0.00051  # a similarity rounded to 3 decimals is still right
TUTOR = ["patient", "tutor", "one sentence"]  # what exercise 03.1's system message must ask for


def sentences(text: str) -> list[str]:
    """Split text into sentences at '.', '!' or '?' followed by a space (enough for a short answer)."""
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


@exercise(
    "03.1",
    solution="""messages_1 = [
    {"role": "system", "content": "You are a patient tutor. Answer in one sentence."},
    {"role": "user", "content": "What is an embedding?"},
]
reply_1 = client.chat.completions.create(model=MODEL, messages=messages_1, max_completion_tokens=40,
                                         temperature=0, **STOPS, **EXTRA).choices[0].message.content""",
    praise="The system message set the behaviour, and the answer kept to one sentence.",
)
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
        return 'Send messages_1 to the model and pass its answer too: check("03.1", messages_1, reply_1).'
    count = len(sentences(reply))
    if count != 1:
        return (
            f"The answer has {count} sentences: make the instruction stricter, or end the answer at its first "
            'full stop with stop=["."].'
        )
    return None


def reference_cosine(a: list[float], b: list[float]) -> float:
    """The cosine similarity, written out: a·b / (|a| |b|)."""
    dot = sum(x * y for x, y in zip(a, b))
    return dot / (math.hypot(*a) * math.hypot(*b))


def hidden_vector_pairs(rng: random.Random) -> list[tuple[list[float], list[float]]]:
    """Pairs the learner has not seen: random sizes, signs and lengths, plus a scaled and an opposite copy."""
    pairs = []
    for _ in range(5):
        size = rng.randint(3, 8)
        a = [round(rng.uniform(-5, 5), 2) for _ in range(size)]
        b = [round(rng.uniform(-50, 50), 2) for _ in range(size)]  # b is ~10x longer than a
        pairs.append((a, b))
    a = pairs[0][0]
    return pairs + [(a, [3 * x for x in a]), (a, [-x for x in a])]


def _cosine_hint(a: list[float], b: list[float], got: float) -> str:
    """What a wrong cosine most likely computed."""
    dot = sum(x * y for x, y in zip(a, b))
    right = reference_cosine(a, b)
    if math.isclose(got, dot, rel_tol=1e-3):
        return "That is the dot product. Divide it by the two vectors' lengths (np.linalg.norm)."
    if math.isclose(got, 1 - right, rel_tol=1e-3, abs_tol=1e-6):
        return "That is the cosine distance, 1 - similarity. Return the similarity itself."
    one_length = [dot / math.hypot(*a), dot / math.hypot(*b), dot / math.hypot(*a) ** 2, dot / math.hypot(*b) ** 2]
    if any(math.isclose(got, wrong, rel_tol=1e-3) for wrong in one_length):
        return "Divide the dot product by the product of BOTH vectors' lengths: |a| * |b|."
    return f"For a = {a} and b = {b} the cosine similarity is {right:.4f}; your function returned {got:.4f}."


@exercise(
    "03.2",
    solution="""def cosine(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))""",
    praise="Cosine similarity: 1 for the same direction, 0 for unrelated, -1 for opposite.",
)
def cosine_function(cosine: object) -> str | None:
    if not callable(cosine):
        return "Define a function cosine(a, b) and pass the function itself (no brackets)."
    for a, b in hidden_vector_pairs(random.Random(os.urandom(8))):  # new vectors every time the checker runs
        got = cosine(list(a), list(b))
        if got is None:
            return "Your function returns None: `return` the similarity (a number)."
        if not math.isclose(float(got), reference_cosine(a, b), rel_tol=1e-3, abs_tol=ROUNDED):
            return _cosine_hint(a, b, float(got))
    return None


def hidden_token_counts(rng: random.Random) -> list[tuple[int, int]]:
    """(prompt, completion) token counts the learner has not seen, an answer of 0 tokens among them."""
    return [(rng.randint(1, 200_000), rng.randint(1, 20_000)) for _ in range(4)] + [(rng.randint(1, 5_000), 0)]


def _cost_hint(prompt: int, completion: int, got: float) -> str:
    """What a wrong cost function most likely computed."""
    from ..pricing import PER_TOKENS, price_of

    price = price_of(OPENAI_CHAT_MODEL)
    right = (prompt * price.input + completion * price.output) / PER_TOKENS
    likely = {
        "Prompt and completion prices are swapped: input tokens cost price.input, output tokens price.output.": (
            completion * price.input + prompt * price.output
        )
        / PER_TOKENS,
        "Prices are per 1M tokens: divide by 1,000,000.": right * PER_TOKENS,
        "Input and output tokens have different prices: price.input for the prompt, price.output for the answer.": (
            prompt + completion
        )
        * price.input
        / PER_TOKENS,
    }
    for hint, wrong in likely.items():
        if math.isclose(got, wrong, rel_tol=1e-3):
            return hint
    return (
        f"A call with {prompt:,} prompt and {completion:,} completion tokens costs ${right:.6f} on "
        f"{OPENAI_CHAT_MODEL}; your function returned {got!r}. Use price_of({OPENAI_CHAT_MODEL!r})."
    )


@exercise(
    "03.3",
    solution="""def call_cost(prompt_tokens, completion_tokens):
    price = price_of(OPENAI_MODELS["chat"])  # US dollars per 1M tokens
    return (prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000""",
    praise="Fractions of a cent per call — but multiply by thousands of users and it adds up.",
)
def cost_function(call_cost: object) -> str | None:
    from ..pricing import estimate_cost

    if not callable(call_cost):
        return "Define a function call_cost(prompt_tokens, completion_tokens) and pass the function itself."
    for prompt, completion in hidden_token_counts(random.Random(os.urandom(8))):  # new counts every time
        got = call_cost(prompt, completion)
        if got is None:
            return "Your function returns None: `return` the cost in dollars (a number)."
        if isinstance(got, (str, bool)) or not hasattr(got, "__float__"):  # a Python or numpy number is fine
            return f"call_cost({prompt}, {completion}) returned {got!r}: `return` the cost in dollars, a number."
        got = float(got)
        right = estimate_cost(OPENAI_CHAT_MODEL, {"prompt_tokens": prompt, "completion_tokens": completion})
        if not math.isclose(got, right, rel_tol=1e-3):
            return _cost_hint(prompt, completion, got)
    return None
