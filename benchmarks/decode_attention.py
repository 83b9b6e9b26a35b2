"""Decoding steps with SDPA's attention against the engine's decode attention, alternating.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python benchmarks/decode_attention.py [--rounds 3] [--steps 60]

The course server's chat model (packed as the engine packs it, with its growing key/value cache) prefills random
prompts, then decodes greedily; each shape runs with both attentions in turn. Prints the CPU's PyTorch capability,
milliseconds per decoding step (median of the rounds, and each round), and how many of the decoded tokens agree.
Then the attention alone, per layer, for the same shapes. Run it alone on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from helpers.models import model_for
from helpers.server.decode_attention import NAME, decode_attention
from helpers.server.engine import Engine
from kv_cache import decode  # this folder's kv_cache.py

SHAPES = [(1, 300, False), (1, 1000, False), (16, 300, True), (32, 600, False), (32, 600, True)]  # rows, tokens, padded
ATTENTIONS = ["sdpa", NAME]


def attention_alone(rows: int, length: int, padded: bool, repeats: int = 20) -> dict[str, float]:
    """Milliseconds per layer for one decoding step's attention (SmolLM2's 9 query, 3 key/value heads)."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    class Layer(torch.nn.Module):
        num_key_value_groups = 3
        is_causal = True

    make = torch.Generator().manual_seed(0)
    query = torch.randn(rows, 9, 1, 64, generator=make).bfloat16()
    key, value = (torch.randn(rows, 3, length, 64, generator=make).bfloat16() for _ in range(2))
    mask = None
    if padded:
        mask = torch.ones(rows, 1, 1, length, dtype=torch.bool)
        mask[0, ..., : length // 3] = False
    times = {}
    for name, function in (("sdpa", sdpa_attention_forward), (NAME, decode_attention)):
        with torch.inference_mode():
            function(Layer(), query, key, value, mask, scaling=0.125)
            start = time.perf_counter()
            for _ in range(repeats):
                function(Layer(), query, key, value, mask, scaling=0.125)
        times[name] = (time.perf_counter() - start) / repeats * 1000
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    print("CPU capability:", torch.backends.cpu.get_cpu_capability(), "| threads:", torch.get_num_threads())
    model = Engine(model_for("chat"), background=False).model
    for rows, prompt, padded in SHAPES:
        times: dict[str, list[float]] = {name: [] for name in ATTENTIONS}
        answers = {}
        for _ in range(args.rounds):
            for name in ATTENTIONS:
                model.set_attn_implementation(name)
                ms, answers[name] = decode(model, rows, prompt, args.steps, growing=True, padded=padded)
                times[name].append(round(ms, 1))
        agree = (answers["sdpa"] == answers[NAME]).float().mean().item()
        summary = ", ".join(f"{name} {statistics.median(t):.1f} ms {t}" for name, t in times.items())
        print(
            f"{rows} rows x {prompt} tokens{', padded' if padded else ''}: {summary}; tokens that agree: {agree:.0%}",
            flush=True,
        )
    for rows, prompt, padded in SHAPES:
        alone = attention_alone(rows, prompt, padded)
        print(
            f"attention alone, {rows} rows x {prompt}{', padded' if padded else ''}: "
            + ", ".join(f"{n} {ms:.2f} ms" for n, ms in alone.items())
        )


if __name__ == "__main__":
    main()
