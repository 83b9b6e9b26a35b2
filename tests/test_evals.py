"""The course's evaluation harness (helpers/evals.py) cannot be fooled by an answer that only copies the style."""

from __future__ import annotations

import json

import pytest

from helpers.evals import evaluate, similarities, without_opening
from helpers.models import KIT
from helpers.settings import DATA_DIR

OPENING = "Arr, matey!"


@pytest.fixture(scope="module")
def embed():
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(KIT["embeddings"].path)).encode


@pytest.fixture(scope="module")
def references() -> list[str]:
    lines = (DATA_DIR / "finetune" / "validation.jsonl").read_text().splitlines()
    return [json.loads(line)["messages"][-1]["content"] for line in lines]


def test_copying_the_opening_scores_style_but_not_content(embed, references):
    cheat = evaluate([f"{OPENING} Arr, arr, arr." for _ in references], references, embed, OPENING)
    right = evaluate(references, references, embed, OPENING)
    assert cheat["style"] == right["style"] == 1.0
    assert cheat["similarity"] < 0.3 < 0.95 < right["similarity"]


def test_a_right_answer_without_the_style_keeps_its_content_score(embed, references):
    plain = evaluate([without_opening(r, OPENING) for r in references], references, embed, OPENING)
    assert plain == {"style": 0.0, "similarity": 1.0}


def test_answers_to_other_questions_score_low(embed, references):
    shifted = references[1:] + references[:1]  # right style, each answer to the next question
    assert max(similarities(shifted, references, embed, OPENING)) < 0.6


def test_answers_and_references_must_pair_up(embed):
    with pytest.raises(ValueError, match="2 answers for 1 references"):
        similarities(["a", "b"], ["a"], embed)
