"""Chat JSONL validation, token counting and cost estimates (helpers/finetune.py)."""

import json

import pytest

from helpers.finetune import (
    Problem,
    cost_estimate,
    line_problem,
    load_chat_jsonl,
    token_summary,
    validate_chat_jsonl,
    validation_report,
)
from helpers.models import tiktoken_file
from helpers.pricing import openai_tokens
from helpers.settings import DATA_DIR, LOCAL_CHAT_MODEL, OPENAI_FINE_TUNE_MODEL

FINETUNE = DATA_DIR / "finetune"
GOOD = {
    "messages": [
        {"role": "system", "content": "Be a pirate."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Arr, matey! Hello."},
    ]
}


def test_course_files_are_valid():
    assert validate_chat_jsonl(FINETUNE / "train.jsonl") == []
    assert validate_chat_jsonl(FINETUNE / "validation.jsonl") == []
    assert len(load_chat_jsonl(FINETUNE / "train.jsonl")) >= 60


def test_every_bad_example_is_reported_with_its_line():
    problems = validate_chat_jsonl(FINETUNE / "bad_examples.jsonl")
    lines = (FINETUNE / "bad_examples.jsonl").read_text().splitlines()
    assert [p.line for p in problems] == list(range(1, len(lines) + 1))
    assert all(p.reason for p in problems)
    report = validation_report(FINETUNE / "bad_examples.jsonl")
    assert all(f"line {p.line}: " in report for p in problems)


@pytest.mark.parametrize(
    "line, words",
    [
        ("{'messages': []}", "double quotes"),
        ('{"conversation": []}', '"messages"'),
        ('{"messages": []}', "non-empty"),
        ('{"messages": [{"role": "bot", "content": "x"}]}', "role"),
        ('{"messages": [{"role": "user", "content": "x"}]}', "no assistant"),
        ('{"messages": [{"role": "assistant", "content": "x"}, {"role": "user", "content": "y"}]}', "last message"),
        ('{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": " "}]}', "empty"),
        ('{"messages": [{"role": "user", "content": "x"},]}', "trailing comma"),
    ],
)
def test_line_problems(line, words):
    assert words in line_problem(line)


def test_good_line_and_blank_lines(tmp_path):
    assert line_problem(json.dumps(GOOD)) is None
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps(GOOD) + "\n\n" + json.dumps(GOOD) + "\n")
    assert validate_chat_jsonl(path) == [Problem(2, "empty line")]
    with pytest.raises(ValueError, match="line 2"):
        load_chat_jsonl(path)


@pytest.mark.skipif(not tiktoken_file().is_file(), reason="run `course prepare` first (OpenAI's tokenizer)")
def test_the_approximate_count_is_close_to_openais():
    """count_tokens() without a tokenizer promises 'close to OpenAI's count for English text': on the course's
    training file it is within 15 % of tiktoken's count (chat format included), so the cost estimate is too."""
    examples = load_chat_jsonl(FINETUNE / "train.jsonl")
    approx = token_summary(examples)
    exact = sum(openai_tokens(example["messages"]) for example in examples)
    assert approx["total_tokens"] == pytest.approx(exact, rel=0.15) and "approximate" in approx["counted"]


def test_cost_estimate_lines():
    assert "3,000,000 training tokens" in cost_estimate(1_000_000, 3, OPENAI_FINE_TUNE_MODEL)
    assert "$9.00" in cost_estimate(1_000_000, 3, OPENAI_FINE_TUNE_MODEL)  # USD 3 per 1M training tokens
    assert "free" in cost_estimate(1000, 3, LOCAL_CHAT_MODEL)
    # a class server's model with no price (e.g. on Ollama): said plainly, no KeyError in notebook 05
    assert "not known" in cost_estimate(1000, 3, "llama3.2:1b")


def test_exact_count_with_a_tokenizer():
    class FakeTokenizer:
        def apply_chat_template(self, messages, tokenize, return_dict):
            return {"input_ids": list(range(7 * len(messages)))}

    summary = token_summary([GOOD], FakeTokenizer())
    assert summary["total_tokens"] == 21 and "exact" in summary["counted"]


def test_the_server_checks_uploads_with_the_same_rules(tmp_path):
    """One validator: a blank line in the middle is a bad line for the notebook's check and for the course
    server's upload alike (OpenAI wants a JSON object on every line); the final newline is fine."""
    from helpers.server.errors import APIError
    from helpers.server.files import training_examples as server_check

    good = json.dumps(GOOD)
    assert len(server_check(f"{good}\n{good}\n".encode())) == 2
    path = tmp_path / "blank.jsonl"
    path.write_text(f"{good}\n\n{good}\n")
    assert validate_chat_jsonl(path) == [Problem(2, "empty line")]
    with pytest.raises(APIError, match="line 2: empty line"):
        server_check(path.read_bytes())
