"""The engine's packed linear layers (fast_linear.py): the bf16 path changes speed, never answers; the
4-bit path reads the kit's own 4-bit numbers and stays within bf16 rounding of them."""

from __future__ import annotations

import copy

import pytest
import torch

from helpers.server import fast_linear
from helpers.server.fast_linear import PackedLinear, can_pack, count_four_bit, four_bit_codes, pack_linears


@pytest.mark.skipif(not can_pack(torch.bfloat16), reason="no oneDNN bf16 on this CPU")
def test_packed_model_gives_bit_identical_logits():
    from transformers import AutoModelForCausalLM

    from helpers.models import KIT

    plain = AutoModelForCausalLM.from_pretrained(KIT["chat"].path, dtype=torch.bfloat16).eval()
    packed = copy.deepcopy(plain)
    assert pack_linears(packed, four_bit=False) == 30 * 7 + 1  # q, k, v, o, gate, up, down in 30 layers, and the head
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


def _chat_model():
    from transformers import AutoModelForCausalLM

    from helpers.models import KIT

    return AutoModelForCausalLM.from_pretrained(KIT["chat"].path, dtype=torch.bfloat16).eval()


def test_the_kits_weights_are_four_bit_inside_and_other_weights_are_not():
    model = _chat_model()
    weight = model.model.layers[0].mlp.down_proj.weight  # GGUF Q4_1 in the kit
    codes, scale, low = four_bit_codes(weight)
    assert codes.min() >= 0 and codes.max() <= 15
    grouped = weight.detach().float().reshape(*scale.shape, -1)
    error = (codes.float().reshape(grouped.shape) * scale[..., None] + low[..., None] - grouped) / scale[..., None]
    assert error.abs().max() < 0.05  # in steps of 1/15 of a group's range: bf16 rounding, not 16-level rounding
    assert error.abs().mean() < 0.005
    assert four_bit_codes(model.lm_head.weight) is None  # the head is Q8_0: more than 16 levels per group
    assert four_bit_codes(torch.randn(64, 64, dtype=torch.bfloat16)) is None  # an ordinary weight


@pytest.mark.skipif(not can_pack(torch.bfloat16), reason="no oneDNN bf16 on this CPU")
def test_four_bit_path_for_few_rows_only_and_close_to_bf16():
    plain = _chat_model()
    four = copy.deepcopy(plain)
    pack_linears(four, four_bit=True)
    assert count_four_bit(four) == 30 * 7  # every layer's linears; not the head
    ids = torch.tensor([[1, 4093, 2, 339, 1767, 3327, 563, 253, 1345, 12]])
    with torch.inference_mode():
        batch = ids.repeat(fast_linear.FOUR_BIT_MAX_ROWS + 1, 1)[:, :1]  # more rows than the 4-bit limit
        assert torch.equal(plain(input_ids=batch).logits, four(input_ids=batch).logits)  # the bf16 path
        cache = plain(input_ids=ids[:, :-1], use_cache=True).past_key_values
        want = plain(input_ids=ids[:, -1:], past_key_values=cache).logits[0, -1].float()
        cache = plain(input_ids=ids[:, :-1], use_cache=True).past_key_values  # one decoding step, one row:
        got = four(input_ids=ids[:, -1:], past_key_values=cache).logits[0, -1].float()  # the 4-bit path
    assert not torch.equal(got, want)  # it did take the 4-bit path
    assert (got - want).abs().max() < 0.02 * (want.max() - want.min())
    assert want[got.argmax()] > want.max() - 0.5  # its first choice is bf16's or a near tie


def test_four_bit_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(fast_linear.ENV_FOUR_BIT, "0")
    model = _chat_model()
    pack_linears(model)
    assert count_four_bit(model) == 0
