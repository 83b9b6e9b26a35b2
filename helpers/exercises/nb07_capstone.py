"""Exercises for notebook 07: the learner's chunker, retriever and assistant, graded on hidden inputs."""

from __future__ import annotations

import random
import re
from typing import Any

from ..capstone import chunk_words, has_fact
from .core import exercise

WORDS = (
    "token model prompt key embedding vector chunk server answer source cite passage temperature "
    "schema tool pipeline dataset adapter epoch notebook"
).split()
# Questions the notebook never shows: the checker draws a few each time.
HIDDEN = [
    {"question": "Which file holds NAME=value lines and must be git-ignored?", "facts": [".env"]},
    {"question": "Which library counts tokens the way OpenAI's models do?", "facts": ["tiktoken"]},
    {"question": "What is a model card?", "facts": ["readme"]},
    {"question": "What makes a JSON schema a guarantee on the local course server?", "facts": ["constrained decoding"]},
    {"question": "Which function turns a model's scores into probabilities?", "facts": ["softmax"]},
    {"question": "Which command sets the course up on your own machine?", "facts": ["make course"]},
    {"question": "How do you search for models on the Hub from Python?", "facts": ["list_models"]},
    {
        "question": "In a fine-tuning file, what is the last message of each chat?",
        "facts": ["the answer the model should learn"],
    },
]
OFF_TOPIC = [
    "What is the capital of Peru?",
    "How do I bake sourdough bread?",
    "Who won the 1998 football world cup?",
    "How many legs does a spider have?",
    "Recommend a hiking trail in the Alps.",
    "What is the boiling point of water at sea level?",
]
CHUNK_ID = re.compile(r"^\d\d_\w+#\d+$|^tool:")


def hidden_texts(rng: random.Random) -> list[tuple[str, int, int]]:
    """Texts of 0 to 250 random words, with a random window size and overlap (an edge case or two first)."""
    cases = [("", 10, 2), (" ".join(rng.choices(WORDS, k=10)), 10, 3)]
    for _ in range(6):
        size = rng.randint(5, 60)
        cases.append((" ".join(rng.choices(WORDS, k=rng.randint(1, 250))), size, rng.randint(0, size - 1)))
    return cases


def _chunk_hint(got: Any, text: str, size: int, overlap: int) -> str | None:
    call = f"chunk_words(<{len(text.split())} words>, size={size}, overlap={overlap})"
    if not isinstance(got, list) or not all(isinstance(piece, str) for piece in got):
        return f"{call} should return a list of strings, got {type(got).__name__}."
    expected, words = chunk_words(text, size, overlap), text.split()
    if got == expected:
        return None
    pieces = [piece.split() for piece in got]
    if any(len(piece) > size for piece in pieces):
        return f"{call} gave a chunk of {max(map(len, pieces))} words: at most size={size} words each."
    if [w for piece in pieces for w in piece if w not in words]:
        return f"{call} split a word in two: cut between words (text.split()), not between characters."
    if not words:
        return f"{call} got a text with no words: return an empty list."
    if not pieces or pieces[-1][-len(words[-1:]) :] != words[-1:] or len(pieces) < len(expected):
        return f"{call}: the last words of the text are missing; the last chunk must end where the text ends."
    for first, second in zip(pieces, pieces[1:]):
        if overlap and first[-overlap:] != second[:overlap]:
            return f"{call}: each chunk should start with the last {overlap} words of the one before (the overlap)."
    if len(pieces) > len(expected):
        return f"{call} gave {len(pieces)} chunks, {len(expected)} are enough: stop once a chunk reaches the end."
    return f"{call} should give {len(expected)} chunks starting every size - overlap = {size - overlap} words."


@exercise(
    "07.1",
    solution="""def chunk_words(text: str, size: int = 100, overlap: int = 20) -> list[str]:
    words = text.split()
    if not words:
        return []
    step = size - overlap
    return [" ".join(words[start:start + size]) for start in range(0, max(len(words) - overlap, 1), step)]""",
    praise="Overlapping windows: a fact cut at one chunk's edge is whole in the next one.",
)
def chunker(chunk: Any) -> str | None:
    if not callable(chunk):
        return "Define a function chunk_words(text, size, overlap) and pass the function itself."
    for text, size, overlap in hidden_texts(random.Random()):  # new texts every time
        hint = _chunk_hint(chunk(text, size, overlap), text, size, overlap)
        if hint:
            return hint
    return None


def _results(found: Any, question: str, k: int) -> str | None:
    call = f"retrieve({question!r}, k={k})"
    if not isinstance(found, list) or len(found) != k:
        return f"{call} should return a list of {k} chunks, got {found!r:.80}."
    if not all(
        isinstance(c, dict)
        and isinstance(c.get("id"), str)
        and isinstance(c.get("text"), str)
        and isinstance(c.get("score"), (int, float))
        for c in found
    ):
        return (
            f'{call}: each chunk should be a dict with "id", "text" and "score" (a float), like chunks[i] plus a score.'
        )
    scores = [c["score"] for c in found]
    if scores != sorted(scores, reverse=True):
        return f"{call} gave scores {[round(s, 3) for s in scores]}: put the most similar chunk first."
    if len({c["id"] for c in found}) < k:
        return f"{call} returned the same chunk twice."
    return None


@exercise(
    "07.2",
    solution="""def retrieve(question: str, k: int = 3) -> list[dict]:
    scores = index @ embed([question])[0]  # unit rows: dot products are cosine similarities
    best = np.argsort(-scores)[:k]
    return [{**chunks[i], "score": float(scores[i])} for i in best]""",
    praise="Retrieval with citations: every passage keeps the id a reader can check.",
)
def retriever(retrieve: Any) -> str | None:
    if not callable(retrieve):
        return "Define a function retrieve(question, k=3) and pass the function itself."
    questions = [HIDDEN[0], *random.Random().sample(HIDDEN[1:], 5)]  # a fixed first one: the same first hint
    hits = 0
    for item in questions:
        found = retrieve(item["question"], k=3)
        hint = _results(found, item["question"], 3)
        if hint:
            return hint
        hits += any(has_fact(c["text"], item["facts"]) for c in found)
    hint = _results(retrieve(questions[0]["question"], k=2), questions[0]["question"], 2)
    if hint:
        return hint
    if hits < 4:
        return (
            f"On {len(questions)} hidden questions your top 3 chunks held the answer {hits} times (the course's "
            "retriever: 5 or 6). Rank by cosine similarity, highest first, and embed the question you are given."
        )
    return None


def _as_dict(answer: Any) -> dict | None:
    if hasattr(answer, "model_dump"):
        answer = answer.model_dump()
    return answer if isinstance(answer, dict) and {"answer", "source"} <= set(answer) else None


@exercise(
    "07.3",
    solution="""def assistant(question: str) -> CitedAnswer:
    best = retriever(question, k=1)
    if not best or best[0]["score"] < 0.3:  # nothing in the documents is close: do not guess
        return CitedAnswer(answer=DONT_KNOW, source=None)
    return ask(question)""",
    praise="An assistant that says when the documents do not answer is one you can trust.",
)
def assistant_refuses_off_topic(assistant: Any) -> str | None:
    if not callable(assistant):
        return "Define a function assistant(question) and pass the function itself."
    rng = random.Random()
    cases = [(q, True) for q in rng.sample(OFF_TOPIC[1:], 2)] + [(q["question"], False) for q in rng.sample(HIDDEN, 3)]
    rng.shuffle(cases)
    cases.insert(0, (OFF_TOPIC[0], True))  # a fixed first one: the same first hint
    for question, off_topic in cases:
        got = assistant(question)
        answer = _as_dict(got)
        if answer is None:
            return f"assistant({question!r}) returned {got!r:.80}: return a CitedAnswer (answer and source)."
        if off_topic and answer["source"] is not None:
            return (
                f"assistant({question!r}) cited {answer['source']!r}, but the course's documents say nothing "
                "about that: when the best chunk's score is low, answer DONT_KNOW with source=None."
            )
        if not off_topic and not (isinstance(answer["source"], str) and CHUNK_ID.match(answer["source"])):
            return (
                f"assistant({question!r}) gave source={answer['source']!r}, but the documents do answer it: "
                "keep asking the model (ask(question)) when the best score is high; pick a lower threshold."
            )
    return None
