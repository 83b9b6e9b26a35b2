"""Attention maps: which earlier tokens each token draws on, read from a real model (notebook 01)."""

from __future__ import annotations

from typing import Any, Sequence

import torch


def attention_weights(model: Any, tokenizer: Any, text: str) -> tuple[torch.Tensor, list[str]]:
    """All attention weights for `text`, shaped (layers, heads, from token, to token), and the tokens.

    The fast attention code ("sdpa") does not return its weights, so this runs once with the plain
    ("eager") code and then switches back."""
    inputs = tokenizer(text, return_tensors="pt")
    previous = model.config._attn_implementation
    model.set_attn_implementation("eager")
    try:
        with torch.no_grad():
            attentions = model(**inputs, output_attentions=True).attentions  # one tensor per layer
    finally:
        model.set_attn_implementation(previous)
    tokens = [tokenizer.decode([int(i)]) for i in inputs["input_ids"][0]]
    return torch.stack(attentions)[:, 0].float(), tokens


def heatmap(matrix: torch.Tensor, tokens: Sequence[str], title: str = ""):
    """Rows: the token that looks; columns: the tokens it looks at; brighter = more attention."""
    import matplotlib.pyplot as plt

    labels = [token.strip() or repr(token) for token in tokens]
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    image = ax.imshow(matrix.numpy(), cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("looks at (earlier tokens)")
    ax.set_ylabel("token")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, fraction=0.046, label="share of attention")
    fig.tight_layout()
    return fig
