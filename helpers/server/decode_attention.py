"""Attention for decoding steps: SDPA with the query heads packed onto their key/value heads, mask or not.

SmolLM2's 9 query heads share 3 key/value heads (grouped-query attention). For a decoding step (one new token
per sequence) transformers' SDPA attention packs the queries as (batch, kv heads, 3, dim) when the batch has a
padding mask, and otherwise asks SDPA to repeat the shared heads (`enable_gqa`). On the CPU the second way is
5-6x slower: the flash kernel then works on blocks of one query row each. A lone request (one row, no padding:
what a learner sends most) and batches of equal lengths took that way: on this project's 2-core AMD EPYC,
1.04 ms per layer for one row of 1,000 tokens (0.17 ms packed), 19.7 ms for 32 rows of 600 (3.2 ms packed),
with the same kernel and numbers otherwise (benchmarks/decode_attention.py).

`decode_attention` always packs a decoding step's queries; everything else (prompts, training) is SDPA as is.
"""

from __future__ import annotations

import torch
from transformers import AttentionInterface
from transformers.integrations.sdpa_attention import sdpa_attention_forward
from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

NAME = "course_decode"  # the name the model's config gets (`model.config._attn_implementation`)


def decode_attention(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    scaling: float | None = None,
    dropout: float = 0.0,
    **kwargs,
) -> tuple[torch.Tensor, None]:
    """transformers' attention-function signature: query (batch, heads, tokens, dim), key and value (batch,
    kv heads, length, dim), a mask (batch or 1, 1, tokens, length) or None; returns (batch, tokens, heads, dim)."""
    batch, heads, tokens, dim = query.shape
    kv_heads = key.shape[1]
    mask_shared = attention_mask is None or attention_mask.shape[1] == 1  # one mask for every head
    special = dropout or any(kwargs.get(k) is not None for k in ("position_bias", "softcap", "sliding_window"))
    if tokens != 1 or kv_heads == heads or not mask_shared or special:
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout, scaling, **kwargs)
    packed = query.reshape(batch, kv_heads, heads // kv_heads, dim)  # the queries that share each kv head
    out = torch.nn.functional.scaled_dot_product_attention(packed, key, value, attn_mask=attention_mask, scale=scaling)
    return out.reshape(batch, 1, heads, dim), None


def use_decode_attention(model: torch.nn.Module) -> None:
    """Make `model` (a transformers model using SDPA) decode with `decode_attention`."""
    AttentionInterface.register(NAME, decode_attention)
    AttentionMaskInterface.register(NAME, sdpa_mask)  # the same masks SDPA gets
    model.set_attn_implementation(NAME)
