"""Fine-tuning data: check a chat JSONL file line by line, count its tokens and estimate the training cost.

OpenAI's fine-tuning takes a JSONL file: one JSON object per line, each `{"messages": [...]}` with
system/user/assistant messages and the assistant's answer last. OpenAI rejects a file with bad lines;
checking it here first tells you exactly which line is wrong and why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .pricing import format_usd, is_local, training_cost
from .settings import FINE_TUNING_CLOSED, FINE_TUNING_SOURCE

ROLES = ("system", "user", "assistant")
CHARS_PER_TOKEN = 4  # rule of thumb for English text with OpenAI's tokenizers (an approximation)


@dataclass(frozen=True)
class Problem:
    """One bad line of a JSONL file."""

    line: int  # 1-based, as an editor shows it
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def line_problem(text: str) -> str | None:
    """Why one line is not a valid chat example, or None when it is."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        hint = ""
        if text.lstrip().startswith("{'"):
            hint = " (JSON needs double quotes, not Python's single quotes)"
        elif re.search(r",\s*[]}]", text):
            hint = " (a trailing comma before ] or }: JSON does not allow it)"
        return f"not valid JSON: {error.msg} at column {error.colno}{hint}"
    if not isinstance(record, dict) or "messages" not in record:
        keys = ", ".join(record) if isinstance(record, dict) else type(record).__name__
        return f'missing the "messages" key (found: {keys})'
    messages = record["messages"]
    if not isinstance(messages, list) or not messages:
        return '"messages" must be a non-empty list'
    for i, message in enumerate(messages, start=1):  # counted from 1, like the lines
        if not isinstance(message, dict):
            return f"message {i} is not an object"
        if message.get("role") not in ROLES:
            return f"message {i} has role {message.get('role')!r}; use one of {', '.join(ROLES)}"
        content = message.get("content")
        if not isinstance(content, str) or not content.strip():
            return f"message {i} ({message['role']}) has empty or missing content"
    if not any(m["role"] == "assistant" for m in messages):
        return "no assistant message: there is no answer for the model to learn"
    if messages[-1]["role"] != "assistant":
        return "the last message must be the assistant's answer"
    return None


def check_chat_jsonl(text: str) -> tuple[list[dict], list[Problem]]:
    """The examples of a chat JSONL text and every bad line. The one check, used by notebook 05 and by the
    course server's file upload. A blank line is a bad line, as for OpenAI ("every line is a JSON
    dictionary"); only the newline that ends the last line is not a line of its own."""
    examples, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            problems.append(Problem(number, "empty line"))
        elif (reason := line_problem(line)) is not None:
            problems.append(Problem(number, reason))
        else:
            examples.append(json.loads(line))
    return examples, problems


def validate_chat_jsonl(path: str | Path) -> list[Problem]:
    """Every bad line of the file, with its line number and reason (an empty list means the file is fine)."""
    return check_chat_jsonl(Path(path).read_text(encoding="utf-8"))[1]


def validation_report(path: str | Path) -> str:
    """A readable report: how many examples, and each problem on its own line."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = validate_chat_jsonl(path)
    head = f"{path.name}: {len(lines)} lines, {len(lines) - len(problems)} valid, {len(problems)} with problems"
    if not problems:
        return head + " - ready to upload."
    return "\n".join([head] + [f"  {problem}" for problem in problems])


def load_chat_jsonl(path: str | Path) -> list[dict]:
    """The examples of a valid file (raises ValueError listing every problem otherwise)."""
    examples, problems = check_chat_jsonl(Path(path).read_text(encoding="utf-8"))
    if problems:
        raise ValueError(f"{Path(path).name} has {len(problems)} bad line(s):\n" + "\n".join(map(str, problems)))
    return examples


def count_tokens(example: dict, tokenizer=None) -> int:
    """Tokens in one chat example.

    With a Hugging Face `tokenizer`: exact, via its chat template (the format the model trains on).
    Without one: an APPROXIMATION, about one token per 4 characters plus 4 per message for the
    chat format; close to OpenAI's count for English text, but not exact.
    """
    messages = example["messages"]
    if tokenizer is not None:
        return len(tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True)["input_ids"])
    return sum(4 + -(-len(m["content"]) // CHARS_PER_TOKEN) for m in messages) + 3


def token_summary(examples: list[dict], tokenizer=None) -> dict[str, int]:
    """Examples, total/min/max tokens per example, and how they were counted."""
    counts = [count_tokens(example, tokenizer) for example in examples]
    method = "exact (the model's tokenizer)" if tokenizer is not None else "approximate (4 characters per token)"
    return {
        "examples": len(counts),
        "total_tokens": sum(counts),
        "min_tokens": min(counts),
        "max_tokens": max(counts),
        "counted": method,
    }


def cost_estimate(total_tokens: int, n_epochs: int, model: str) -> str:
    """One line: the tokens that will be billed and what training would cost with helpers/pricing.py."""
    billed = total_tokens * n_epochs
    if is_local(model):
        return f"{billed:,} training tokens ({total_tokens:,} x {n_epochs} epochs) on {model}: free, it runs locally."
    try:
        cost = training_cost(total_tokens, n_epochs, model)
    except KeyError:  # e.g. a model on a class server: helpers/pricing.py has no price for it
        cost = None
    return f"{billed:,} training tokens ({total_tokens:,} x {n_epochs} epochs) on {model}: about {format_usd(cost)}."


PROBE_FILE = "file-course-probe-does-not-exist"  # a file id no server has: nothing is uploaded or trained


def job_refusal(client, model: str) -> str | None:
    """Why OpenAI (or the server `client` talks to) would refuse a fine-tuning job of `model`, asked before
    uploading anything, with OpenAI's dated rules and their source; None if it would take one.

    There is no "may I fine-tune?" endpoint, so this asks for a job on a file that does not exist: a server
    that refuses fine-tuning (OpenAI refuses organisations without access) says so, one that would train
    complains about the file instead. Nothing is uploaded and nothing is billed. A server that creates a
    job anyway (a mock) gets it cancelled at once."""
    import openai

    try:
        job = client.fine_tuning.jobs.create(model=model, training_file=PROBE_FILE)
    except openai.APIStatusError as error:
        param = getattr(error, "param", None)
        if param in ("training_file", "file") or (error.status_code in (400, 404) and PROBE_FILE in str(error.message)):
            return None  # it checked our (missing) file: the job itself would be allowed
        said = (error.body.get("message") if isinstance(error.body, dict) else None) or error.message
        return (
            f"{client.base_url.host} refused the job (HTTP {error.status_code}): {said} "
            f"OpenAI takes no new jobs from organisations that never fine-tuned since "
            f"{FINE_TUNING_CLOSED['never fine-tuned']}, nor from those without fine-tuned-model use in 60 days "
            f"since {FINE_TUNING_CLOSED['inactive 60 days']}, nor from anyone after {FINE_TUNING_CLOSED['everyone']} "
            f"({FINE_TUNING_SOURCE})."
        )
    except openai.APIConnectionError as error:
        return f"{client.base_url.host} could not be reached ({type(error).__name__})."
    try:
        client.fine_tuning.jobs.cancel(job.id)
    except openai.OpenAIError:
        pass
    return None
