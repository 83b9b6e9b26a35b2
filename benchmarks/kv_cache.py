"""Decoding steps with transformers' DynamicCache against the engine's GrowingLayer cache, alternating.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python benchmarks/kv_cache.py [--rounds 3] [--steps 60]

The course server's chat model (packed as the engine packs it) prefills random prompts, then decodes greedily;
each shape runs with both caches in turn. Prints milliseconds per decoding step (median of the rounds, and each
round), and whether both caches produced the same tokens. Run it alone on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from transformers import DynamicCache

from helpers.models import model_for
from helpers.server.engine import Engine
from helpers.server.kv_cache import growing_cache

SHAPES = [(1, 300), (16, 300), (32, 600)]  # (rows, prompt tokens)


def decode(
    model, rows: int, prompt: int, steps: int, growing: bool, padded: bool = False
) -> tuple[float, torch.Tensor]:
    """Milliseconds per decoding step after a prompt of `prompt` random tokens per row, and the tokens.
    `padded`: the first row's prompt is a third shorter, padded on the left (the batch then has a mask)."""
    ids = torch.randint(100, 40000, (rows, prompt), generator=torch.Generator().manual_seed(0))
    mask = torch.ones((rows, prompt), dtype=torch.long)
    if padded:
        mask[0, : prompt // 3] = 0
    positions = (mask.cumsum(1) - 1).clamp(min=0)
    cache = growing_cache(model.config) if growing else DynamicCache(config=model.config)
    with torch.inference_mode():
        out = model(input_ids=ids, attention_mask=mask, position_ids=positions, cache=cache, logits_to_keep=1)
        token, tokens = out.logits[:, -1].argmax(-1, keepdim=True), []
        positions = positions[:, -1:]
        start = time.perf_counter()
        for _ in range(steps):
            mask = torch.cat([mask, torch.ones((rows, 1), dtype=torch.long)], dim=1)
            positions = positions + 1
            out = model(input_ids=token, attention_mask=mask, position_ids=positions, cache=cache)
            token = out.logits[:, -1].argmax(-1, keepdim=True)
            tokens.append(token)
        return (time.perf_counter() - start) / steps * 1000, torch.cat(tokens, dim=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    model = Engine(model_for("chat"), background=False).model
    for rows, prompt in SHAPES:
        times: dict[str, list[float]] = {"DynamicCache": [], "GrowingLayer": []}
        answers = {}
        for _ in range(args.rounds):
            for name in times:
                ms, answers[name] = decode(model, rows, prompt, args.steps, growing=name == "GrowingLayer")
                times[name].append(round(ms, 1))
        same = torch.equal(answers["DynamicCache"], answers["GrowingLayer"])
        summary = ", ".join(f"{name} {statistics.median(t):.1f} ms {t}" for name, t in times.items())
        print(f"{rows} rows x {prompt} tokens: {summary}; same tokens: {same}", flush=True)


if __name__ == "__main__":
    main()
