"""Exercises for notebook 06: few-shot prompts, a pydantic schema, the tool message, redaction."""
from __future__ import annotations

import json

from .core import exercise


@exercise("06.1", solution='''sentiment_messages = [
    {"role": "system", "content": "Classify the review's sentiment. Reply with positive or negative only."},
    {"role": "user", "content": 'Review: """I love this phone."""'},
    {"role": "assistant", "content": "positive"},
    {"role": "user", "content": 'Review: """The food was cold."""'},
    {"role": "assistant", "content": "negative"},
    {"role": "user", "content": f'Review: """{review}"""'},
]''', praise="Instructions, worked examples, then the real input between delimiters.")
def few_shot_messages(messages: object, review: str) -> str | None:
    if not isinstance(messages, list) or not all(isinstance(m, dict) and {"role", "content"} <= set(m)
                                                 for m in messages):
        return 'Make a list of dicts like {"role": "user", "content": "..."}.'
    if len(messages) < 6:
        return "Use a system message, at least two example pairs (user, assistant) and the review: 6 messages or more."
    roles = [m["role"] for m in messages]
    if roles[0] != "system":
        return "Start with the system message that states the task and the allowed answers."
    if roles[1:-1] != ["user", "assistant"] * ((len(roles) - 2) // 2) or roles[-1] != "user":
        return "After the system message, alternate user (example) and assistant (its label), and end with the user."
    labels = [m["content"].strip().lower() for m in messages if m["role"] == "assistant"]
    if not set(labels) <= {"positive", "negative"}:
        return "Each example answer (assistant) should be exactly the label: positive or negative."
    if len(set(labels)) < 2:
        return "Show both labels in your examples, so the model sees each possible answer."
    last = messages[-1]["content"]
    if review not in last:
        return "The last user message must contain the review to classify."
    if '"""' not in last and "<" not in last:
        return "Put the review between delimiters, e.g. f'Review: \"\"\"{review}\"\"\"'."
    return None


@exercise("06.2", solution='''class Review(BaseModel):
    sentiment: Literal["positive", "negative"]
    stars: int''', praise="That class is the schema: parse() sends it and gives you a Review back.")
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


@exercise("06.3", solution='''arguments = json.loads(example_call.function.arguments)
result = calculator(**arguments)
tool_message = {"role": "tool", "tool_call_id": example_call.id, "content": str(result)}''',
          praise="The tool_call_id links your result to the model's request.")
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


@exercise("06.4", solution=r'''def redact(text: str) -> str:
    return re.sub(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "[EMAIL]", text)''',
          praise="Redact before the call: what you never send cannot leak.")
def redact_emails(redact) -> str | None:
    if not callable(redact):
        return "Define a function redact(text) and pass the function itself."
    cases = {"Write to ana.lopez@example.com today.": "Write to [EMAIL] today.",
             "cc: bo+news@mail.example.org, ed@example.net": "cc: [EMAIL], [EMAIL]",
             "No address here, just an @ sign.": "No address here, just an @ sign."}
    for text, expected in cases.items():
        got = redact(text)
        if got != expected:
            return f"redact({text!r}) should give {expected!r}, got {got!r}."
    return None
