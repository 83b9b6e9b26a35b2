"""Checkers of notebook 01 accept right answers and give hints for wrong ones."""
import numpy as np

from helpers.exercises import REGISTRY, load_all

load_all()


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


def test_01_2_temperature():
    logits = np.array([2.0, 1.0, 0.5, -1.0])
    right = np.exp(logits / 0.5) / np.exp(logits / 0.5).sum()
    assert run("01.2", right) is None
    assert run("01.2", list(right)) is None
    t1 = np.exp(logits) / np.exp(logits).sum()
    assert "temperature 1" in run("01.2", t1)
    assert "multiplied" in run("01.2", np.exp(logits * 0.5) / np.exp(logits * 0.5).sum())
    assert "add up" in run("01.2", [0.5, 0.5, 0.5, 0.5])
    assert run("01.2", None)
    assert run("01.2", [1.0])


def test_01_3_examples():
    assert run("01.3", {"text": "ChatGPT", "images": "DALL·E", "code": "GitHub Copilot"}) is None
    assert run("01.3", {"text": "chatgpt", "images": "DALL-E 3", "code": "Copilot"}) is None
    assert run("01.3", {"text": "ChatGPT"})
    assert run("01.3", {"text": "ChatGPT", "images": "Midjourney", "code": "Copilot"})
    assert run("01.3", None)
