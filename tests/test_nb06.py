"""Notebook 06's helpers and exercises: retrieval bookkeeping, the injection screen, the data sets, the checkers."""

import json
import re
from typing import Literal

import numpy as np
import pandas as pd
from openai.types.chat import ChatCompletionMessageToolCall
from pydantic import BaseModel

from helpers import DATA_DIR, hit_rate, load_corpus, load_jsonl, looks_like_injection, passages, top_k
from helpers.exercises import REGISTRY, load_all
from helpers.prompting import accuracy_table, label_format, majority_baseline, read_label
from helpers.settings import NOTEBOOKS_DIR

load_all()
APPS = DATA_DIR / "apps"


def test_top_k_ranks_by_cosine_not_by_length():
    docs = np.array([[3.0, 3.0], [0.6, 0.8], [0.0, 1.0]])  # the first is long: top by dot product, last by cosine
    assert top_k([0.0, 1.0], docs, k=2) == [2, 1]


def test_hit_rate_counts_questions_whose_source_was_retrieved():
    assert hit_rate([["doc-01", "doc-02"], ["doc-03"]], ["doc-02", "doc-09"]) == 0.5


def test_passages_carry_their_ids_between_tags():
    text = passages([{"id": "doc-05", "title": "Keys", "text": "Keep it secret."}])
    assert text == '<passage id="doc-05">Keys: Keep it secret.</passage>'


def test_the_planted_document_is_caught_and_no_course_document_is():
    planted = load_jsonl(APPS / "injection.jsonl")
    assert all(looks_like_injection(d["text"]) for d in planted)
    assert not any(looks_like_injection(d["text"]) for d in load_corpus())


def test_data_sets_are_consistent():
    tickets, examples = pd.read_csv(APPS / "tickets.csv"), pd.read_csv(APPS / "ticket_examples.csv")
    assert tickets["label"].value_counts().to_dict() == {"billing": 12, "technical": 12, "shipping": 12}
    assert examples["label"].value_counts().to_dict() == {"billing": 4, "technical": 4, "shipping": 4}
    assert not set(tickets["text"]) & set(examples["text"])  # the test set is held out from every prompt
    assert tickets["text"].is_unique and examples["text"].is_unique
    ids = {d["id"] for d in load_corpus()}
    questions = load_jsonl(APPS / "questions.jsonl")
    assert len(questions) == 10 and all(q["source"] in ids for q in questions)


LABELS = ["billing", "technical", "shipping"]


def test_the_label_format_allows_only_the_labels():
    schema = label_format(LABELS)["json_schema"]["schema"]
    assert schema["properties"]["team"]["enum"] == LABELS and schema["required"] == ["team"]
    assert schema["additionalProperties"] is False


def test_read_label_accepts_a_label_and_nothing_else():
    assert read_label('{"team": "shipping"}', LABELS) == "shipping"
    assert read_label(" Billing.", LABELS) == "billing"  # plain text that is exactly a label
    assert read_label('{"team": "sales"}', LABELS) is None  # json_object mode: any JSON, checked here
    assert read_label("I'm sorry to hear about your billing problem", LABELS) is None  # a label inside a sentence
    assert read_label('["billing"]', LABELS) is None and read_label(None, LABELS) is None


def test_majority_baseline_and_the_table():
    gold = ["billing"] * 5 + ["shipping"] * 3
    assert majority_baseline(gold) == ("billing", 5 / 8)
    table = accuracy_table(
        {"always billing": ["billing"] * 8, "mixed": ["billing"] * 4 + [None] + ["shipping"] * 3}, gold
    )
    assert table.loc["always billing", "vs majority"] == "+0 points"
    assert table.loc["mixed"].to_dict() == {
        "right": 7,
        "n": 8,
        "accuracy": "88%",
        "not a label": 1,
        "vs majority": "+25 points",
    }


def _saved_outputs(marker: str) -> str:
    cells = json.loads((NOTEBOOKS_DIR / "06_build_with_the_api.ipynb").read_text(encoding="utf-8"))["cells"]
    cell = next(c for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"]))
    return "".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")) for o in cell["outputs"]
    )


def test_the_saved_prompt_measure_beats_the_majority_baseline_by_20_points():
    """Issue 20: the committed notebook shows a real gain, with its sample size and its baseline."""
    saved = _saved_outputs("# (the accuracies come from the model")
    n, baseline = re.search(r"n = (\d+) test tickets, majority baseline (\d+)%", saved).groups()
    rows = re.findall(r"^([A-D] .+?)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(\d+)\s+([+-]\d+) points$", saved, re.M)
    assert int(n) >= 30 and len(rows) == 4 and all(int(row[2]) == int(n) for row in rows)
    assert max(int(row[3]) for row in rows) >= int(baseline) + 20


def _solution(exercise_id: str, namespace: dict) -> dict:
    exec(REGISTRY[exercise_id].solution, namespace)  # noqa: S102 (the course's own solution text)
    return namespace


def test_06_1_the_prompt_function_is_tried_on_reviews_it_has_not_seen():
    checker = REGISTRY["06.1"].checker
    good = _solution("06.1", {})["sentiment_messages"]
    assert checker(good) is None
    seen = []
    assert checker(lambda review: seen.append(review) or good(review)) is None
    assert seen[0] == "The battery died after two days."  # a fixed first case: the saved hint never changes
    assert len(seen) == 4 and len(set(seen)) == 4  # then three reviews the learner has not seen
    assert "delimiters" in checker(lambda review: good(review)[:-1] + [{"role": "user", "content": review}])
    assert "both labels" in checker(
        lambda review: [m if m["content"] != "negative" else {**m, "content": "positive"} for m in good(review)]
    )
    assert "last user message" in checker(lambda review: good("The battery died after two days."))


def test_06_5_majority_baseline_is_not_chance():
    checker = REGISTRY["06.5"].checker
    good = _solution("06.5", {})["baseline_accuracy"]
    assert checker(good) is None
    assert checker(lambda labels: round(good(labels), 3)) is None  # 3 decimals are enough
    assert "chance" in checker(lambda labels: 1 / len(set(labels)))
    assert "not the label" in checker(lambda labels: max(set(labels), key=labels.count))


def test_06_2_review_model():
    checker = REGISTRY["06.2"].checker
    good = _solution("06.2", {"BaseModel": BaseModel, "Literal": Literal})["Review"]
    assert checker(good) is None

    class Loose(BaseModel):
        sentiment: str
        stars: int

    class FloatStars(BaseModel):
        sentiment: Literal["positive", "negative"]
        stars: float

    assert "Literal" in checker(Loose)
    assert "int" in checker(FloatStars)


def test_06_3_tool_message():
    checker = REGISTRY["06.3"].checker
    call = ChatCompletionMessageToolCall(
        id="call_demo", type="function", function={"name": "calculator", "arguments": '{"a": 6, "op": "*", "b": 7}'}
    )

    def calculator(a, op, b):
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[op]

    good = _solution("06.3", {"json": json, "example_call": call, "calculator": calculator})["tool_message"]
    assert checker(good, call) is None
    assert "tool_call_id" in checker({"role": "tool", "content": "42"}, call)
    assert "string" in checker({"role": "tool", "tool_call_id": "call_demo", "content": 42}, call)
    assert "calculator" in checker({"role": "tool", "tool_call_id": "call_demo", "content": "13"}, call)


def test_06_4_redact_on_unseen_addresses():
    checker = REGISTRY["06.4"].checker
    assert checker(_solution("06.4", {"re": re})["redact"]) is None
    assert "[EMAIL]" in checker(lambda text: text)
    assert checker(lambda text: re.sub(r"\S+@\S+", "[EMAIL]", text)) is not None  # eats the comma after an address
    assert checker(lambda text: re.sub(r"\w+@\w+\.\w+", "[EMAIL]", text)) is not None  # a.b@c.d.e half redacted
