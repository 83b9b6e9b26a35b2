"""A key/value cache that appends a decoding step's keys and values in place.

transformers' `DynamicCache` appends with `torch.cat`: every decoding step copies each layer's whole cache
into a new tensor. With 16 rows of 300 tokens that is ~110 MB copied per step on SmolLM2 (30 layers), about a
third of the step's time on 2 CPU cores. `GrowingLayer` keeps each layer's keys and values in a buffer with
room for `ROOM` more columns, writes each step's new column into it, and hands attention a view of the
columns in use; the buffer is copied only when it is full, once per `ROOM` steps. The numbers are the same as
`DynamicCache`'s, so the answers are too (tests/test_server_kv_cache.py, benchmarks/kv_cache.py).

Rows that leave the batch are dropped with the free columns kept (`batch_select_indices`). Where the engine
replaces `keys` and `values` whole (`_trim`, `_join`), the tensor assigned becomes the buffer, full, and the
next step grows it.
"""

from __future__ import annotations

import torch
from transformers import DynamicCache
from transformers.cache_utils import DynamicLayer

ROOM = 32  # free columns after each growth: a copy every 32 steps, at most 32 tokens per row unused


class GrowingLayer(DynamicLayer):
    """A `DynamicLayer` whose `keys` and `values` are views of buffers that grow `ROOM` columns at a time."""

    def __init__(self) -> None:
        self._buffers: dict[str, torch.Tensor | None] = {"keys": None, "values": None}
        self._lengths = {"keys": 0, "values": 0}
        super().__init__()

    def _view(self, name: str) -> torch.Tensor | None:
        buffer = self._buffers[name]
        return None if buffer is None else buffer[:, :, : self._lengths[name]]

    def _set(self, name: str, tensor: torch.Tensor | None) -> None:
        self._buffers[name] = tensor
        self._lengths[name] = 0 if tensor is None else tensor.shape[-2]

    keys = property(lambda self: self._view("keys"), lambda self, t: self._set("keys", t))
    values = property(lambda self: self._view("values"), lambda self, t: self._set("values", t))

    def update(self, key_states: torch.Tensor, value_states: torch.Tensor, *args, **kwargs):
        if not self.is_initialized:
            self.device, self.is_initialized = key_states.device, True
        for name, new in (("keys", key_states), ("values", value_states)):
            self._append(name, new)
        return self.keys, self.values

    def _append(self, name: str, new: torch.Tensor) -> None:
        buffer, length = self._buffers[name], self._lengths[name]
        if buffer is None or length == 0:
            self._set(name, new)  # the first columns: kept as given, copied into a buffer at the next step
            return
        needed = length + new.shape[-2]
        if needed > buffer.shape[-2]:  # full (a tensor assigned from outside always is: never written into)
            grown = buffer.new_empty(*buffer.shape[:2], needed + ROOM, buffer.shape[-1])
            grown[:, :, :length] = buffer[:, :, :length]
            self._buffers[name] = buffer = grown
        buffer[:, :, length:needed] = new
        self._lengths[name] = needed

    def batch_select_indices(self, indices: torch.Tensor) -> None:
        """Keep these rows (the others left the batch) and the buffers' free columns: one copy, not two."""
        for name, buffer in self._buffers.items():
            if buffer is not None and self._lengths[name]:
                self._buffers[name] = buffer[indices]


def growing_cache(config) -> DynamicCache:
    """A `DynamicCache` for `config`'s model whose layers append in place (`GrowingLayer`)."""
    cache = DynamicCache(config=config)
    cache.layers[:] = [GrowingLayer() for _ in cache.layers]
    return cache


def compact(tensor: torch.Tensor) -> torch.Tensor:
    """`tensor` in memory of its own size: a view of a bigger buffer would keep the whole buffer alive."""
    return tensor.clone() if tensor.untyped_storage().nbytes() > tensor.numel() * tensor.element_size() else tensor
