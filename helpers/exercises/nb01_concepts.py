"""Exercises for notebook 01: tokens, temperature, what generative AI makes, and how diffusion undoes noise."""

from __future__ import annotations

import math
import os
import random

import numpy as np

from ..diffusion import add_noise
from .core import exercise

# SmolLM2's ids for a sentence the notebook never prints: the only way to it is tokenizer.decode(...)
SENTENCE = "Every token is a number to the model."
SENTENCE_IDS = [8600, 9624, 314, 253, 1230, 288, 260, 1743, 30]


@exercise(
    "01.1",
    solution=f"text = tokenizer.decode({SENTENCE_IDS})",
    praise="Ids in, text out: decoding is the inverse of tokenizing.",
)
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


def hidden_logits(rng: random.Random) -> tuple[list[float], float]:
    """Fresh logits (3 to 8 tokens) and a temperature the learner has never seen."""
    logits = [round(rng.uniform(-6, 6), 2) for _ in range(rng.randint(3, 8))]
    return logits, rng.choice([0.2, 0.5, 0.7, 1.3, 2.0, round(rng.uniform(0.1, 0.7), 2), round(rng.uniform(1.5, 3), 2)])


def close(got: list[float], right: list[float]) -> bool:
    """Equal to 3 significant digits: a correct answer rounded to 3 decimals still passes."""
    return all(math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-3) for a, b in zip(got, right))


def softmax_t_hint(logits: list[float], temperature: float, got: list[float]) -> str:
    """Name the likely mistake from the learner's wrong probabilities."""
    case = f"For logits {logits} at temperature {temperature}"
    if len(got) != len(logits):
        return f"{case} you returned {len(got)} numbers: give one probability per logit."
    if not math.isclose(sum(got), 1, abs_tol=5e-3):  # 8 values rounded to 3 decimals may miss by 0.004
        return f"{case} your numbers add up to {sum(got):.3f}: divide the exponentials by their sum."
    if close(got, softmax(logits, 1.0)):
        return f"{case} you returned the softmax at temperature 1: divide the logits by the temperature first."
    if close(got, softmax([x * temperature for x in logits], 1.0)):
        return f"{case} you multiplied the logits by the temperature: divide them by it instead."
    return f"{case} the probabilities are wrong: compute exp(logit / temperature) for each, then divide by the sum."


@exercise(
    "01.2",
    solution="""def softmax_t(logits, temperature):
    scaled = np.asarray(logits, dtype=float) / temperature
    exps = np.exp(scaled - scaled.max())  # subtracting the largest changes nothing but avoids overflow
    return exps / exps.sum()""",
    praise="Your softmax_t is right on logits and temperatures you never saw: below 1 it sharpens, above 1 it flattens.",
)
def temperature_softmax(function: object) -> str | None:
    if not callable(function):
        return 'Define softmax_t(logits, temperature) and pass the function itself: check("01.2", softmax_t).'
    rng = random.Random(os.urandom(8))
    for _ in range(20):
        logits, temperature = hidden_logits(rng)
        result = function(np.array(logits), temperature)  # an array, like logits_4 in the notebook
        try:
            got = [float(p) for p in result]
        except TypeError:
            return f"softmax_t returned {result!r}: return the probabilities as a list or numpy array."
        if len(got) != len(logits) or not close(got, softmax(logits, temperature)):
            return softmax_t_hint(logits, temperature, got)
    return None


EXAMPLES = {"text": ("chatgpt",), "images": ("dall-e", "dall·e", "dalle"), "code": ("github copilot", "copilot")}


@exercise(
    "01.3",
    solution='examples = {"text": "ChatGPT", "images": "DALL·E", "code": "GitHub Copilot"}',
    praise="Three kinds of content, one idea: a model that learned from data creates something new.",
)
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


def hidden_images(rng: random.Random) -> tuple:
    """A random clean image, noise and noise level the learner has never seen, and the noisy image."""
    generator = np.random.default_rng(rng.randrange(2**32))
    shape = (rng.randint(2, 12), rng.randint(2, 12))
    clean, noise = generator.uniform(-1, 1, shape), generator.standard_normal(shape)
    alpha_bar = rng.uniform(0.05, 0.95)
    return clean, noise, alpha_bar, add_noise(clean, noise, alpha_bar)


@exercise(
    "01.4",
    solution="""def clean_image(x_t, noise, alpha_bar):
    return (x_t - np.sqrt(1 - alpha_bar) * noise) / np.sqrt(alpha_bar)""",
    praise="That is the step every diffusion model takes: predict the noise, remove it, rescale.",
)
def clean_image(function: object) -> str | None:
    if not callable(function):
        return 'Define clean_image(x_t, noise, alpha_bar) and pass the function: check("01.4", clean_image).'
    rng = random.Random(os.urandom(8))
    for _ in range(10):
        clean, noise, alpha_bar, x_t = hidden_images(rng)
        result = function(x_t.copy(), noise.copy(), alpha_bar)
        if result is None:
            return "clean_image returned None: return the clean image, a numpy array shaped like x_t."
        got = np.asarray(result, dtype=float)
        if got.shape != clean.shape:
            return f"For a {clean.shape} image you returned shape {got.shape}: return an image of the same shape."
        if not np.allclose(got, clean, rtol=1e-3, atol=1e-3):
            if np.allclose(got, x_t - noise, atol=1e-3):
                return (
                    "Subtracting the noise is not enough: it was mixed in with weight sqrt(1 - alpha_bar), and "
                    "the clean image was shrunk by sqrt(alpha_bar)."
                )
            return (
                f"At alpha_bar = {alpha_bar:.2f} that is not the clean image. Solve "
                "x_t = sqrt(alpha_bar) * x0 + sqrt(1 - alpha_bar) * noise for x0."
            )
    return None
