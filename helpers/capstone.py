"""Lesson code of notebook 07 (the capstone): the course's documents, chunks, a small vector index, scores.

The API calls (`client.embeddings.create`, `client.chat.completions.create` with tools and a JSON schema)
stay in the notebook; these helpers only do the bookkeeping around them.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import numpy as np

from .retrieval import load_jsonl
from .settings import DATA_DIR

CAPSTONE_DIR = DATA_DIR / "capstone"
DONT_KNOW = "I don't know: the course's documents do not answer that."


def load_documents() -> dict[str, str]:
    """The fixed snapshot of the course's documents: name (e.g. '03_openai_api') -> markdown text."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted((CAPSTONE_DIR / "docs").glob("*.md"))}


def load_questions() -> list[dict]:
    """The held-out questions: `question`, the `source` document, and `facts` (a right answer has one)."""
    return load_jsonl(CAPSTONE_DIR / "questions.jsonl")


def load_notebook_facts() -> dict[str, dict]:
    """Each notebook's title and stated minutes, by number ('00'...'07'): the data behind the tool."""
    facts = json.loads((CAPSTONE_DIR / "notebooks.json").read_text(encoding="utf-8"))
    return {item["notebook"]: item for item in facts}


def chunk_words(text: str, size: int = 100, overlap: int = 20) -> list[str]:
    """Windows of at most `size` words, each starting `size - overlap` words after the one before."""
    if not 0 <= overlap < size:
        raise ValueError(f"need 0 <= overlap < size, got size={size}, overlap={overlap}")
    words = text.split()
    if not words:
        return []
    step = size - overlap
    return [" ".join(words[start : start + size]) for start in range(0, max(len(words) - overlap, 1), step)]


def make_chunks(documents: dict[str, str], chunker: Callable[[str], list[str]]) -> list[dict]:
    """Every document cut by `chunker`; each chunk gets a citable id 'document#n' and its document as title."""
    return [
        {"id": f"{name}#{n}", "title": name, "text": piece}
        for name, text in documents.items()
        for n, piece in enumerate(chunker(text))
        if piece.strip()
    ]


def unit_rows(vectors: Any) -> np.ndarray:
    """Vectors as rows of length 1, so a matrix product gives cosine similarities (zero rows stay zero)."""
    matrix = np.asarray(vectors, dtype=float)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def top_chunks(index: np.ndarray, chunks: list[dict], vector: Any, k: int = 3) -> list[dict]:
    """The k chunks whose unit rows in `index` are most similar to `vector`, best first, with their score."""
    scores = index @ np.asarray(vector, dtype=float)
    return [{**chunks[i], "score": float(scores[i])} for i in np.argsort(-scores, kind="stable")[:k]]


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def has_fact(text: str | None, facts: list[str]) -> bool:
    """True when `text` contains one of the key facts (case and spacing ignored)."""
    return bool(text) and any(_normal(fact) in _normal(text) for fact in facts)


def assistant_chat(answer: Callable[[str], str], title: str = "Course assistant") -> Any:
    """A chat box whose replies come from `answer(question)` (your assistant), not straight from a model.

    It is notebook 03's chat widget (helpers/widgets/chat.py) with its send() replaced; without a front end
    (nbconvert, nbval) it prints one line instead of drawing itself."""
    from .widgets.chat import Chat
    from .widgets.common import error_text, show, stdout

    class AssistantChat(Chat):
        def send(self) -> None:
            text = self.message.value.strip()
            if not text:
                return
            self.message.value = ""
            self.history.append({"role": "user", "content": text})
            try:
                self.history.append({"role": "assistant", "content": answer(text)})
                self.transcript.outputs = self._lines()
            except Exception as error:  # shown in the chat, the turn is dropped
                self.history.pop()
                self.transcript.outputs = (*self._lines(), stdout(error_text(error)))

    def build() -> AssistantChat:
        box = AssistantChat(None, "", "", 0, 0.0)
        box.system.value, box.system.disabled, box.system.description = title, True, "Assistant"
        return box

    return show(
        build,
        lambda _: (
            f"{title}: type a question, press Send; each reply cites its chunk ids.\n"
            "(Interactive: open this notebook in JupyterLab, Notebook or Colab to use it.)"
        ),
    )
