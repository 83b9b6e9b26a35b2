"""helpers/server/decode_attention.py: a decoding step's attention packs the query heads, mask or not, and
computes what SDPA computes; prompts keep SDPA as transformers calls it."""

import pytest
import torch
from transformers import DynamicCache
from transformers.integrations.sdpa_attention import sdpa_attention_forward

from helpers.server import decode_attention as module
from helpers.server.decode_attention import NAME, decode_attention


class Layer(torch.nn.Module):
    """What transformers' attention functions read from a layer: SmolLM2's 9 query heads on 3 kv heads."""

    num_key_value_groups = 3
    is_causal = True


def tensors(rows: int, tokens: int, length: int, seed: int = 0):
    make = torch.Generator().manual_seed(seed)
    query = torch.randn(rows, 9, tokens, 64, generator=make).bfloat16()
    # keys and values as the growing cache hands them over: views of longer buffers
    key, value = (torch.randn(rows, 3, length + 32, 64, generator=make).bfloat16()[:, :, :length] for _ in "kv")
    return query, key, value


def reference(query, key, value, mask):
    """The same attention in fp32, each kv head repeated for its queries."""
    key, value = (x.float().repeat_interleave(3, dim=1) for x in (key, value))
    out = torch.nn.functional.scaled_dot_product_attention(query.float(), key, value, attn_mask=mask, scale=0.125)
    return out.transpose(1, 2)


@pytest.mark.parametrize("rows, padded", [(1, False), (4, False), (4, True)])
def test_a_decoding_step_attends_as_sdpa_does(rows, padded):
    query, key, value = tensors(rows, 1, 40)
    mask = None
    if padded:  # the first row's prompt was shorter: its first 10 positions are padding
        mask = torch.ones(rows, 1, 1, 40, dtype=torch.bool)
        mask[0, ..., :10] = False
    with torch.inference_mode():
        ours, _ = decode_attention(Layer(), query, key, value, mask, scaling=0.125)
        sdpa, _ = sdpa_attention_forward(Layer(), query, key, value, mask, scaling=0.125)
    assert ours.shape == sdpa.shape == (rows, 1, 9, 64)
    torch.testing.assert_close(ours.float(), reference(query, key, value, mask), atol=4e-3, rtol=0)
    torch.testing.assert_close(ours, sdpa, atol=4e-3, rtol=0)
    if padded:  # the row's padding is ignored: its keys could be anything
        key[0, :, :10], value[0, :, :10] = 100.0, -100.0
        with torch.inference_mode():
            again, _ = decode_attention(Layer(), query, key, value, mask, scaling=0.125)
        assert torch.equal(again, ours)


def test_a_decoding_step_packs_the_queries_with_or_without_a_mask(monkeypatch):
    """Unpadded steps (a lone request) must not take SDPA's `enable_gqa` way: 5-6x slower on the CPU."""
    calls = []
    sdpa = torch.nn.functional.scaled_dot_product_attention

    def recording(query, key, value, **options):
        calls.append((tuple(query.shape), options.get("enable_gqa", False)))
        return sdpa(query, key, value, **options)

    monkeypatch.setattr(torch.nn.functional, "scaled_dot_product_attention", recording)
    query, key, value = tensors(2, 1, 30)
    mask = torch.ones(2, 1, 1, 30, dtype=torch.bool)
    with torch.inference_mode():
        decode_attention(Layer(), query, key, value, None, scaling=0.125)
        decode_attention(Layer(), query, key, value, mask, scaling=0.125)
    assert calls == [((2, 3, 3, 64), False), ((2, 3, 3, 64), False)]


def test_prompts_keep_transformers_sdpa(monkeypatch):
    calls = []
    monkeypatch.setattr(module, "sdpa_attention_forward", lambda *args, **kwargs: calls.append(args) or ("sdpa", None))
    query, key, value = tensors(1, 5, 5)
    assert decode_attention(Layer(), query, key, value, None, scaling=0.125)[0] == "sdpa"
    assert len(calls) == 1


def test_the_engine_decodes_with_it():
    from helpers.models import KIT, model_for

    if not KIT["chat"].ready():
        pytest.skip("offline chat model not prepared (course prepare)")
    from helpers.server.engine import Engine

    engine = Engine(model_for("chat"), background=False)
    assert engine.model.config._attn_implementation == NAME
    ids = torch.tensor([engine.encode_chat([{"role": "user", "content": "Name a colour."}])])
    logits = []
    with torch.inference_mode():  # one decoding step after the prompt, with each attention
        for name in (NAME, "sdpa"):
            engine.model.set_attn_implementation(name)
            cache = DynamicCache(config=engine.model.config)
            out = engine.model(input_ids=ids, cache=cache)
            logits.append(engine.model(input_ids=out.logits[:, -1:].argmax(-1), cache=cache).logits[0, -1].float())
    torch.testing.assert_close(logits[0], logits[1], atol=0.1, rtol=0)
