"""Small display helpers: bar charts, token tables and chat transcripts (matplotlib and pandas do the work)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence


def bar_chart(
    labels: Sequence[str], series: Mapping[str, Sequence[float]], title: str = "", xlabel: str = "probability"
):
    """Horizontal bars, one group per label and one colour per series (e.g. per temperature)."""
    import matplotlib.pyplot as plt
    import numpy as np

    positions = np.arange(len(labels))
    height = 0.8 / max(len(series), 1)
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(labels) + 1))
    for i, (name, values) in enumerate(series.items()):
        ax.barh(positions + i * height, values, height=height, label=name)
    ax.set_yticks(positions + height * (len(series) - 1) / 2, [repr(label) for label in labels])
    ax.invert_yaxis()  # the most likely token on top
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if len(series) > 1:
        ax.legend()
    fig.tight_layout()
    plt.show()


def token_table(tokenizer: Any, text: str):
    """A pandas table of the tokens of `text`: position, token id and the text each token stands for."""
    import pandas as pd

    ids = tokenizer(text)["input_ids"]
    return pd.DataFrame(
        {"token id": ids, "token": tokenizer.convert_ids_to_tokens(ids), "text": [tokenizer.decode([i]) for i in ids]}
    )


def show_messages(messages: Iterable[Mapping[str, Any] | Any], width: int = 100) -> None:
    """Print a conversation (dicts or openai message objects) one turn per line: 'role: content'."""
    import textwrap

    for message in messages:
        role = message["role"] if isinstance(message, Mapping) else message.role
        content = message["content"] if isinstance(message, Mapping) else message.content
        text = textwrap.shorten(" ".join(str(content).split()), width=width, placeholder=" …")
        print(f"{role:>9}: {text}")


SMALL_MODEL_MARKERS = ("smollm2", "135m")  # the kit's chat model, its fine-tunes and its GGUF on a class server


def is_small_model(model: str) -> bool:
    """True for the course's 135M-parameter local model (and models fine-tuned from it)."""
    return any(marker in model.lower() for marker in SMALL_MODEL_MARKERS)


def answer_text(response: Any) -> str:
    """The generated text of a Chat Completions, Responses or legacy Completions answer."""
    if hasattr(response, "output_text"):
        return response.output_text
    choice = response.choices[0]
    return choice.message.content if hasattr(choice, "message") else choice.text


def show_answer(response: Any, small_model_note: str = "", width: int = 100) -> None:
    """Print who answered and what, e.g. 'SmolLM2-135M-Instruct wrote:' then the text, indented.

    `small_model_note` says what is wrong or odd about the small local model's answer and what a larger
    model does instead; it is printed only when the 135M model wrote the answer.
    """
    import textwrap

    model = getattr(response, "model", "") or "the model"
    print(f"{model} wrote:")
    text = answer_text(response) or "(no text)"
    for paragraph in text.strip().splitlines() or [""]:
        print(textwrap.fill(paragraph, width=width, initial_indent="    ", subsequent_indent="    ") or "    ")
    if small_model_note and is_small_model(model):
        print(textwrap.fill(f"Note: a 135M-parameter model wrote this. {small_model_note}", width=width))
