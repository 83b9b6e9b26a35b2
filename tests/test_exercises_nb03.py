"""Checkers of notebook 03 accept right answers and give hints for wrong ones, on inputs the learner never saw."""

import random

import numpy as np
import pytest

from helpers.exercises import REGISTRY, load_all
from helpers.exercises.nb03_openai_api import hidden_token_counts, hidden_vector_pairs, reference_cosine
from helpers.pricing import estimate_cost, price_of
from helpers.settings import OPENAI_CHAT_MODEL

load_all()


pytestmark = pytest.mark.usefixtures("repeatable_hidden_cases")  # conftest.py


def run(exercise_id, *answer):
    return REGISTRY[exercise_id].checker(*answer)


def test_03_1_messages_and_one_sentence_reply():
    right = [
        {"role": "system", "content": "You are a patient tutor. Answer in one sentence."},
        {"role": "user", "content": "What is a token?"},
    ]
    one = "A token is a piece of text, often part of a word."
    assert run("03.1", right, one) is None
    assert "system" in run("03.1", right[1:], one)
    assert "patient" in run("03.1", [{"role": "system", "content": "Be brief."}, right[1]], one)
    assert "one sentence" in run("03.1", [{"role": "system", "content": "You are a patient tutor."}, right[1]], one)
    assert "2 sentences" in run("03.1", right, one + " Models read tokens.")
    assert "answer" in run("03.1", right, None)
    assert run("03.1", [{"role": "system"}, {"role": "user", "content": "x"}], one)
    assert run("03.1", None)


def cosine(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_03_2_hidden_vectors_change_every_run_and_differ_in_length():
    first, second = hidden_vector_pairs(random.Random(1)), hidden_vector_pairs(random.Random(2))
    assert first != second
    for a, b in first:
        assert np.isclose(reference_cosine(a, b), cosine(a, b))
    assert all(np.linalg.norm(b) > np.linalg.norm(a) for a, b in first[:-1])  # a formula ignoring one length fails


def test_03_2_cosine_right_and_rounded_pass():
    assert run("03.2", cosine) is None
    assert run("03.2", lambda a, b: round(cosine(a, b), 3)) is None  # 3 decimals are enough


def test_03_2_hints_name_the_mistake():
    assert "dot product" in run("03.2", lambda a, b: float(np.dot(a, b)))
    assert "BOTH" in run("03.2", lambda a, b: float(np.dot(a, b) / np.dot(a, a)))  # right on the old fixed probes
    assert "distance" in run("03.2", lambda a, b: 1 - cosine(a, b))
    assert "cosine similarity is" in run("03.2", lambda a, b: 0.5)
    assert "None" in run("03.2", lambda a, b: None)
    assert "function" in run("03.2", 0.5)


def test_03_3_cost_function_on_hidden_token_counts():
    price = price_of(OPENAI_CHAT_MODEL)

    def call_cost(prompt, completion):
        return (prompt * price.input + completion * price.output) / 1e6

    counts = hidden_token_counts(random.Random(3))
    assert counts != hidden_token_counts(random.Random(4)) and any(c == 0 for _, c in counts)
    assert all(
        np.isclose(call_cost(p, c), estimate_cost(OPENAI_CHAT_MODEL, {"prompt_tokens": p, "completion_tokens": c}))
        for p, c in counts
    )
    assert run("03.3", call_cost) is None
    assert "swapped" in run("03.3", lambda p, c: call_cost(c, p))
    assert "1M" in run("03.3", lambda p, c: call_cost(p, c) * 1e6)
    assert "different prices" in run("03.3", lambda p, c: (p + c) * price.input / 1e6)
    assert "costs $" in run("03.3", lambda p, c: 0.00045)  # the old exercise's one fixed answer
    assert "returns None" in run("03.3", lambda p, c: None)
    assert "a number" in run("03.3", lambda p, c: str(call_cost(p, c)))  # text, not a number
    assert "function" in run("03.3", 0.00045)
