"""Checkers of notebook 03 accept right answers and give hints for wrong ones."""
import numpy as np

from helpers.exercises import REGISTRY, load_all

load_all()


def run(exercise_id, *answer):
    return REGISTRY[exercise_id].checker(*answer)


def test_03_1_messages_and_one_sentence_reply():
    right = [{"role": "system", "content": "You are a patient tutor. Answer in one sentence."},
             {"role": "user", "content": "What is a token?"}]
    one = "A token is a piece of text, often part of a word."
    assert run("03.1", right, one) is None
    assert "system" in run("03.1", right[1:], one)
    assert "patient" in run("03.1", [{"role": "system", "content": "Be brief."}, right[1]], one)
    assert "one sentence" in run("03.1", [{"role": "system", "content": "You are a patient tutor."}, right[1]], one)
    assert "2 sentences" in run("03.1", right, one + " Models read tokens.")
    assert "answer" in run("03.1", right, None)
    assert run("03.1", [{"role": "system"}, {"role": "user", "content": "x"}], one)
    assert run("03.1", None)


def test_03_2_cosine():
    def cosine(a, b):
        a, b = np.asarray(a, float), np.asarray(b, float)
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))

    assert run("03.2", cosine) is None
    assert "dot product" in run("03.2", lambda a, b: float(np.dot(a, b)))
    assert run("03.2", lambda a, b: 0.5)
    assert "None" in run("03.2", lambda a, b: None)
    assert "function" in run("03.2", 0.5)


def test_03_3_cost():
    from helpers.pricing import estimate_cost
    from helpers.settings import OPENAI_CHAT_MODEL

    right = estimate_cost(OPENAI_CHAT_MODEL, {"prompt_tokens": 2000, "completion_tokens": 500})
    assert abs(right - 0.00045) < 1e-12  # gpt-6-luna: 2000 x $0.10 + 500 x $0.50 per 1M tokens
    assert run("03.3", right) is None
    assert "swapped" in run("03.3", estimate_cost(OPENAI_CHAT_MODEL, {"prompt_tokens": 500, "completion_tokens": 2000}))
    assert "1M" in run("03.3", right * 1_000_000)
    assert run("03.3", "cheap")