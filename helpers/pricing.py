"""The ONE place for prices: what an API call costs, in US dollars.

Prices were copied from OpenAI's pricing page, openai.com/api/pricing, as published in June 2025
(standard tier, not Batch or cached input). They were not re-checked since: prices change, so look
at the page before you budget. Local models cost nothing per call: they run on your machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

PRICES_AS_OF = "2025-06"
PRICES_SOURCE = "https://openai.com/api/pricing"
PER_TOKENS = 1_000_000  # token prices are per 1M tokens


@dataclass(frozen=True)
class Price:
    """A price list entry. Token prices are USD per 1M tokens; other units say what they are per."""

    input: float  # USD per 1M input (prompt) tokens, or per `unit` for non-token models
    output: float = 0.0  # USD per 1M output (completion) tokens
    unit: str = "1M tokens"
    note: str = ""


LOCAL_NOTE = "runs on your machine: no charge per call (you pay for the electricity and hardware)"

PRICES: dict[str, Price] = {
    # text generation
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    # a fine-tuned gpt-4o-mini ("ft:gpt-4o-mini-...") costs more per call than the base model
    "ft:gpt-4o-mini": Price(0.30, 1.20, note="using a fine-tuned gpt-4o-mini"),
    # embeddings (input only)
    "text-embedding-3-small": Price(0.02),
    # speech to text, per minute of audio
    "whisper-1": Price(0.006, unit="minute"),
    # images, per 1024x1024 image at standard quality (HD costs 0.08)
    "dall-e-3": Price(0.04, unit="image", note="1024x1024, standard quality"),
    # fine-tuning: training, per 1M training tokens (tokens in the file x epochs)
    "fine-tuning:gpt-4o-mini": Price(3.00, note="training"),
    # local models used by the course
    "HuggingFaceTB/SmolLM2-135M-Instruct": Price(0.0, 0.0, note=LOCAL_NOTE),
    "sentence-transformers/all-MiniLM-L6-v2": Price(0.0, note=LOCAL_NOTE),
    "openai/whisper-tiny.en": Price(0.0, unit="minute", note=LOCAL_NOTE),
}
LOCAL_NAMES = {name.split("/")[-1].lower() for name, p in PRICES.items() if p.note == LOCAL_NOTE}


def _base_name(model: str) -> str:
    """'gpt-4o-mini-2024-07-18' -> 'gpt-4o-mini'; 'ft:gpt-4o-mini-2024-07-18:org::id' -> 'ft:gpt-4o-mini'."""
    if model.startswith("ft:"):
        return "ft:" + _base_name(model.split(":")[1])
    if model in PRICES:
        return model
    # dated snapshots share the price of their family; prefer the longest matching name
    matches = [name for name in PRICES if model.startswith(name + "-")]
    return max(matches, key=len) if matches else model


def is_local(model: str) -> bool:
    """True for the course's local models (by Hub id, folder path, or a local fine-tune of them)."""
    name = model.split(":")[1] if model.startswith("ft:") else model
    return name.rstrip("/").split("/")[-1].lower() in LOCAL_NAMES


def price_of(model: str) -> Price:
    """The price entry for a model name (dated snapshots and fine-tuned models included)."""
    if is_local(model):
        return Price(0.0, 0.0, note=LOCAL_NOTE)
    name = _base_name(model)
    if name.startswith("ft:") and name not in PRICES:
        name = name[3:]  # no fine-tuned price listed: fall back to the base model's price
    if name not in PRICES:
        raise KeyError(f"No price for {model!r} in helpers/pricing.py. Known: {', '.join(PRICES)}. "
                       f"See {PRICES_SOURCE}.")
    return PRICES[name]


def _tokens(usage: Any) -> tuple[int, int]:
    """(input tokens, output tokens) from an openai usage object or a dict, whichever names it uses."""
    get = usage.get if isinstance(usage, Mapping) else (lambda key: getattr(usage, key, None))
    prompt = get("prompt_tokens") if get("prompt_tokens") is not None else get("input_tokens")
    completion = get("completion_tokens") if get("completion_tokens") is not None else get("output_tokens")
    return int(prompt or 0), int(completion or 0)


def estimate_cost(model: str, usage: Any) -> float:
    """USD for one call, from its `usage` (chat: prompt/completion tokens; Responses: input/output)."""
    price = price_of(model)
    if price.unit != "1M tokens":
        raise ValueError(f"{model} is priced per {price.unit}, not per token: use cost_per_unit().")
    prompt, completion = _tokens(usage)
    return (prompt * price.input + completion * price.output) / PER_TOKENS


def cost_per_unit(model: str, units: float) -> float:
    """USD for models priced per unit: minutes of audio (whisper-1) or images (dall-e-3)."""
    return units * price_of(model).input


def training_cost(training_tokens: int, n_epochs: int = 1, model: str = "gpt-4o-mini") -> float:
    """USD to fine-tune `model` on a file of `training_tokens` tokens for `n_epochs` epochs."""
    if is_local(model):
        return 0.0
    price = price_of(f"fine-tuning:{_base_name(model)}")
    return training_tokens * n_epochs * price.input / PER_TOKENS


def format_usd(amount: float) -> str:
    """'$0.000123' for tiny amounts, '$1.23' for larger ones."""
    return f"${amount:.2f}" if amount >= 0.01 or amount == 0 else f"${amount:.6f}"


def price_table():
    """The price list as a pandas DataFrame (for display)."""
    import pandas as pd

    rows = [{"model": name, "input (USD)": p.input, "output (USD)": p.output, "per": p.unit, "note": p.note}
            for name, p in PRICES.items()]
    return pd.DataFrame(rows).set_index("model")
