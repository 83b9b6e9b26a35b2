"""Small pieces of the notebook 06 retrieval app: load documents, rank them, format passages, score answers.

The API calls themselves (`client.embeddings.create`, `client.chat.completions.parse`) stay in the
notebook; these helpers only do the bookkeeping around them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from .settings import DATA_DIR

# Phrases that try to give the model new orders. Real defences combine several layers; this is one.
INJECTION_PATTERNS = [
    r"ignore (all )?(the )?(previous|above|prior) instructions",
    r"you are now",
    r"disregard (the|your) (rules|instructions)",
    r"system prompt",
]


def load_jsonl(path: str | Path) -> list[dict]:
    """One dict per non-empty line of a JSON Lines file."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def load_corpus() -> list[dict]:
    """The course's search corpus: 40 documents with `id`, `title` and `text`."""
    return load_jsonl(DATA_DIR / "search" / "corpus.jsonl")


def top_k(query: list[float], documents: np.ndarray, k: int = 3) -> list[int]:
    """Indices of the k documents most similar to the query (cosine similarity), best first."""
    docs = np.asarray(documents, dtype=float)
    q = np.asarray(query, dtype=float)
    scores = docs @ q / (np.linalg.norm(docs, axis=1) * np.linalg.norm(q))
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


def passages(docs: list[dict]) -> str:
    """Retrieved documents as delimited passages the model can cite by id."""
    return "\n".join(f'<passage id="{d["id"]}">{d["title"]}: {d["text"]}</passage>' for d in docs)


def looks_like_injection(text: str) -> bool:
    """True when a passage contains an instruction aimed at the model (a simple pattern filter)."""
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in INJECTION_PATTERNS)


def hit_rate(retrieved: list[list[str]], sources: list[str]) -> float:
    """Share of questions whose known source document is among the retrieved ids."""
    return sum(source in ids for ids, source in zip(retrieved, sources)) / len(sources)
