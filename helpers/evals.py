"""A small evaluation harness: score a model's answers against reference answers, for style AND content.

OpenAI's Evals product did this on OpenAI's side; it went read-only on 2026-10-31 and shut down on
2026-11-30 (OpenAI's deprecations page). These few lines run anywhere, on any model's answers.

Two numbers per set of answers:
- style: the share of answers that open the way the references do (e.g. "Arr, matey!");
- similarity: how close each answer's *content* (its opening removed) is in meaning to the reference's,
  by embedding cosine similarity. An answer that only copies the opening scores 1.0 on style and low here.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

Embed = Callable[[list[str]], np.ndarray]  # texts -> one vector per text (e.g. SentenceTransformer.encode)


def without_opening(text: str, opening: str) -> str:
    """The answer after its opening phrase (unchanged when it does not open with it)."""
    text = text.strip()
    return text[len(opening) :].strip() if text.startswith(opening) else text


def style_rate(answers: Sequence[str], opening: str) -> float:
    """The share of answers that start with `opening`."""
    return sum(a.strip().startswith(opening) for a in answers) / len(answers)


def similarities(answers: Sequence[str], references: Sequence[str], embed: Embed, opening: str = "") -> list[float]:
    """Cosine similarity of each answer's content to its reference's content (openings removed from both)."""
    if len(answers) != len(references):
        raise ValueError(f"{len(answers)} answers for {len(references)} references")
    texts = [without_opening(t, opening) if opening else t.strip() for t in [*answers, *references]]
    vectors = np.asarray(embed(texts), dtype=float)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
    mine, theirs = vectors[: len(answers)], vectors[len(answers) :]
    return [float(v) for v in (mine * theirs).sum(axis=1)]


def evaluate(answers: Sequence[str], references: Sequence[str], embed: Embed, opening: str) -> dict[str, float]:
    """{"style": share opening with `opening`, "similarity": mean content similarity to the references}."""
    return {
        "style": round(style_rate(answers, opening), 3),
        "similarity": round(float(np.mean(similarities(answers, references, embed, opening))), 3),
    }
