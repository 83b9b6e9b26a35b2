"""See text the way a model sees it: coloured token chips with their ids, for one or two tokenizers."""

from __future__ import annotations

import html
import threading
from pathlib import Path
from typing import Any, Callable

import ipywidgets as widgets

from ..settings import OPENAI_CHAT_MODEL, OPENAI_TOKENIZER
from .common import show

SAMPLE = "Generative AI creates new text, one token at a time."
COLOURS = ("#fde68a", "#bfdbfe", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa")
LOAD_TIMEOUT_S = 5.0
Encoder = Callable[[str], list[tuple[int, str]]]  # text -> [(token id, the text it stands for)]


def hf_encoder(tokenizer: Any) -> Encoder:
    """Tokens of a Hugging Face tokenizer, without special tokens."""
    return lambda text: [(i, tokenizer.decode([i])) for i in tokenizer(text, add_special_tokens=False)["input_ids"]]


def openai_encoder(timeout: float = LOAD_TIMEOUT_S) -> tuple[Encoder | None, str]:
    """OpenAI's tokenizer (tiktoken's o200k_base), or None and the reason it is not available.

    `course prepare` puts the encoding file in the course cache, so this works offline and is loaded
    however long a busy machine takes. With an empty cache tiktoken downloads it (or waits on the network),
    so that load runs in a thread given `timeout` s.
    """
    from ..models import openai_tokenizer, tiktoken_file

    try:
        import tiktoken  # noqa: F401
    except ImportError:
        return None, "OpenAI's tokenizer is not shown: the `tiktoken` package is not installed (pip install tiktoken)."
    result: dict[str, Any] = {}

    def load() -> None:
        try:
            result["encoding"] = openai_tokenizer()
        except Exception as error:  # no network, no cache
            result["error"] = error

    if tiktoken_file().is_file():  # in the cache: no network, nothing can hang
        load()
    else:
        thread = threading.Thread(target=load, daemon=True)
        thread.start()
        thread.join(timeout)
    if "encoding" not in result:
        return None, (
            f"OpenAI's tokenizer is not shown: tiktoken could not load its encoding file ({OPENAI_TOKENIZER}); "
            "run `course prepare` once to keep it for offline use."
        )
    encoding = result["encoding"]
    return (lambda text: [(i, encoding.decode([i])) for i in encoding.encode(text)]), ""


def chips_html(title: str, tokens: list[tuple[int, str]]) -> str:
    """One tokenizer's tokens as coloured chips, each with its id underneath."""
    chips = "".join(
        f'<span style="display:inline-block;margin:2px;padding:2px 4px;border-radius:4px;'
        f'background:{COLOURS[n % len(COLOURS)]};color:#111;font-family:monospace;text-align:center">'
        f'<span style="white-space:pre">{html.escape(piece.replace(chr(10), "↵"))}</span>'
        f"<br><small>{token_id}</small></span>"
        for n, (token_id, piece) in enumerate(tokens)
    )
    return f"<b>{html.escape(title)}: {len(tokens)} tokens</b><div>{chips}</div>"


def chips_text(title: str, tokens: list[tuple[int, str]]) -> str:
    """The same as plain text: [piece|id] [piece|id] ..."""
    return f"{title}: {len(tokens)} tokens\n" + " ".join(f"[{piece!r}|{token_id}]" for token_id, piece in tokens)


class TokenViewer(widgets.VBox):
    """A text box and, for each tokenizer, its tokens (updated as you type)."""

    def __init__(self, encoders: dict[str, Encoder], note: str, text: str) -> None:
        self.encoders, self.note_text = encoders, note
        self.text = widgets.Textarea(text, description="Text", layout=widgets.Layout(width="95%"))
        self.views = {name: widgets.HTML() for name in encoders}
        self.note = widgets.HTML(f"<i>{html.escape(note)}</i>" if note else "")
        self.text.observe(lambda _: self.update(), names="value")
        self.update()
        super().__init__([self.text, *self.views.values(), self.note])

    def tokens(self) -> dict[str, list[tuple[int, str]]]:
        """{tokenizer name: [(id, piece), ...]} for the current text."""
        return {name: encode(self.text.value) for name, encode in self.encoders.items()}

    def update(self) -> None:
        for name, tokens in self.tokens().items():
            self.views[name].value = chips_html(name, tokens)

    def as_text(self) -> str:
        lines = [chips_text(name, tokens) for name, tokens in self.tokens().items()]
        return "\n".join(lines + ([self.note_text] if self.note_text else []))


def token_viewer(tokenizer: Any = None, text: str = SAMPLE) -> TokenViewer:
    """Show the tokens of `text` for the course's chat tokenizer (default) and OpenAI's when available."""
    if tokenizer is None:
        from transformers import AutoTokenizer

        from ..models import model_for

        tokenizer = AutoTokenizer.from_pretrained(model_for("chat", quiet=True))
    name = Path(str(getattr(tokenizer, "name_or_path", "") or "tokenizer")).name
    encoders: dict[str, Encoder] = {f"{name} (this course's local model)": hf_encoder(tokenizer)}
    openai, why_not = openai_encoder()
    if openai is not None:
        encoders[f"{OPENAI_CHAT_MODEL} (OpenAI, tiktoken {OPENAI_TOKENIZER})"] = openai
    return show(lambda: TokenViewer(encoders, why_not, text), TokenViewer.as_text)
