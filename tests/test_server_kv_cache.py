"""The engine's key/value cache (helpers/server/kv_cache.py): the same numbers as transformers' DynamicLayer,
without copying the whole cache at every decoding step."""

from __future__ import annotations

import torch
from transformers import DynamicCache
from transformers.cache_utils import DynamicLayer

from helpers.server.engine import _join, _trim

from helpers.server.kv_cache import ROOM, GrowingLayer, compact


def states(rows: int, columns: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return tuple(torch.randn(rows, 3, columns, 8, generator=generator) for _ in range(2))


def same(a, b) -> bool:
    return torch.equal(a.keys, b.keys) and torch.equal(a.values, b.values)


def cache_of(layer) -> DynamicCache:
    cache = DynamicCache()
    cache.layers[:] = [layer]
    return cache


def test_growing_layer_holds_what_dynamic_layer_holds_through_a_batch_life():
    """The engine's batch life: prompt, steps, longer rows join (`_join`), steps, they leave and the padding
    only they needed goes (`_trim`), steps. Keys and values equal DynamicLayer's after each."""
    reference, growing = DynamicLayer(), GrowingLayer()
    prompt = states(4, 20, seed=0)
    reference.update(*(s.clone() for s in prompt))
    growing.update(*(s.expand(4, -1, -1, -1) for s in prompt))  # as the engine's shared beginning arrives
    assert same(reference, growing)

    def steps(rows: int, count: int, seed: int) -> None:
        for step in range(count):
            new = states(rows, 1, seed=seed + step)
            assert all(torch.equal(a, b) for a, b in zip(reference.update(*new), growing.update(*new)))

    steps(4, ROOM + 5, seed=1)  # past a growth of the buffer
    masks = {}
    for name, layer in (("reference", reference), ("growing", growing)):  # two longer rows join
        joining = DynamicLayer()
        joining.update(*states(2, 80, seed=99))
        masks[name] = _join(
            cache_of(layer), torch.ones(4, layer.get_seq_length()), cache_of(joining), torch.ones(2, 80)
        )
    assert same(reference, growing) and torch.equal(masks["reference"], masks["growing"])
    steps(6, 3, seed=300)
    rows = torch.tensor([0, 1, 2, 3])  # the long rows leave: no row needs the first columns any more
    for name, layer in (("reference", reference), ("growing", growing)):
        layer.batch_select_indices(rows)
        masks[name] = _trim(cache_of(layer), torch.cat([masks[name], torch.ones(6, 3)], dim=1)[rows])
    assert same(reference, growing) and torch.equal(masks["reference"], masks["growing"])
    assert masks["growing"].shape[1] < 83  # trimmed
    steps(4, 3, seed=400)
    assert same(reference, growing) and growing.get_seq_length() == reference.get_seq_length()


def test_a_decoding_step_writes_one_column_instead_of_copying_the_cache():
    layer = GrowingLayer()
    layer.update(*states(2, 10, seed=0))
    layer.update(*states(2, 1, seed=1))  # the first step moves the prompt into a buffer with ROOM free columns
    buffer = layer.keys.data_ptr()
    for step in range(ROOM):
        layer.update(*states(2, 1, seed=2 + step))
        assert layer.keys.data_ptr() == buffer, f"the cache was copied at step {step}"
    layer.update(*states(2, 1, seed=99))
    assert layer.keys.data_ptr() != buffer  # full: grown once


def test_rows_leaving_the_batch_keep_the_free_columns():
    layer = GrowingLayer()
    layer.update(*states(3, 10, seed=0))
    layer.update(*states(3, 1, seed=1))
    expected = layer.keys[[0, 2]].clone()
    layer.batch_select_indices(torch.tensor([0, 2]))
    assert torch.equal(layer.keys, expected)
    buffer = layer.keys.data_ptr()
    layer.update(*states(2, 1, seed=2))
    assert layer.keys.data_ptr() == buffer, "the next step copied the cache again"


def test_kept_keys_do_not_hold_the_buffer_they_came_from():
    layer = GrowingLayer()
    layer.update(*states(1, 10, seed=0))
    layer.update(*states(1, 1, seed=1))
    kept = compact(layer.keys)
    assert torch.equal(kept, layer.keys)
    assert kept.untyped_storage().nbytes() == kept.numel() * kept.element_size()
