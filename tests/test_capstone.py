"""Notebook 07's lesson code (helpers/capstone.py, data/capstone/) and the cases its exercises are tested with.

CASES_07 joins tests/test_exercise_answers.py's CASES: the namespace each solution runs in (a real
all-MiniLM-L6-v2 in this process where the notebook calls the course server), and labelled wrong answers.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import numpy as np
import pydantic
import pytest

from helpers.capstone import (
    DONT_KNOW,
    assistant_chat,
    chunk_words,
    has_fact,
    load_documents,
    load_notebook_facts,
    load_questions,
    make_chunks,
    top_chunks,
    unit_rows,
)
from helpers.settings import NOTEBOOKS_DIR


def test_chunks_are_overlapping_windows_that_cover_the_text():
    words = [f"w{i}" for i in range(23)]
    pieces = chunk_words(" ".join(words), size=10, overlap=3)
    assert [p.split() for p in pieces] == [words[0:10], words[7:17], words[14:23]]
    assert chunk_words("one two", size=10, overlap=3) == ["one two"]
    assert chunk_words("  \n ", size=10, overlap=3) == []
    assert len(chunk_words(" ".join(words[:17]), size=10, overlap=3)) == 2  # no chunk that only repeats


def test_chunk_words_refuses_an_overlap_as_long_as_the_window():
    with pytest.raises(ValueError, match="overlap < size"):
        chunk_words("a b c", size=3, overlap=3)


def test_chunk_ids_are_unique_and_name_their_document():
    chunks = make_chunks({"doc_a": "x " * 150, "doc_b": "y z"}, lambda text: chunk_words(text, 100, 20))
    assert [c["id"] for c in chunks] == ["doc_a#0", "doc_a#1", "doc_b#0"]
    assert {c["title"] for c in chunks} == {"doc_a", "doc_b"}


def test_top_chunks_ranks_by_cosine_best_first():
    chunks = [{"id": str(i), "text": ""} for i in range(3)]
    index = unit_rows([[1, 0], [0, 5], [3, 3]])  # lengths differ: only the direction may count
    found = top_chunks(index, chunks, unit_rows([0, 1])[0], k=2)
    assert [c["id"] for c in found] == ["1", "2"]
    assert found[0]["score"] == pytest.approx(1.0) and found[1]["score"] == pytest.approx(2**-0.5)


def test_has_fact_ignores_case_and_spacing_but_not_words():
    assert has_fact("Set OPENAI_API_KEY\n  first", ["openai_api_key first"])
    assert not has_fact("the key", ["OPENAI_API_KEY"]) and not has_fact(None, ["x"])


def test_every_held_out_fact_is_in_its_source_document():
    documents = load_documents()
    questions = load_questions()
    assert len(questions) >= 16
    assert [q["question"] for q in questions if not has_fact(documents[q["source"]], q["facts"])] == []


def test_the_tool_states_the_minutes_each_notebook_states():
    """notebooks.json is the tool's data: it must say what the notebooks say (data/capstone/make_snapshot.py)."""
    facts = load_notebook_facts()
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
        stated = int(re.search(r"Time needed:\*\* (\d+) minutes", first).group(1))
        assert facts[path.name[:2]]["minutes"] == stated, f"{path.name}: run data/capstone/make_snapshot.py"


def test_the_chat_box_answers_with_the_assistant(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_WIDGETS", "text")
    box = assistant_chat(lambda question: f"echo: {question} [doc#0]")
    assert "type a question" in capsys.readouterr().out
    box.message.value = "What is a token?"
    box.send()
    assert box.history == [
        {"role": "user", "content": "What is a token?"},
        {"role": "assistant", "content": "echo: What is a token? [doc#0]"},
    ]

    def broken(question: str) -> str:
        raise RuntimeError("server gone")

    box = assistant_chat(broken)
    box.message.value = "Hello?"
    box.send()
    assert box.history == [] and "RuntimeError: server gone" in box.transcript.outputs[-1]["text"]


# ---- the namespace the 07 solutions run in, and wrong answers (used by tests/test_exercise_answers.py) ----


@lru_cache(maxsize=1)
def _embedder():
    from helpers.models import KIT

    if not KIT["embeddings"].ready():
        pytest.skip("offline embedding model not prepared (course prepare)")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(KIT["embeddings"].path), device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    """What the notebook's embed() returns, computed in this process."""
    return _embedder().encode(texts, normalize_embeddings=True)


@lru_cache(maxsize=1)
def _index() -> tuple[np.ndarray, list[dict]]:
    chunks = make_chunks(load_documents(), chunk_words)
    return embed([c["text"] for c in chunks]), chunks


class CitedAnswer(pydantic.BaseModel):
    answer: str
    source: str | None


def _retrieve(question: str, k: int = 3) -> list[dict]:
    index, chunks = _index()
    return top_chunks(index, chunks, embed([question])[0], k)


def _ask(question: str) -> CitedAnswer:
    """Stands for the notebook's ask(): cites the top chunk, as a model given the schema's enum may."""
    return CitedAnswer(answer="from the passages", source=_retrieve(question)[0]["id"])


def _retrieval_namespace() -> dict:
    index, chunks = _index()
    return {"np": np, "index": index, "chunks": chunks, "embed": embed}


def _ascending(question: str, k: int = 3) -> list[dict]:
    index, chunks = _index()
    scores = index @ embed([question])[0]
    return [{**chunks[i], "score": float(scores[i])} for i in np.argsort(scores)[:k]]  # least similar first


CASES_07 = {
    "07.1": (
        dict,
        ["chunk_words"],
        lambda: {
            "placeholder": (lambda text, size=100, overlap=20: [text],),
            "from the example": (lambda text, size=100, overlap=20: ["a b c d e", "d e f g h", "g h i j k"],),
            "wrong method": (
                lambda text, size=100, overlap=20: (  # characters, not words
                    [text[i : i + size] for i in range(0, len(text), size - overlap)]
                ),
            ),
            "no overlap": (
                lambda text, size=100, overlap=20: [
                    " ".join(text.split()[i : i + size]) for i in range(0, len(text.split()), size)
                ],
            ),
            "a tail that repeats": (
                lambda text, size=100, overlap=20: [
                    " ".join(text.split()[i : i + size]) for i in range(0, len(text.split()), size - overlap)
                ],
            ),
        },
    ),
    "07.2": (
        _retrieval_namespace,
        ["retrieve"],
        lambda: {
            "placeholder": (lambda question, k=3: [],),
            "from the example": (lambda question, k=3: _retrieve("Where should I keep my OpenAI API key?", k),),
            "wrong method": (_ascending,),
            "k ignored": (lambda question, k=3: _retrieve(question, 3),),
            "no scores": (lambda question, k=3: [{"id": c["id"], "text": c["text"]} for c in _retrieve(question, k)],),
        },
    ),
    "07.3": (
        lambda: {"retriever": _retrieve, "ask": _ask, "CitedAnswer": CitedAnswer, "DONT_KNOW": DONT_KNOW},
        ["assistant"],
        lambda: {
            "placeholder": (lambda question: None,),
            "from the example": (
                lambda question: CitedAnswer(answer="Notebook 05 needs 75 minutes.", source="tool:notebook_facts"),
            ),
            "wrong method": (_ask,),  # never refuses
            "refuses everything": (lambda question: CitedAnswer(answer=DONT_KNOW, source=None),),
            "threshold too high": (
                lambda question: (
                    _ask(question)
                    if _retrieve(question, 1)[0]["score"] > 0.8
                    else CitedAnswer(answer=DONT_KNOW, source=None)
                ),
            ),
            "plain text": (lambda question: f"{_ask(question).answer} [{_ask(question).source}]",),
        },
    ),
}
