"""Exercises for notebook 01: tokens, temperature, and what generative AI makes."""
from __future__ import annotations

import math

from .core import exercise

# SmolLM2's ids for a sentence the notebook never prints: the only way to it is tokenizer.decode(...)
SENTENCE = "Every token is a number to the model."
SENTENCE_IDS = [8600, 9624, 314, 253, 1230, 288, 260, 1743, 30]

LOGITS = [2.0, 1.0, 0.5, -1.0]  # the logits used in exercise 01.2


@exercise("01.1", solution=f'text = tokenizer.decode({SENTENCE_IDS})',
          praise="Ids in, text out: decoding is the inverse of tokenizing.")
def decode_ids(text: object) -> str | None:
    if not isinstance(text, str):
        return "Use tokenizer.decode(list_of_ids): it returns a string."
    if text.strip() == SENTENCE:
        return None
    if text.strip().lower() == SENTENCE.lower():
        return "Close! Tokens keep capital letters: decode the ids exactly as given."
    if any(str(i) in text for i in SENTENCE_IDS):
        return "That still shows the ids: pass the list to tokenizer.decode(...) to get the text back."
    return "That is not what these ids decode to. Pass the whole list to tokenizer.decode(...)."


def softmax(logits: list[float], temperature: float) -> list[float]:
    """Probabilities from logits at a temperature (the reference answer for 01.2)."""
    scaled = [x / temperature for x in logits]
    top = max(scaled)
    exps = [math.exp(x - top) for x in scaled]
    return [e / sum(exps) for e in exps]


@exercise("01.2", solution="""import numpy as np
logits = np.array([2.0, 1.0, 0.5, -1.0])
scaled = logits / 0.5
probs = np.exp(scaled) / np.exp(scaled).sum()""",
          praise="Dividing by a temperature below 1 sharpens the distribution: the top token gets even likelier.")
def temperature_softmax(probs: object) -> str | None:
    try:
        values = [float(p) for p in probs]  # type: ignore[union-attr]
    except TypeError:
        return "Give the 4 probabilities as a list or numpy array."
    if len(values) != len(LOGITS):
        return f"There are {len(LOGITS)} logits, so expect {len(LOGITS)} probabilities."
    if abs(sum(values) - 1) > 1e-6:
        return "Probabilities must add up to 1: divide the exponentials by their sum."
    if all(abs(a - b) < 1e-6 for a, b in zip(values, softmax(LOGITS, 1.0))):
        return "That is the softmax at temperature 1. Divide the logits by the temperature (0.5) first."
    if all(abs(a - b) < 1e-6 for a, b in zip(values, softmax(LOGITS, 2.0))):
        return "You multiplied by 0.5: divide the logits by the temperature instead."
    if any(abs(a - b) > 1e-6 for a, b in zip(values, softmax(LOGITS, 0.5))):
        return "Not quite: compute exp(logit / 0.5) for each logit, then divide by their sum."
    return None


EXAMPLES = {"text": ("chatgpt",), "images": ("dall-e", "dall·e", "dalle"), "code": ("github copilot", "copilot")}


@exercise("01.3", solution='examples = {"text": "ChatGPT", "images": "DALL·E", "code": "GitHub Copilot"}',
          praise="Three kinds of content, one idea: a model that learned from data creates something new.")
def famous_examples(examples: object) -> str | None:
    if not isinstance(examples, dict):
        return 'Make a dict like {"text": "...", "images": "...", "code": "..."}.'
    missing = [kind for kind in EXAMPLES if kind not in examples]
    if missing:
        return f"Add the key(s) {missing}."
    for kind, accepted in EXAMPLES.items():
        given = str(examples[kind]).strip().lower()
        named = [other for other, names in EXAMPLES.items() if any(name in given for name in names)]
        if len(named) > 1:
            return f"Give one product per kind: {examples[kind]!r} names examples of {named}."
        if named != [kind]:
            return f"{examples[kind]!r} is not the example the lesson gave for {kind}. Re-read 'Popular examples'."
    return None
