"""Exercises for notebook 04 (Hugging Face)."""

from __future__ import annotations

import math
import os
import random

from .core import exercise

# exercise 04.1: a need the notebook did not show -> the pipeline task that meets it (transformers 5 names)
SCENARIOS = {
    "turn a recorded lecture into text": "automatic-speech-recognition",
    "sort support emails into 'billing', 'bug' or 'praise', labels no model was trained on": "zero-shot-classification",
    "flag product reviews as positive or negative with a model fine-tuned for sentiment": "text-classification",
    "turn each FAQ entry into a vector, to find the one closest in meaning to a question": "feature-extraction",
    "write a two-sentence summary of a long report": "text-generation",
}
WHY = {  # the right task -> a hint that points to it without naming it
    "automatic-speech-recognition": "audio in, text out is the task of the speech recognition section",
    "zero-shot-classification": "for labels no model was trained on, name them to the zero-shot pipeline",
    "text-classification": "a model already fine-tuned for sentiment runs in the sentiment-analysis pipeline "
    "(zero-shot is for labels no model was trained on)",
    "feature-extraction": "a vector per text is what the embeddings section's pipeline returns",
    "text-generation": "transformers 5 summarizes by prompting a chat model (the summary in section 3)",
}


def pipeline_task(name: str) -> str:
    """The task `pipeline(name)` would run (aliases such as "sentiment-analysis" resolved); KeyError if none."""
    from transformers.pipelines import check_task

    return check_task(name.strip().lower())[0]


@exercise(
    "04.1",
    solution="""tasks = {
    "turn a recorded lecture into text": "automatic-speech-recognition",
    "sort support emails into 'billing', 'bug' or 'praise', labels no model was trained on": "zero-shot-classification",
    "flag product reviews as positive or negative with a model fine-tuned for sentiment": "sentiment-analysis",
    "turn each FAQ entry into a vector, to find the one closest in meaning to a question": "feature-extraction",
    "write a two-sentence summary of a long report": "text-generation",
}""",
    praise="Pick the task first: the pipeline and the kind of model follow from it.",
)
def tasks_for_needs(tasks: object) -> str | None:
    if not isinstance(tasks, dict) or set(tasks) != set(SCENARIOS):
        return "Keep the dict `tasks` with its five needs as keys, and give each a task name (a string)."
    for need, right in SCENARIOS.items():
        name = tasks[need]
        if not isinstance(name, str):
            return f"Give a task name as a string for: {need!r}."
        try:
            chosen = pipeline_task(name)
        except KeyError as error:  # transformers says why: an unknown task, or one removed in version 5
            reason = str(error.args[0] if error.args else error).split(", available")[0].split(". See")[0]
            return f"{name!r} is not a pipeline task in transformers 5: {reason}."
        if chosen != right:
            return f"For {need!r}, {name!r} is not the best fit: {WHY[right]}."
    return None


def softmax(logits: list[float]) -> list[float]:
    """exp of each logit, divided by their sum (shifted by the largest logit, so exp never overflows)."""
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    return [e / sum(exps) for e in exps]


LABEL_NAMES = ["billing", "bug", "praise", "spam", "question", "joy", "anger", "sport", "cooking", "technology"]


def hidden_logits(rng: random.Random) -> list[tuple[list[float], dict[int, str]]]:
    """Logits and id2label maps the learner has not seen: 2 to 6 labels, the winner anywhere."""
    cases = []
    for _ in range(6):
        names = rng.sample(LABEL_NAMES, rng.randint(2, 6))
        cases.append(([round(rng.uniform(-4, 4), 2) for _ in names], dict(enumerate(names))))
    return cases


def _prediction_hint(logits: list[float], id2label: dict[int, str], got: dict) -> str | None:
    """None when `got` is the pipeline's answer for these logits, else what went wrong."""
    probabilities = softmax(logits)
    best = max(range(len(logits)), key=logits.__getitem__)
    label, score = got.get("label"), got.get("score")
    if label in (best, str(best)):
        return "That is the label's index: turn it into its name with id2label[index]."
    if label != id2label[best]:
        return (
            f"For logits {logits} and id2label {id2label} the label is {id2label[best]!r} (the highest "
            f"logit is also the highest probability); you returned {label!r}."
        )
    if isinstance(score, (str, bool)) or not hasattr(score, "__float__"):  # a Python, numpy or torch number is fine
        return 'Put the probability of that label, a number, under "score".'
    score = float(score)
    if math.isclose(score, probabilities[best], rel_tol=1e-3, abs_tol=0.00051):
        return None
    if math.isclose(score, logits[best], rel_tol=1e-3):
        return "That score is the raw logit. Turn the logits into probabilities with softmax first."
    if math.isclose(score, 1 / (1 + math.exp(-logits[best])), rel_tol=1e-3):
        return "That is a sigmoid of one logit. Softmax compares ALL the logits: exp(x) / sum of exp(all)."
    return f"For logits {logits} the softmax probability of {id2label[best]!r} is {probabilities[best]:.3f}; you gave {score}."


@exercise(
    "04.2",
    solution="""def predict(logits, id2label):
    probabilities = torch.softmax(torch.tensor(logits), dim=-1)
    best = int(probabilities.argmax())
    return {"label": id2label[best], "score": float(probabilities[best])}""",
    praise="That is the pipeline's last step: logits -> softmax -> the most likely label and its probability.",
)
def pipeline_last_step(predict: object) -> str | None:
    if not callable(predict):
        return "Define a function predict(logits, id2label) and pass the function itself (no brackets)."
    for logits, id2label in hidden_logits(random.Random(os.urandom(8))):  # new logits and labels every time
        got = predict(list(logits), dict(id2label))
        if not isinstance(got, dict):
            return f'predict(...) returned {got!r}: return a dict like the pipeline\'s, {{"label": ..., "score": ...}}.'
        hint = _prediction_hint(logits, id2label, got)
        if hint:
            return hint
    return None


def hidden_reviews(rng: random.Random):
    """A small dataset the learner has not seen: random words, odd spacing, both labels."""
    from datasets import Dataset

    words = "battery screen staff room soup late great cold friendly broken quiet slow".split()
    rows = [
        ([" ", "\n", "  "][i % 3].join(rng.choices(words, k=rng.randint(2, 12))), ["negative", "positive"][i % 2])
        for i in range(12)
    ]  # every kind of spacing among the negative rows
    rng.shuffle(rows)
    return Dataset.from_dict({"text": [text for text, _ in rows], "label": [label for _, label in rows]})


def _dataset_hint(prepare, dataset, name: str) -> str | None:
    """None when prepare(dataset) keeps exactly the negative rows, each with its word count."""
    expected = [(row["text"], len(row["text"].split())) for row in dataset if row["label"] == "negative"]
    got = prepare(dataset)
    if got is None or not hasattr(got, "column_names"):
        return "Return the dataset your .filter(...) and .map(...) calls made (a Dataset)."
    if not {"text", "label", "n_words"} <= set(got.column_names):
        return f"Keep the text and label columns and add n_words; {name} came back with {got.column_names}."
    if set(got["label"]) - {"negative"}:
        return f"On {name} some rows are not negative: keep the rows whose label == 'negative'."
    if [row["text"] for row in got] != [text for text, _ in expected]:
        return (
            f"On {name} you kept {got.num_rows} rows, but it has {len(expected)} negative reviews: filter the "
            "dataset you are given (the parameter), not reviews_data."
        )
    counts = list(got["n_words"])
    if counts != [n for _, n in expected]:
        if counts == [len(text) for text, _ in expected]:
            return "n_words counts characters: count the words, len(row['text'].split())."
        return (
            "Some word counts are off (reviews with two spaces or a line break): split() with no argument "
            "splits on any whitespace."
        )
    return None


@exercise(
    "04.3",
    solution="""def negative_with_length(dataset):
    negatives = dataset.filter(lambda row: row["label"] == "negative")
    return negatives.map(lambda row: {"n_words": len(row["text"].split())})""",
    praise="filter keeps the rows your function returns True for; map adds the columns it returns.",
)
def dataset_function(negative_with_length: object) -> str | None:
    from datasets import load_dataset

    from ..sentiment import SENTIMENT_DIR

    if not callable(negative_with_length):
        return "Define a function negative_with_length(dataset) and pass the function itself (no brackets)."
    hint = _dataset_hint(negative_with_length, hidden_reviews(random.Random(os.urandom(8))), "a hidden dataset")
    if hint:
        return hint
    held_out = load_dataset("csv", data_files={"test": str(SENTIMENT_DIR / "test.csv")})["test"]
    return _dataset_hint(negative_with_length, held_out, "the test split")
