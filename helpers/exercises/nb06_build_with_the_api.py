"""Exercises for notebook 06: a few-shot prompt and a majority baseline for any input, a pydantic schema, the tool
message, redaction of e-mail addresses in unseen texts."""

from __future__ import annotations

import json
import math
import os
import random
import re
from collections import Counter

from .core import exercise


@exercise(
    "06.1",
    solution='''def sentiment_messages(review: str) -> list[dict]:
    return [
        {"role": "system", "content": "Classify the review's sentiment. Reply with positive or negative only."},
        {"role": "user", "content": 'Review: """I love this phone."""'},
        {"role": "assistant", "content": "positive"},
        {"role": "user", "content": 'Review: """The food was cold."""'},
        {"role": "assistant", "content": "negative"},
        {"role": "user", "content": f'Review: """{review}"""'},
    ]''',
    praise="Instructions, worked examples, then the real input between delimiters: for any review.",
)
def few_shot_prompt(sentiment_messages) -> str | None:
    if not callable(sentiment_messages):
        return "Define a function sentiment_messages(review) that returns the list of messages, and pass the function."
    for review in [FIRST_REVIEW, *hidden_reviews()]:  # one fixed case first, so the first hint is always the same
        hint = few_shot_hint(sentiment_messages(review), review)
        if hint:
            return f"For the review {review!r}: {hint}"
    return None


FIRST_REVIEW = "The battery died after two days."


def hidden_reviews(count: int = 3) -> list[str]:
    """Reviews the learner has not seen, new at every check."""
    rng = random.Random(os.urandom(8))
    things = ["blender", "tent", "keyboard", "jacket", "kettle", "phone case", "bike lamp", "desk chair"]
    verdicts = [
        "broke after {n} days",
        "still works perfectly after {n} months",
        "arrived scratched and {n} days late",
        "is the best purchase I made in {n} years",
        "smells of plastic even after {n} washes",
    ]
    return [f"The {rng.choice(things)} {rng.choice(verdicts).format(n=rng.randint(2, 9))}." for _ in range(count)]


def few_shot_hint(messages: object, review: str) -> str | None:
    """What is wrong with one few-shot prompt built for `review` (None when nothing is)."""
    if not isinstance(messages, list) or not all(
        isinstance(m, dict) and {"role", "content"} <= set(m) for m in messages
    ):
        return 'return a list of dicts like {"role": "user", "content": "..."}.'
    if len(messages) < 6:
        return "use a system message, at least two example pairs (user, assistant) and the review: 6 messages or more."
    roles = [m["role"] for m in messages]
    if roles[0] != "system":
        return "start with the system message that states the task and the allowed answers."
    if roles[1:-1] != ["user", "assistant"] * ((len(roles) - 2) // 2) or roles[-1] != "user":
        return "after the system message, alternate user (example) and assistant (its label), and end with the user."
    labels = [str(m["content"]).strip().lower() for m in messages if m["role"] == "assistant"]
    if not set(labels) <= {"positive", "negative"}:
        return "each example answer (assistant) should be exactly the label: positive or negative."
    if len(set(labels)) < 2:
        return "show both labels in your examples, so the model sees each possible answer."
    last = str(messages[-1]["content"])
    if review not in last or any(review in str(m["content"]) for m in messages[:-1]):
        return "the review passed to your function must be in the last user message (and only there)."
    if not re.search(r'"""' + re.escape(review) + r'"""|<\w+>' + re.escape(review) + "</", last):
        return 'put the review between delimiters, e.g. f\'Review: """{review}"""\'.'
    return None


@exercise(
    "06.2",
    solution="""class Review(BaseModel):
    sentiment: Literal["positive", "negative"]
    stars: int""",
    praise="That class is the schema: parse() sends it and gives you a Review back.",
)
def review_model(model: object) -> str | None:
    from pydantic import BaseModel

    if not isinstance(model, type) or not issubclass(model, BaseModel):
        return "Define a class that inherits from pydantic's BaseModel and pass the class itself."
    props = model.model_json_schema().get("properties", {})
    if set(props) != {"sentiment", "stars"}:
        return f"The fields should be exactly sentiment and stars; you have {sorted(props) or 'none'}."
    if sorted(props["sentiment"].get("enum", [])) != ["negative", "positive"]:
        return 'sentiment must allow only two values: use Literal["positive", "negative"].'
    if props["stars"].get("type") != "integer":
        return "stars must be an integer: annotate it with int."
    return None


@exercise(
    "06.3",
    solution="""arguments = json.loads(example_call.function.arguments)
result = calculator(**arguments)
tool_message = {"role": "tool", "tool_call_id": example_call.id, "content": str(result)}""",
    praise="The tool_call_id links your result to the model's request.",
)
def tool_message(message: object, call) -> str | None:
    if not isinstance(message, dict) or message.get("role") != "tool":
        return 'Build a dict with "role": "tool".'
    if message.get("tool_call_id") != call.id:
        return 'Add "tool_call_id": example_call.id, so the model knows which call this answers.'
    content = message.get("content")
    if not isinstance(content, str):
        return 'The "content" must be a string: str(result).'
    args = json.loads(call.function.arguments)
    if content.strip() not in {str(args["a"] * args["b"]), str(float(args["a"] * args["b"]))}:
        return "Run calculator(**json.loads(example_call.function.arguments)) and send its result as the content."
    return None


@exercise(
    "06.4",
    solution=r"""def redact(text: str) -> str:
    return re.sub(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "[EMAIL]", text)""",
    praise="Redact before the call: what you never send cannot leak.",
)
def redact_emails(redact) -> str | None:
    if not callable(redact):
        return "Define a function redact(text) and pass the function itself."
    for text in [FIRST_TEXT, *hidden_texts()]:  # one fixed case first, so the first hint is always the same
        expected, got = EMAIL.sub("[EMAIL]", text), redact(text)
        if got != expected:
            return f"redact({text!r}) should give {expected!r}, got {got!r}."
    return None


FIRST_TEXT = "Write to ana.lopez@example.com today."
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def hidden_texts() -> list[str]:
    """Texts with addresses the learner has not seen (dots, plus signs, sub-domains, punctuation around them)."""
    rng = random.Random(os.urandom(8))
    names = ["mia", "li.wei", "jo+orders", "k_oduya", "sam.t.ng", "ana-maria"]
    domains = ["example.com", "mail.example.org", "uni-x.example.ac.uk", "example.net"]

    def address() -> str:
        return f"{rng.choice(names)}{rng.randint(1, 99)}@{rng.choice(domains)}"

    return [
        f"Please write to {address()}.",
        f"cc: {address()}, {address()}; thanks!",
        f"({address()}) asked about the order.",
        f"No address here, just an @ sign and {rng.randint(2, 9)} items.",
    ]


@exercise(
    "06.5",
    solution="""from collections import Counter


def baseline_accuracy(labels: list[str]) -> float:
    most_common_count = Counter(labels).most_common(1)[0][1]
    return most_common_count / len(labels)""",
    praise="That is the score to beat: a prompt that does not beat it has learned nothing about the task.",
)
def majority_baseline(baseline_accuracy) -> str | None:
    if not callable(baseline_accuracy):
        return "Define a function baseline_accuracy(labels) and pass the function itself."
    rng = random.Random(os.urandom(8))
    for _ in range(4):
        names = rng.sample(["billing", "technical", "shipping", "sales", "returns"], rng.randint(2, 4))
        labels = [rng.choices(names, weights=[rng.randint(1, 9) for _ in names])[0] for _ in range(rng.randint(7, 40))]
        want, got = Counter(labels).most_common(1)[0][1] / len(labels), baseline_accuracy(labels)
        if isinstance(got, str):
            return f"Return the accuracy (a number between 0 and 1), not the label: got {got!r}."
        if not isinstance(got, (int, float)) or not math.isclose(got, want, rel_tol=1e-3, abs_tol=1e-3):
            if isinstance(got, (int, float)) and math.isclose(got, 1 / len(set(labels))):
                return (
                    "That is chance (1 / number of labels). The majority baseline always answers the most "
                    "common label: its share of the labels."
                )
            return f"For {len(labels)} labels {dict(Counter(labels))} the majority baseline is {want:.3f}, got {got!r}."
    return None
