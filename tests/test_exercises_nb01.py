"""Checkers of notebook 01 accept right answers and give hints for wrong ones."""

import numpy as np
import pytest

from helpers.exercises import REGISTRY, load_all

load_all()


pytestmark = pytest.mark.usefixtures("repeatable_hidden_cases")  # conftest.py


def run(exercise_id, *answer):
    return REGISTRY[exercise_id].checker(*answer)


def test_01_1_decode():
    assert run("01.1", "Every token is a number to the model.") is None
    assert "capital" in run("01.1", "every token is a number to the model.")
    assert "decode" in run("01.1", "[8600, 9624, 314, 253, 1230, 288, 260, 1743, 30]")
    assert run("01.1", "Generative AI creates new content.")  # the sentence the notebook prints: no decoding done
    assert run("01.1", None)


def test_01_1_ids_match_the_real_tokenizer():
    import pytest

    from helpers.exercises.nb01_concepts import SENTENCE, SENTENCE_IDS
    from helpers.models import KIT

    if not KIT["chat"].ready():
        pytest.skip("offline chat model not prepared")
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(KIT["chat"].path)
    assert tokenizer(SENTENCE)["input_ids"] == SENTENCE_IDS


def right_softmax_t(logits, temperature):
    scaled = np.asarray(logits, dtype=float) / temperature
    return np.exp(scaled - scaled.max()) / np.exp(scaled - scaled.max()).sum()


def test_01_2_softmax_t_is_graded_on_fresh_logits_and_temperatures():
    assert run("01.2", right_softmax_t) is None
    assert run("01.2", lambda logits, t: list(np.round(right_softmax_t(logits, t), 3))) is None  # 3 decimals pass
    assert "temperature 1" in run("01.2", lambda logits, t: right_softmax_t(logits, 1.0))
    assert "multiplied" in run("01.2", lambda logits, t: right_softmax_t(np.asarray(logits) * t * t, t))
    assert "add up" in run("01.2", lambda logits, t: np.exp(np.asarray(logits) / t))
    assert "one probability per logit" in run("01.2", lambda logits, t: right_softmax_t(logits, t)[:2])
    assert "returned None" in run("01.2", lambda logits, t: None)
    assert "Define" in run("01.2", right_softmax_t([2.0, 1.0, 0.5, -1.0], 0.5))  # the values, not the function


def test_01_2_hidden_cases_are_fresh_each_time():
    seen = []
    run("01.2", lambda logits, t: seen.append((tuple(logits), t)) or right_softmax_t(logits, t))
    run("01.2", lambda logits, t: seen.append((tuple(logits), t)) or right_softmax_t(logits, t))
    assert len(seen) == 40 and len(set(seen)) > 30


def test_01_4_clean_image():
    def right(x_t, noise, alpha_bar):
        return (x_t - np.sqrt(1 - alpha_bar) * noise) / np.sqrt(alpha_bar)

    assert run("01.4", right) is None
    assert run("01.4", lambda x, n, a: np.round(right(x, n, a), 4)) is None
    assert "not enough" in run("01.4", lambda x, n, a: x - n)
    assert "Solve" in run("01.4", lambda x, n, a: (x - (1 - a) * n) / a)
    assert "same shape" in run("01.4", lambda x, n, a: right(x, n, a)[0])
    assert "Define" in run("01.4", None)
    assert "returned None" in run("01.4", lambda x, n, a: None)  # the notebook's placeholder: the same hint every run


def test_01_3_examples():
    assert run("01.3", {"text": "ChatGPT", "images": "DALL·E", "code": "GitHub Copilot"}) is None
    assert run("01.3", {"text": "chatgpt", "images": "DALL-E 3", "code": "Copilot"}) is None
    assert run("01.3", {"text": "ChatGPT"})
    assert run("01.3", {"text": "ChatGPT", "images": "Midjourney", "code": "Copilot"})
    assert run("01.3", None)
