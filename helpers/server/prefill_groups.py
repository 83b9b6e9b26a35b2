"""Which prompts to run through the model together: the rows of one pass share a beginning and a length.

A pass over several prompts runs their shared beginning once (`prefix_cache.py`), then every row padded to the
longest rest. Requests that arrive together are often different kinds: notebook 06 sends four prompt designs
for the same tickets at once, and a pass that mixes them shares only the system prompt and pads the short
rows to the long ones. Sorted by their tokens, prompts that share a beginning sit side by side; each is added
to the group before it when one pass costs fewer tokens than two.
"""

from __future__ import annotations

import numpy as np

from .prefix_cache import MIN_SAVED, MIN_SHARED, common_length

PASS_TOKENS = 32  # a pass's fixed cost in prompt tokens (2 cores: 1 x 20 tokens 40 ms, each more row ~14 ms)


def pass_cost(prompts: list[np.ndarray]) -> int:
    """Prompt tokens one pass over `prompts` computes, counted as the engine runs it (`Engine._prefill`)."""
    width = max(len(p) for p in prompts)
    shared = common_length(prompts) if len(prompts) > 1 else 0
    if shared < MIN_SHARED or (len(prompts) - 1) * shared < MIN_SAVED:  # no pass of its own for the beginning
        return PASS_TOKENS + len(prompts) * width
    return 2 * PASS_TOKENS + shared + len(prompts) * (width - shared)


def prefill_groups(prompts: list[np.ndarray]) -> list[list[int]]:
    """The prompts' indices in groups, one pass each: in token order, each joins the group before it when
    that costs fewer tokens than a pass of its own."""
    order = sorted(range(len(prompts)), key=lambda i: prompts[i].tolist())
    groups: list[list[int]] = []
    for i in order:
        if groups:
            last = [prompts[j] for j in groups[-1]]
            if pass_cost(last + [prompts[i]]) <= pass_cost(last) + pass_cost([prompts[i]]):
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups
