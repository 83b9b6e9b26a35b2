"""A multi-turn chat. The API is stateless: each call sends the whole conversation again."""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as widgets

from .common import error_text, show, stdout, stream_chat

TEXT = (
    "Chat: a system prompt, a conversation that grows turn by turn, Reset, and 'Show messages sent' (the full "
    "list each call sends: the API remembers nothing).\n"
    "(Interactive: open this notebook in JupyterLab, Notebook or Colab to use it.)"
)


class Chat(widgets.VBox):
    """The chat's controls (attributes), `send()` and `reset()` (what the buttons do)."""

    def __init__(self, client: Any, model: str, system: str, max_tokens: int, temperature: float) -> None:
        self.client, self.model, self.max_tokens, self.temperature = client, model, max_tokens, temperature
        self.history: list[dict[str, str]] = []  # user and assistant turns, without the system prompt
        self.last_sent: list[dict[str, str]] = []
        self.system = widgets.Textarea(system, description="System", layout=widgets.Layout(width="95%"))
        self.transcript = widgets.Output(layout=widgets.Layout(border="1px solid #ccc", padding="4px", width="95%"))
        self.message = widgets.Text(placeholder="Type a message, then press Send", layout=widgets.Layout(width="40%"))
        self.send_button = widgets.Button(description="Send", button_style="primary", icon="paper-plane")
        self.reset_button = widgets.Button(description="Reset", icon="refresh")
        self.show_sent = widgets.ToggleButton(
            False, description="Show messages sent", icon="list", layout=widgets.Layout(width="auto", min_width="190px")
        )
        self.sent = widgets.Output(layout=widgets.Layout(display="none", width="95%"))
        self.send_button.on_click(lambda _: self.send())
        self.reset_button.on_click(lambda _: self.reset())
        self.show_sent.observe(lambda change: self._toggle(change["new"]), names="value")
        buttons = widgets.HBox([self.message, self.send_button, self.reset_button, self.show_sent])
        super().__init__([self.system, self.transcript, buttons, self.sent])

    def _lines(self) -> tuple[dict[str, str], ...]:
        return tuple(stdout(f"{turn['role']}: {turn['content']}\n") for turn in self.history)

    def _toggle(self, visible: bool) -> None:
        self.sent.layout.display = "" if visible else "none"

    def send(self) -> None:
        """Send the system prompt, the whole history and the new message; stream the reply."""
        text = self.message.value.strip()
        if not text:
            return
        self.message.value, self.send_button.disabled = "", True
        self.history.append({"role": "user", "content": text})
        self.last_sent = [{"role": "system", "content": self.system.value}] * bool(self.system.value.strip())
        self.last_sent += [dict(turn) for turn in self.history]
        self.sent.outputs = (
            stdout(
                f"The last call sent {len(self.last_sent)} messages:\n"
                + json.dumps(self.last_sent, indent=2, ensure_ascii=False)
                + "\n"
            ),
        )
        before = (*self._lines(), stdout("assistant: "))
        try:
            answer, _ = stream_chat(
                self.client,
                self.transcript,
                before,
                model=self.model,
                messages=self.last_sent,
                max_completion_tokens=self.max_tokens,
                temperature=self.temperature,
            )
            self.history.append({"role": "assistant", "content": answer})
            self.transcript.outputs = self._lines()
        except Exception as error:  # shown in the chat, the turn is dropped
            self.history.pop()
            self.transcript.outputs = (*self._lines(), stdout(error_text(error)))
        finally:
            self.send_button.disabled = False

    def reset(self) -> None:
        """Forget the conversation (the server never stored it)."""
        self.history, self.last_sent = [], []
        self.transcript.outputs, self.sent.outputs = (), ()


def chat(
    client: Any,
    model: str,
    system: str = "You are a helpful assistant. Answer briefly.",
    max_tokens: int = 96,
    temperature: float = 0.7,
) -> Chat:
    """Show a multi-turn chat with `client` and `model` and return it."""
    return show(lambda: Chat(client, model, system, max_tokens, temperature), lambda _: TEXT)
