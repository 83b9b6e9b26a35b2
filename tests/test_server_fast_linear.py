"""The engine's packed linear layers (fast_linear.py) change speed, never answers."""

from __future__ import annotations

import copy

import pytest
import torch

from helpers.server.fast_linear import PackedLinear, can_pack, pack_linears


@pytest.mark.skipif(not can_pack(torch.bfloat16), reason="no oneDNN bf16 on this CPU")
def test_packed_model_gives_bit_identical_logits():
    from transformers import AutoModelForCausalLM

    from helpers.models import KIT

    plain = AutoModelForCausalLM.from_pretrained(KIT["chat"].path, dtype=torch.bfloat16).eval()
    packed = copy.deepcopy(plain)
    assert pack_linears(packed) == 30 * 7 + 1  # q, k, v, o, gate, up, down in 30 layers, and the head
    assert packed.lm_head.weight is packed.model.embed_tokens.weight  # still tied: that weight is kept
    ids = torch.tensor([[1, 4093, 2, 339, 1767, 3327, 563, 253, 1345, 12]])
    with torch.inference_mode():
        for rows in (ids, ids.repeat(3, 1)):  # one row (decoding) and a batch
            assert torch.equal(plain(input_ids=rows).logits, packed(input_ids=rows).logits)


def test_packed_linear_is_a_linear_for_peft_and_refuses_gradients():
    if not can_pack(torch.bfloat16):
        pytest.skip("no oneDNN bf16 on this CPU")
    linear = torch.nn.Linear(8, 4, bias=True).to(torch.bfloat16)
    packed = PackedLinear(linear)
    x = torch.randn(2, 8, dtype=torch.bfloat16)
    assert isinstance(packed, torch.nn.Linear)
    assert packed.weight.shape == linear.weight.shape and packed.weight.dtype == torch.bfloat16
    assert packed.weight.untyped_storage().nbytes() <= 2  # a stand-in: the packed copy holds the numbers
    with torch.inference_mode():
        assert torch.equal(packed(x), linear(x))
    with pytest.raises(RuntimeError, match="inference only"):  # never a silently wrong gradient
        packed(x)
