"""The sentiment helpers: data loading, evaluation, zero-shot baseline and a short training smoke test."""

import numpy as np
import pytest

from helpers.models import KIT
from helpers.sentiment import (
    LABELS,
    compute_metrics,
    evaluate_predictions,
    load_sentiment_data,
    train_sentiment_classifier,
    zero_shot_predict,
)

needs_embeddings = pytest.mark.skipif(not KIT["embeddings"].ready(), reason="run `course prepare` first")


def test_data_is_balanced_with_class_labels():
    data = load_sentiment_data()
    assert data["train"].features["label"].names == LABELS
    assert data["train"].num_rows >= 500 and data["test"].num_rows >= 100
    for split in data.values():
        counts = np.bincount(split["label"])
        assert counts[0] == counts[1]


def test_evaluate_predictions():
    report = evaluate_predictions(
        ["positive", "positive", "negative", "negative"], ["positive", "negative", "negative", "negative"]
    )
    assert report["accuracy"] == 0.75
    assert report["per_class"].loc["negative", "precision"] == round(2 / 3, 3)
    assert report["per_class"].loc["positive", "recall"] == 0.5
    assert report["confusion_matrix"].values.tolist() == [[2, 0], [1, 1]]


def test_compute_metrics():
    logits = np.array([[2.0, 0.0], [0.0, 1.0], [3.0, 1.0]])
    assert compute_metrics((logits, np.array([0, 1, 1]))) == {"accuracy": pytest.approx(2 / 3)}


@needs_embeddings
def test_zero_shot_predict_returns_labels():
    texts = ["I was so happy, I loved it and would recommend it.", "I was angry and very disappointed."]
    predictions = zero_shot_predict(texts, str(KIT["embeddings"].path))
    assert predictions == ["positive", "negative"]


@needs_embeddings
def test_training_learns_and_saves_the_model_it_evaluated(tmp_path):
    """A short run beats chance, and the accuracy it reports is that of the folder it saved, reloaded, on the
    test split: a run that learns nothing, saves the untrained model or miscounts the accuracy fails."""
    from transformers import pipeline

    metrics = train_sentiment_classifier(tmp_path, str(KIT["embeddings"].path), epochs=1, max_train_samples=160)
    test = load_sentiment_data()["test"]
    classify = pipeline("text-classification", model=str(tmp_path), device="cpu")
    predicted = [answer["label"] for answer in classify(list(test["text"]), batch_size=64)]
    saved = evaluate_predictions([LABELS[i] for i in test["label"]], predicted)["accuracy"]
    assert metrics["eval_accuracy"] > 0.6  # 0.75 on this seed; chance is 0.5
    assert saved == pytest.approx(metrics["eval_accuracy"], abs=0.015)  # one review either way
