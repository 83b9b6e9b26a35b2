"""helpers/attention.py on the course's real model: a causal map per head whose rows add up to 1."""

import pytest
import torch

from helpers.attention import attention_weights, heatmap


@pytest.fixture(scope="module")
def smollm():
    from helpers.models import KIT

    if not KIT["chat"].ready():
        pytest.skip("offline chat model not prepared (course prepare)")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = KIT["chat"].path
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.bfloat16).eval(), AutoTokenizer.from_pretrained(path)


def test_one_causal_map_per_layer_and_head(smollm):
    model, tokenizer = smollm
    weights, tokens = attention_weights(model, tokenizer, "The cat sat because it was tired.")
    config = model.config
    assert weights.shape == (config.num_hidden_layers, config.num_attention_heads, len(tokens), len(tokens))
    assert tokens[0] == "The" and " it" in tokens
    assert torch.allclose(weights.sum(-1), torch.ones(()), atol=0.02)  # each row shares out all the attention
    assert weights.triu(diagonal=1).max() == 0  # nothing looks ahead
    assert model.config._attn_implementation != "eager"  # the fast attention is back for generate()


def test_heatmap_labels_every_token():
    import matplotlib

    matplotlib.use("Agg")
    tokens = ["The", " cat", " sat"]
    fig = heatmap(torch.tril(torch.full((3, 3), 1 / 3)), tokens, title="test")
    labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert labels == ["The", "cat", "sat"] and fig.axes[0].get_title() == "test"
