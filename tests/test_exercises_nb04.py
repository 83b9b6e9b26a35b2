"""The notebook 04 checkers accept right answers and give hints for wrong ones, on inputs the learner never saw."""

import random

import pytest
import torch
from datasets import load_dataset

from helpers.exercises import REGISTRY, load_all
from helpers.exercises.nb04_hugging_face import SCENARIOS, hidden_logits, hidden_reviews, softmax
from helpers.sentiment import SENTIMENT_DIR

load_all()


pytestmark = pytest.mark.usefixtures("repeatable_hidden_cases")  # conftest.py


def run(exercise_id, *answer):
    return REGISTRY[exercise_id].checker(*answer)


def test_04_1_task_names_are_parsed_by_transformers():
    assert run("04.1", dict(SCENARIOS)) is None
    aliases = {
        **SCENARIOS,
        "flag product reviews as positive or negative with a model fine-tuned for sentiment": " Sentiment-Analysis ",
    }
    assert run("04.1", aliases) is None  # transformers' own alias, any case and spacing
    removed = {**SCENARIOS, "write a two-sentence summary of a long report": "summarization"}
    assert "removed" in run("04.1", removed)  # transformers 5 says why
    assert "Unknown task" in run("04.1", {**SCENARIOS, "turn a recorded lecture into text": "speech-to-text"})
    emails = next(need for need in SCENARIOS if "billing" in need)
    assert "zero-shot" in run("04.1", {**SCENARIOS, emails: "text-classification"})
    assert "string" in run("04.1", {need: None for need in SCENARIOS})
    assert "five needs" in run("04.1", {"turn a recorded lecture into text": "automatic-speech-recognition"})


def predict(logits, id2label):
    probabilities = torch.softmax(torch.tensor(logits), dim=-1)
    best = int(probabilities.argmax())
    return {"label": id2label[best], "score": float(probabilities[best])}


def test_04_2_hidden_logits_vary():
    cases = hidden_logits(random.Random(5))
    assert cases != hidden_logits(random.Random(6))
    assert {len(logits) for logits, _ in hidden_logits(random.Random(7)) + cases} - {2}  # not only two labels
    for logits, _ in cases:
        assert abs(sum(softmax(logits)) - 1) < 1e-9


def test_04_2_pipeline_last_step():
    assert run("04.2", predict) is None
    assert run("04.2", lambda l, m: {**predict(l, m), "score": round(predict(l, m)["score"], 3)}) is None
    assert "softmax" in run("04.2", lambda l, m: {**predict(l, m), "score": max(l)})
    assert "id2label" in run("04.2", lambda l, m: {"label": int(torch.tensor(l).argmax()), "score": 1.0})
    assert "sigmoid" in run("04.2", lambda l, m: {**predict(l, m), "score": float(torch.sigmoid(torch.tensor(max(l))))})
    assert "the label is" in run("04.2", lambda l, m: {"label": "positive", "score": 0.99})
    assert "dict" in run("04.2", lambda l, m: None)


def negative_with_length(dataset):
    return dataset.filter(lambda row: row["label"] == "negative").map(lambda row: {"n_words": len(row["text"].split())})


def test_04_3_hidden_reviews_have_every_spacing_among_negatives():
    data = hidden_reviews(random.Random(8))
    negatives = [text for text, label in zip(data["text"], data["label"]) if label == "negative"]
    assert any("\n" in t for t in negatives) and any("  " in t for t in negatives)
    assert data["text"] != hidden_reviews(random.Random(9))["text"]


def test_04_3_dataset_function_on_held_out_data():
    neg = lambda row: row["label"] == "negative"  # noqa: E731
    train = load_dataset("csv", data_files={"train": str(SENTIMENT_DIR / "train.csv")})["train"]
    assert run("04.3", negative_with_length) is None
    assert "split() with no argument" in run(
        "04.3", lambda d: d.filter(neg).map(lambda row: {"n_words": len(row["text"].split(" "))})
    )
    assert "characters" in run("04.3", lambda d: d.filter(neg).map(lambda row: {"n_words": len(row["text"])}))
    assert "the parameter" in run("04.3", lambda d: negative_with_length(train))  # the notebook's own split
    assert "not negative" in run("04.3", lambda d: d.map(lambda row: {"n_words": len(row["text"].split())}))
    assert "n_words" in run("04.3", lambda d: d.filter(neg))
    assert "Dataset" in run("04.3", lambda d: None)


def test_04_2_accepts_a_tensor_or_numpy_score():
    assert run("04.2", lambda l, m: {**predict(l, m), "score": torch.tensor(predict(l, m)["score"])}) is None
    assert "a number" in run("04.2", lambda l, m: {**predict(l, m), "score": str(predict(l, m)["score"])})
