"""What the widgets share: is there a front end that can draw them, and streaming a chat answer.

Headless runs (nbconvert, nbclient, nbval, `course run-all`) have no one to click, so every widget then
prints a short, deterministic text instead of drawing itself, and never waits for input.
How we tell (override with the environment variable COURSE_WIDGETS=widgets or COURSE_WIDGETS=text):
- no IPython kernel (plain Python, pytest): text;
- Google Colab: widgets;
- otherwise the kernel's last execute request: JupyterLab, Notebook and VS Code send `allow_stdin=True`
  (they can answer `input()`), headless executors send `allow_stdin=False`: text.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

import ipywidgets as widgets

from ..settings import ENV_WIDGETS, in_colab

W = TypeVar("W", bound=widgets.Widget)


def frontend_available() -> bool:
    """True when a notebook front end is there to draw widgets (see the module docstring)."""
    forced = os.environ.get(ENV_WIDGETS, "auto").strip().lower()
    if forced in {"widgets", "1", "on"}:
        return True
    if forced in {"text", "0", "off"}:
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return False
    return in_colab() or bool(getattr(kernel, "_allow_stdin", False))


@contextmanager
def no_frontend() -> Iterator[None]:
    """Build widgets on a do-nothing comm: no front end hears of them, so a headless run (nbconvert)
    does not save their state into the notebook's metadata."""
    import comm
    from ipywidgets import comm as widget_comm

    original = widget_comm.create_comm
    widget_comm.create_comm = comm.DummyComm
    try:
        yield
    finally:
        widget_comm.create_comm = original


def show(build: Callable[[], W], text: Callable[[W], str]) -> W:
    """Build the widget and display it when a front end can draw it; else print its text. Returns it."""
    if frontend_available():
        from IPython.display import display

        if in_colab():  # Colab draws ipywidgets 8 with its custom widget manager
            from google.colab import output

            output.enable_custom_widget_manager()
        widget = build()
        display(widget)
        return widget
    with no_frontend():
        widget = build()
    print(text(widget))
    return widget


def stdout(text: str) -> dict[str, str]:
    """One text output for an Output widget's `outputs`."""
    return {"output_type": "stream", "name": "stdout", "text": text}


def stream_chat(client: Any, out: widgets.Output, before: tuple = (), **request: Any) -> tuple[str, Any]:
    """Stream a chat completion into `out` (after the outputs in `before`); returns (answer, usage)."""
    from ..client import current_mode
    from ..settings import chat_options

    request = {**chat_options(current_mode().name), **request}  # reasoning settings OpenAI's model needs
    stream = client.chat.completions.create(**request, stream=True, stream_options={"include_usage": True})
    answer, usage = "", None
    for chunk in stream:
        usage = chunk.usage or usage  # the last chunk carries the usage, with no choices
        if chunk.choices and chunk.choices[0].delta.content:
            answer += chunk.choices[0].delta.content
            out.outputs = (*before, stdout(answer))
    return answer, usage


def usage_line(model: str, usage: Any) -> str:
    """'Tokens: 12 in + 30 out = 42 · estimated cost: $0.000020' (helpers.pricing does the sums)."""
    from ..pricing import estimate_cost, format_usd, is_local

    if usage is None:
        return "Tokens: the server sent no usage."
    tokens = f"Tokens: {usage.prompt_tokens} in + {usage.completion_tokens} out = {usage.total_tokens}"
    try:
        amount = estimate_cost(model, usage)
        cost = format_usd(amount, dated=False)
    except (KeyError, ValueError):
        return f"{tokens} · estimated cost: unknown (no price for {model} in helpers/pricing.py)"
    note = (
        "local model, no charge per call"
        if is_local(model)
        else f"price of {getattr(amount, 'as_of', '') or 'unknown date'}"
    )
    return f"{tokens} · estimated cost: {cost} ({note})"


def error_text(error: Exception) -> str:
    """A one-paragraph message for an error raised by a call (shown in the widget, never raised)."""
    return f"Error: {type(error).__name__}: {error}\n"
