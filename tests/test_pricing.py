"""helpers.pricing: the one price table and the cost estimate."""
from types import SimpleNamespace

import pytest

from helpers.pricing import (PRICES, PRICES_AS_OF, PRICES_SOURCE, cost_per_unit, estimate_cost, format_usd,
                             is_local, price_of, price_table, training_cost)


def test_table_is_dated_and_sourced():
    assert PRICES_AS_OF and "openai.com/api/pricing" in PRICES_SOURCE
    for model in ("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "text-embedding-3-small", "whisper-1", "dall-e-3",
                  "fine-tuning:gpt-4o-mini"):
        assert model in PRICES


def test_chat_usage_object_and_dict():
    usage = SimpleNamespace(prompt_tokens=1_000_000, completion_tokens=1_000_000, total_tokens=2_000_000)
    assert estimate_cost("gpt-4o-mini", usage) == pytest.approx(0.75)
    assert estimate_cost("gpt-4o-mini", {"prompt_tokens": 1000, "completion_tokens": 0}) == pytest.approx(0.00015)


def test_responses_usage_names():
    usage = {"input_tokens": 2_000_000, "output_tokens": 500_000}
    assert estimate_cost("gpt-4o", usage) == pytest.approx(2 * 2.50 + 0.5 * 10.00)


def test_real_openai_usage_types():
    from openai.types import CompletionUsage
    from openai.types.create_embedding_response import Usage

    assert estimate_cost("gpt-4o-mini", CompletionUsage(prompt_tokens=10, completion_tokens=20,
                                                         total_tokens=30)) > 0
    assert estimate_cost("text-embedding-3-small", Usage(prompt_tokens=1_000_000,
                                                          total_tokens=1_000_000)) == pytest.approx(0.02)


def test_snapshots_and_fine_tuned_names():
    assert price_of("gpt-4o-mini-2024-07-18") == PRICES["gpt-4o-mini"]
    assert price_of("gpt-4o-2024-08-06") == PRICES["gpt-4o"]
    assert price_of("ft:gpt-4o-mini-2024-07-18:my-org::abc123") == PRICES["ft:gpt-4o-mini"]


def test_local_models_are_free():
    assert is_local("HuggingFaceTB/SmolLM2-135M-Instruct")
    assert is_local("/home/x/.cache/genai-course/SmolLM2-135M-Instruct")
    assert is_local("ft:HuggingFaceTB/SmolLM2-135M-Instruct:course:abc")
    assert estimate_cost("HuggingFaceTB/SmolLM2-135M-Instruct", {"prompt_tokens": 99, "completion_tokens": 9}) == 0
    assert "your machine" in price_of("sentence-transformers/all-MiniLM-L6-v2").note
    assert not is_local("gpt-4o-mini")


def test_units_and_training():
    assert cost_per_unit("whisper-1", 10) == pytest.approx(0.06)
    assert cost_per_unit("dall-e-3", 2) == pytest.approx(0.08)
    assert training_cost(100_000, n_epochs=3) == pytest.approx(0.9)
    assert training_cost(100_000, model="HuggingFaceTB/SmolLM2-135M-Instruct") == 0
    with pytest.raises(ValueError):
        estimate_cost("whisper-1", {"prompt_tokens": 1})


def test_unknown_model_and_formatting():
    with pytest.raises(KeyError, match="No price"):
        price_of("no-such-model")
    assert format_usd(0.000123) == "$0.000123"
    assert format_usd(1.5) == "$1.50"
    assert format_usd(0) == "$0.00"
    assert list(price_table().columns)[:2] == ["input (USD)", "output (USD)"]
