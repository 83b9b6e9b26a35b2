"""The playground: one prompt, every sampling setting, the answer streamed as it is generated."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .common import error_text, show, stdout, stream_chat, usage_line

LABELS = {"description_width": "110px"}


def wide() -> widgets.Layout:
    """A fresh layout (each widget needs its own) that fills the cell."""
    return widgets.Layout(width="95%")


TEXT = (
    "Playground: a prompt, a system prompt, the model, temperature, top_p, max_tokens and seed, and a Run "
    "button that streams the answer with its token usage and cost.\n"
    "(Interactive: open this notebook in JupyterLab, Notebook or Colab to use it.)"
)


class Playground(widgets.VBox):
    """The playground's controls (attributes) and its `run()` (what the Run button does)."""

    def __init__(self, client: Any, model: str, prompt: str, system: str, max_tokens: int) -> None:
        self.client = client
        self.prompt = widgets.Textarea(prompt, description="Prompt", layout=wide(), style=LABELS)
        self.system = widgets.Textarea(system, description="System prompt", layout=wide(), style=LABELS)
        self.model = widgets.Text(model, description="Model", layout=wide(), style=LABELS)
        self.temperature = widgets.FloatSlider(0.7, min=0, max=2, step=0.1, description="temperature", style=LABELS)
        self.top_p = widgets.FloatSlider(1.0, min=0.05, max=1, step=0.05, description="top_p", style=LABELS)
        self.max_tokens = widgets.IntSlider(max_tokens, min=1, max=512, description="max tokens", style=LABELS)
        self.seed = widgets.IntText(42, description="seed", style=LABELS)
        self.button = widgets.Button(description="Run", button_style="primary", icon="play")
        self.output = widgets.Output(layout=widgets.Layout(border="1px solid #ccc", padding="4px", width="95%"))
        self.button.on_click(lambda _: self.run())
        settings = widgets.HBox(
            [widgets.VBox([self.temperature, self.top_p]), widgets.VBox([self.max_tokens, self.seed])]
        )
        super().__init__([self.prompt, self.system, self.model, settings, self.button, self.output])

    def request(self) -> dict[str, Any]:
        """The keyword arguments the Run button passes to `client.chat.completions.create`."""
        messages = [{"role": "user", "content": self.prompt.value}]
        if self.system.value.strip():
            messages.insert(0, {"role": "system", "content": self.system.value})
        return {
            "model": self.model.value,
            "messages": messages,
            "temperature": self.temperature.value,
            "top_p": self.top_p.value,
            "max_completion_tokens": self.max_tokens.value,
            "seed": self.seed.value,
        }

    def run(self) -> None:
        """Stream the answer into the output area, then add the token usage and the estimated cost."""
        self.button.disabled, self.output.outputs = True, ()
        try:
            answer, usage = stream_chat(self.client, self.output, **self.request())
            self.output.outputs = (stdout(answer + "\n\n" + usage_line(self.model.value, usage) + "\n"),)
        except Exception as error:  # shown to the learner in the widget, not lost in a log
            self.output.outputs = (*self.output.outputs, stdout(error_text(error)))
        finally:
            self.button.disabled = False


def playground(
    client: Any,
    model: str,
    prompt: str = "Write one sentence about the sea.",
    system: str = "You are a helpful assistant.",
    max_tokens: int = 64,
) -> Playground:
    """Show a chat playground for `client` and `model` (press Run to stream an answer) and return it."""
    return show(lambda: Playground(client, model, prompt, system, max_tokens), lambda _: TEXT)
