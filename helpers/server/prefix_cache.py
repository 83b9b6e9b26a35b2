"""Prompt beginnings computed once: the attention keys and values of prefixes that requests share.

A notebook that classifies 36 tickets with one system prompt and the same three examples, or a class
of 32 whose requests start with the same instructions, sends the same first few hundred tokens again
and again. Their keys and values depend on those tokens only (attention is causal), so the engine
(`engine.py`) computes them once:
- within a batch, the beginning all its prompts share runs once, in one row, and every row reuses it;
- across batches, the keys and values of recent prompts are kept here, and a new batch starts from
  the longest beginning that all its prompts share with one of them.
vLLM calls this automatic prefix caching (its cache is paged in blocks; ours is a few tensors per
prompt, least recently used first out, bounded in tokens). The answers are the same up to rounding:
the same numbers are computed in a different grouping. So a request alone on the engine (one row,
nothing else decoding) never reuses kept keys and values: run twice, one after the other, it gets the
same greedy answer twice. Its prompt is kept for the requests that arrive together with others.
`COURSE_PREFIX_CACHE=0` turns it off.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import torch

from ..settings import ENV_PREFIX_CACHE

MIN_SHARED = 16  # tokens: a shorter shared beginning is not worth keeping or a pass of its own
MIN_SAVED = 64  # a batch's shared beginning gets a pass of its own when that saves this many tokens (a pass costs
# ~12 ms of per-layer overhead whatever its length, about what 25 prompt tokens cost)
BUDGET_TOKENS = 2048  # tokens kept in all (SmolLM2-135M: 23 KB each, ~47 MB)
MAX_ENTRIES = 32  # prompts kept: each lookup compares a batch's prompts with every one

KeysValues = list[tuple[torch.Tensor, torch.Tensor]]  # per layer: keys, values of shape (1, heads, tokens, dim)


@dataclass
class Entry:
    ids: np.ndarray  # the prompt's token ids
    layers: KeysValues


def enabled() -> bool:
    """On unless COURSE_PREFIX_CACHE=0 (to compare, see benchmarks/prefix.py)."""
    return os.environ.get(ENV_PREFIX_CACHE, "1") != "0"


def shared_length(a: np.ndarray, b: np.ndarray) -> int:
    """How many tokens two prompts share from the start."""
    n = min(len(a), len(b))
    differ = np.flatnonzero(a[:n] != b[:n])
    return int(differ[0]) if len(differ) else n


def common_length(prompts: list[np.ndarray]) -> int:
    """How many tokens every prompt shares from the start."""
    return min((shared_length(prompts[0], p) for p in prompts[1:]), default=len(prompts[0]))


class PrefixCache:
    """Recent prompts' keys and values per model (None: the base model; else a fine-tuned model's id)."""

    def __init__(self, budget_tokens: int = BUDGET_TOKENS, max_entries: int = MAX_ENTRIES):
        self.budget_tokens, self.max_entries = budget_tokens, max_entries
        self._entries: OrderedDict[tuple[str | None, bytes], Entry] = OrderedDict()

    @property
    def tokens(self) -> int:
        return sum(len(entry.ids) for entry in self._entries.values())

    def longest(self, model: str | None, prompts: list[np.ndarray], limit: int) -> tuple[int, KeysValues]:
        """The most tokens (≤ limit) that every prompt shares with one kept prompt, and their keys and values."""
        best, found = 0, None
        for (name, key), entry in self._entries.items():
            if name == model:
                length = min(limit, *(shared_length(entry.ids, p) for p in prompts))
                if length > best:
                    best, found = length, key
        if found is None:
            return 0, []
        self._entries.move_to_end((model, found))
        entry = self._entries[(model, found)]
        return best, [(k[:, :, :best], v[:, :, :best]) for k, v in entry.layers]

    def keep(self, model: str | None, ids: np.ndarray, layers: KeysValues) -> None:
        """Remember a prompt's keys and values (one row); a kept prompt it extends is replaced by it."""
        if len(ids) < MIN_SHARED or len(ids) > self.budget_tokens:
            return
        for name, key in list(self._entries):
            kept = self._entries[(name, key)].ids
            if name == model and shared_length(kept, ids) == min(len(kept), len(ids)):
                if len(kept) >= len(ids):  # already known
                    self._entries.move_to_end((name, key))
                    return
                del self._entries[(name, key)]  # the new one covers it
        self._entries[(model, ids.tobytes())] = Entry(ids, layers)
        while self.tokens > self.budget_tokens or len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def forget(self, model: str | None) -> None:
        """Drop a model's prompts (a deleted fine-tuned model)."""
        for name, key in list(self._entries):
            if name == model:
                del self._entries[(name, key)]
