"""The notebook 04 checkers accept right answers and give hints for wrong ones."""
from datasets import load_dataset

from helpers.exercises import REGISTRY, load_all
from helpers.sentiment import SENTIMENT_DIR

load_all()


def _train():
    return load_dataset("csv", data_files={"train": str(SENTIMENT_DIR / "train.csv")})["train"]


def test_04_1_accepts_task_name():
    assert REGISTRY["04.1"].checker("automatic-speech-recognition") is None
    assert REGISTRY["04.1"].checker(" Automatic-Speech-Recognition ") is None


def test_04_1_hints():
    for wrong in (None, "speech-to-text", "sentiment-analysis", 3):
        assert isinstance(REGISTRY["04.1"].checker(wrong), str)


def test_04_2_accepts_negatives():
    train = _train()
    assert REGISTRY["04.2"].checker(train.filter(lambda row: row["label"] == "negative")) is None


def test_04_2_hints():
    train = _train()
    checker = REGISTRY["04.2"].checker
    assert isinstance(checker(None), str)
    assert "labels" in checker(train)
    assert "rows" in checker(train.filter(lambda row: row["label"] == "negative").select(range(3)))
    assert isinstance(checker(train.remove_columns("label")), str)
