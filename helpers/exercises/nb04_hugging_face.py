"""Exercises for notebook 04 (Hugging Face)."""
from __future__ import annotations

from .core import exercise


@exercise("04.1", solution='task = "automatic-speech-recognition"',
          praise='pipeline("automatic-speech-recognition", ...) turns audio into text.')
def speech_task(task: object) -> str | None:
    if not isinstance(task, str):
        return 'Give the task name as a string, e.g. "sentiment-analysis".'
    name = task.strip().lower()
    if name in {"asr", "speech-to-text", "speech-recognition", "transcription"}:
        return "Close, but the pipeline's task name is longer: look at the speech recognition section."
    if name != "automatic-speech-recognition":
        return "That is not the speech task: find the pipeline(...) call that loads Whisper."
    return None


@exercise("04.2", solution='negatives = reviews_data["train"].filter(lambda row: row["label"] == "negative")',
          praise="filter keeps exactly the rows for which your function returns True.")
def negative_reviews(negatives: object) -> str | None:
    from ..sentiment import SENTIMENT_DIR

    if negatives is None or not hasattr(negatives, "num_rows"):
        return 'Call .filter(...) on reviews_data["train"]; it returns a Dataset.'
    if "label" not in negatives.column_names:
        return "Keep the label column: filter rows, do not remove columns."
    labels = set(negatives["label"])
    if labels != {"negative"}:
        return f"Your dataset still has labels {sorted(labels)}: keep rows whose label == 'negative'."
    import pandas as pd

    expected = int((pd.read_csv(SENTIMENT_DIR / "train.csv")["label"] == "negative").sum())
    if negatives.num_rows != expected:
        return f"You kept {negatives.num_rows} rows; the training split has {expected} negative reviews."
    return None
