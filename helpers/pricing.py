"""The ONE place for prices: what an API call costs, in US dollars.

Every entry names its public source and the date that source gave the price (`as_of`), and every printed
cost carries that date, not the day the table was last looked at (PRICES_AS_OF; standard tier, not Batch,
Flex or cached input). A price we could not confirm is
`None` and prints as "not known": never a guess presented as fact. Prices change, so look at
developers.openai.com/api/docs/pricing before you budget. Local models cost nothing per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .settings import (
    LOCAL_CHAT_MODEL,
    LOCAL_EMBEDDING_MODEL,
    LOCAL_TRANSCRIBE_MODEL,
    OPENAI_CHAT_MODEL,
    OPENAI_EMBEDDING_MODEL,
    OPENAI_FINE_TUNE_FAMILY,
    OPENAI_FINE_TUNE_MODEL,
    OPENAI_IMAGE_MODEL,
    OPENAI_TRANSCRIBE_MODEL,
    short_name,
)

PRICES_AS_OF = "2026-11-25"  # the day every entry below was last checked against its source
PRICES_SOURCE = "https://developers.openai.com/api/docs/pricing"
PER_TOKENS = 1_000_000  # token prices are per 1M tokens
NOT_KNOWN = "not known"


@dataclass(frozen=True)
class Price:
    """A price list entry. Token prices are USD per 1M tokens; other units say what they are per."""

    input: float | None  # USD per 1M input tokens, or per `unit`; None: not known
    output: float | None = 0.0  # USD per 1M output tokens
    unit: str = "1M tokens"
    note: str = ""
    source: str = ""  # where the price was published
    as_of: str = ""  # the date that source gave the price (YYYY-MM-DD, or YYYY-MM for a month)


class Cost(float):
    """A cost in US dollars that remembers the date of the price it was computed from."""

    def __new__(cls, amount: float, as_of: str = "") -> "Cost":
        cost = super().__new__(cls, amount)
        cost.as_of = as_of
        return cost


MODEL_PAGE = "developers.openai.com/api/docs/models/"
LOCAL_NOTE = "runs on your machine: no charge per call (you pay for the electricity and hardware)"
OLD_TABLE = "openai.com/api/pricing"  # OpenAI's price list as the course first read it; not published again since
OLD_TABLE_DATE = "2025-06"

# the models are named in settings.py; FINE_TUNED is the fine-tuning base without its date (gpt-4o-mini)
FINE_TUNED = OPENAI_FINE_TUNE_FAMILY
PRICES: dict[str, Price] = {
    OPENAI_CHAT_MODEL: Price(0.10, 0.50, source=f"{MODEL_PAGE}{OPENAI_CHAT_MODEL}", as_of="2026-09-22"),
    OPENAI_EMBEDDING_MODEL: Price(0.02, source=OLD_TABLE, as_of=OLD_TABLE_DATE),
    # GPT Image is billed per token: text in, image out (a 1024x1024 low-quality image is ~200 output tokens)
    OPENAI_IMAGE_MODEL: Price(
        5.00,
        30.00,
        note="text input, image output tokens",
        source="OpenAI's pricing page as quoted by apidog.com/blog/gpt-image-2-5-api",
        as_of="2026-09-09",
    ),
    OPENAI_TRANSCRIBE_MODEL: Price(
        0.0045, unit="minute", source=f"{MODEL_PAGE}{OPENAI_TRANSCRIBE_MODEL}", as_of="2026-11-25"
    ),
    # the fine-tuning base (notebook 05 compares with it); it shuts down on 2027-01-14
    FINE_TUNED: Price(0.15, 0.60, source=OLD_TABLE, as_of=OLD_TABLE_DATE),
    # fine-tuning (closes to new jobs on 2027-01-06): training per 1M training tokens (file tokens x epochs)
    f"fine-tuning:{FINE_TUNED}": Price(3.00, note="training", source=OLD_TABLE, as_of=OLD_TABLE_DATE),
    # a fine-tuned model ("ft:gpt-4o-mini-...") costs more per call than its base model
    f"ft:{FINE_TUNED}": Price(
        0.30, 1.20, note=f"using a fine-tuned {FINE_TUNED}", source=OLD_TABLE, as_of=OLD_TABLE_DATE
    ),
    # local models used by the course
    LOCAL_CHAT_MODEL: Price(0.0, 0.0, note=LOCAL_NOTE),
    LOCAL_EMBEDDING_MODEL: Price(0.0, note=LOCAL_NOTE),
    LOCAL_TRANSCRIBE_MODEL: Price(0.0, unit="minute", note=LOCAL_NOTE),
}
LOCAL_NAMES = {short_name(name).lower() for name, p in PRICES.items() if p.note == LOCAL_NOTE}


def _base_name(model: str) -> str:
    """'gpt-4o-mini-2024-07-18' -> 'gpt-4o-mini'; 'ft:gpt-4o-mini-2024-07-18:org::id' -> 'ft:gpt-4o-mini'."""
    for prefix in ("ft:", "fine-tuning:"):
        if model.startswith(prefix):
            return prefix + _base_name(model.split(":")[1])
    if model in PRICES:
        return model
    # dated snapshots share the price of their family ("ft:x" and "fine-tuning:x" entries name family x)
    families = {name.split(":")[-1] for name in PRICES}
    matches = [family for family in families if model.startswith(family + "-")]
    return max(matches, key=len) if matches else model


def is_local(model: str) -> bool:
    """True for the course's local models (by Hub id, folder path, or a local fine-tune of them)."""
    name = model.split(":")[1] if model.startswith("ft:") else model
    return short_name(name).lower() in LOCAL_NAMES


def price_of(model: str) -> Price:
    """The price entry for a model name (dated snapshots and fine-tuned models included)."""
    if is_local(model):
        return Price(0.0, 0.0, note=LOCAL_NOTE)
    name = _base_name(model)
    if name not in PRICES:
        raise KeyError(
            f"No price for {model!r} in helpers/pricing.py. Known: {', '.join(PRICES)}. See {PRICES_SOURCE}."
        )
    return PRICES[name]


def _tokens(usage: Any) -> tuple[int, int]:
    """(input tokens, output tokens) from an openai usage object or a dict, whichever names it uses."""
    get = usage.get if isinstance(usage, Mapping) else (lambda key: getattr(usage, key, None))
    prompt = get("prompt_tokens") if get("prompt_tokens") is not None else get("input_tokens")
    completion = get("completion_tokens") if get("completion_tokens") is not None else get("output_tokens")
    return int(prompt or 0), int(completion or 0)


def openai_tokens(prompt: str | list[dict]) -> int:
    """Input tokens OpenAI bills for a text or a list of chat messages, counted offline with tiktoken.

    Chat adds a few tokens of format: about 3 per message and 3 that start the reply (OpenAI's cookbook rule).
    """
    from .models import openai_tokenizer

    encoding = openai_tokenizer()
    if isinstance(prompt, str):
        return len(encoding.encode(prompt))
    return sum(3 + len(encoding.encode(str(m.get("content", "")))) for m in prompt) + 3


def estimate_cost(model: str, usage: Any) -> float | None:
    """USD for one call from its `usage` (chat: prompt/completion tokens; Responses: input/output).

    None when the price is not known."""
    price = price_of(model)
    if price.unit != "1M tokens":
        raise ValueError(f"{model} is priced per {price.unit}, not per token: use cost_per_unit().")
    if price.input is None or price.output is None:
        return None
    prompt, completion = _tokens(usage)
    return Cost((prompt * price.input + completion * price.output) / PER_TOKENS, price.as_of)


def cost_per_unit(model: str, units: float) -> float | None:
    """USD for models priced per unit, e.g. minutes of audio; None when the price is not known."""
    price = price_of(model)
    return None if price.input is None else Cost(units * price.input, price.as_of)


def training_cost(training_tokens: int, n_epochs: int = 1, model: str = OPENAI_FINE_TUNE_MODEL) -> float | None:
    """USD to fine-tune `model` on a file of `training_tokens` tokens for `n_epochs` epochs."""
    if is_local(model):
        return 0.0
    price = price_of(f"fine-tuning:{model}")
    return None if price.input is None else Cost(training_tokens * n_epochs * price.input / PER_TOKENS, price.as_of)


def format_usd(amount: float | None, dated: bool = True) -> str:
    """'$0.000123 (price of 2026-09-22)'; '$1.23' without the date; 'not known' for an unknown price.

    A cost prints the date its price was published (a Cost from estimate_cost() knows it), unless
    dated=False or it is $0.00; a plain number gets the day the table was checked."""
    if amount is None:
        return f"{NOT_KNOWN} (no confirmed price in helpers/pricing.py)"
    text = f"${amount:.2f}" if amount >= 0.01 or amount == 0 else f"${amount:.6f}"
    when = f"price of {amount.as_of}" if getattr(amount, "as_of", "") else f"prices checked {PRICES_AS_OF}"
    return f"{text} ({when})" if dated and amount else text


def price_table():
    """The price list as a pandas DataFrame (for display), with each price's source and date."""
    import pandas as pd

    def shown(value: float | None) -> float | str:
        return NOT_KNOWN if value is None else value

    rows = [
        {
            "model": name,
            "input (USD)": shown(p.input),
            "output (USD)": shown(p.output),
            "per": p.unit,
            "note": p.note,
            "source": p.source or "-",
            "as of": p.as_of or "-",
        }
        for name, p in PRICES.items()
    ]
    return pd.DataFrame(rows).set_index("model")
