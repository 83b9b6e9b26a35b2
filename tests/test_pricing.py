"""helpers.pricing: the one dated, sourced price table and the cost estimate."""

import re
from types import SimpleNamespace

import pytest

from helpers import pricing
from helpers.pricing import (
    PRICES,
    PRICES_AS_OF,
    Price,
    cost_per_unit,
    estimate_cost,
    format_usd,
    is_local,
    price_of,
    price_table,
    training_cost,
)
from helpers.settings import OPENAI_MODELS


def test_every_course_model_has_a_sourced_price():
    assert PRICES_AS_OF == "2026-11-25"
    for role, model in OPENAI_MODELS.items():
        name = f"fine-tuning:{model}" if role == "fine-tuning base" else model
        price = price_of(name)
        assert price.source and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", price.as_of), (role, model, price)


def test_chat_usage_object_and_dict():
    usage = SimpleNamespace(prompt_tokens=1_000_000, completion_tokens=1_000_000, total_tokens=2_000_000)
    assert estimate_cost("gpt-6-luna", usage) == pytest.approx(0.60)
    assert estimate_cost("gpt-6-luna", {"prompt_tokens": 1000, "completion_tokens": 0}) == pytest.approx(0.0001)


def test_real_openai_usage_objects():
    from openai.types.completion_usage import CompletionUsage
    from openai.types.create_embedding_response import Usage

    assert estimate_cost(
        "gpt-6-luna", CompletionUsage(prompt_tokens=10, completion_tokens=20, total_tokens=30)
    ) == pytest.approx((10 * 0.10 + 20 * 0.50) / 1e6)
    assert estimate_cost(
        "text-embedding-3-small", Usage(prompt_tokens=1_000_000, total_tokens=1_000_000)
    ) == pytest.approx(0.02)


def test_image_cost_counts_image_output_tokens():
    usage = {"input_tokens": 20, "output_tokens": 200}  # the shape of images.generate(...).usage
    assert estimate_cost("gpt-image-2.5-flare", usage) == pytest.approx((20 * 5 + 200 * 30) / 1e6)


def test_snapshots_and_fine_tuned_models():
    assert price_of("gpt-6-luna-2026-09-22") == PRICES["gpt-6-luna"]
    assert price_of("ft:gpt-4o-mini-2024-07-18:my-org::abc123") == PRICES["ft:gpt-4o-mini"]
    assert price_of("gpt-4o-mini-2024-07-18") == PRICES["gpt-4o-mini"]  # the fine-tuning base
    with pytest.raises(KeyError):
        price_of("gpt-4o-2024-08-06")  # not a course model: no price listed, rather than a guess


def test_local_models_are_free():
    assert is_local("ft:SmolLM2-135M-Instruct:course::abc") and not is_local("gpt-6-luna")
    assert estimate_cost("HuggingFaceTB/SmolLM2-135M-Instruct", {"prompt_tokens": 99, "completion_tokens": 9}) == 0
    assert "your machine" in price_of("sentence-transformers/all-MiniLM-L6-v2").note


def test_units_and_training():
    assert cost_per_unit("gpt-transcribe", 10) == pytest.approx(0.045)
    assert training_cost(100_000, n_epochs=3) == pytest.approx(0.9)
    assert training_cost(100_000, model="HuggingFaceTB/SmolLM2-135M-Instruct") == 0
    with pytest.raises(ValueError, match="per minute"):
        estimate_cost("gpt-transcribe", {"prompt_tokens": 1})


def test_every_printed_cost_says_its_date():
    """A cost carries the date its own price was published, not the day the table was looked at."""
    chat = estimate_cost("gpt-6-luna", {"prompt_tokens": 1000, "completion_tokens": 300})
    assert format_usd(chat) == "$0.000250 (price of 2026-09-22)"
    assert format_usd(training_cost(100_000, n_epochs=3)) == "$0.90 (price of 2025-06)"  # OpenAI's June 2025 list
    assert format_usd(cost_per_unit("gpt-transcribe", 100)) == "$0.45 (price of 2026-11-25)"
    assert format_usd(1.5) == "$1.50 (prices checked 2026-11-25)"
    assert format_usd(1.5, dated=False) == "$1.50"
    assert format_usd(0) == "$0.00"
    with pytest.raises(KeyError, match="No price"):
        price_of("no-such-model")


def test_unknown_price_says_not_known(monkeypatch):
    monkeypatch.setitem(pricing.PRICES, "mystery-model", Price(None, None, source="none published"))
    assert estimate_cost("mystery-model", {"prompt_tokens": 5, "completion_tokens": 5}) is None
    assert format_usd(estimate_cost("mystery-model", {})).startswith("not known")
    assert price_table().loc["mystery-model", "input (USD)"] == "not known"


def test_table_shows_sources():
    table = price_table()
    assert list(table.columns)[:2] == ["input (USD)", "output (USD)"] and "source" in table.columns
