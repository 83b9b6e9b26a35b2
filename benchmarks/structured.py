"""Benchmark: structured outputs on the local course server (constrained decoding with llguidance).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/structured.py [--requests 100]

1. Schema-valid rate: N chat completions with a JSON schema (sampled, temperature 1, a different seed
   each, 8 at a time) through the official client; each answer is checked with `jsonschema`.
2. Overhead per token: the constraint's own work (mask + advance) timed on the tokens of those answers,
   next to one decoding step of the model (batch 1, bf16), both in this process.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers.models import KIT  # noqa: E402
from helpers.server import structured  # noqa: E402
from helpers.server.protocol import ChatCompletionRequest  # noqa: E402
from helpers.server.process import start_server, stop_server  # noqa: E402
from helpers.settings import LOCAL_CHAT_MODEL  # noqa: E402

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["category", "urgent", "summary"],
    "properties": {
        "category": {"enum": ["billing", "technical", "shipping"]},
        "urgent": {"type": "boolean"},
        "summary": {"type": "string", "maxLength": 60},
    },
}
FORMAT = {"type": "json_schema", "json_schema": {"name": "ticket", "strict": True, "schema": SCHEMA}}
ASK = [{"role": "user", "content": "Triage this support message: my parcel arrived broken and I need it today."}]


def schema_valid_rate(n: int) -> tuple[int, list[str], float, int]:
    """(valid answers, the answers, wall seconds, completion tokens) for n requests through the server."""
    from openai import OpenAI

    server = start_server()
    client = OpenAI(base_url=server.base_url, api_key=server.token)

    def one(seed: int) -> tuple[str, int]:
        reply = client.chat.completions.create(
            model=LOCAL_CHAT_MODEL, messages=ASK, response_format=FORMAT, temperature=1.0, seed=seed, max_tokens=80
        )
        return reply.choices[0].message.content, reply.usage.completion_tokens

    start = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(n)))
    wall = time.perf_counter() - start
    valid = 0
    for text, _ in results:
        try:
            jsonschema.validate(json.loads(text), SCHEMA)
            valid += 1
        except (ValueError, jsonschema.ValidationError):
            pass
    return valid, [t for t, _ in results], wall, sum(c for _, c in results)


def overhead_per_token(answers: list[str]) -> tuple[float, float]:
    """(ms of mask + advance per token, ms of one model decoding step) on this machine."""
    from transformers import AutoModelForCausalLM, AutoTokenizer, DynamicCache

    tokenizer = AutoTokenizer.from_pretrained(KIT["chat"].path)
    plan = structured.chat_plan(
        ChatCompletionRequest.model_validate(
            {"model": "m", "messages": [{"role": "user", "content": "hi"}], "response_format": FORMAT}
        )
    )
    structured.constraint_for(tokenizer, len(tokenizer), plan)  # build the tokenizer wrapper once
    logits, spent, count = torch.zeros(1, len(tokenizer)), 0.0, 0
    for text in answers:
        constraint = structured.constraint_for(tokenizer, len(tokenizer), plan)
        for token in tokenizer(text)["input_ids"]:
            start = time.perf_counter()
            constraint.mask(logits)
            constraint.advance(token)
            spent += time.perf_counter() - start
            count += 1
    model = AutoModelForCausalLM.from_pretrained(KIT["chat"].path, dtype=torch.bfloat16).eval()
    ids = torch.tensor(
        [list(tokenizer.apply_chat_template(ASK, add_generation_prompt=True, return_dict=True)["input_ids"])]
    )
    cache = DynamicCache(config=model.config)
    with torch.inference_mode():
        model(input_ids=ids, cache=cache, use_cache=True)
        steps, start = 20, time.perf_counter()
        for _ in range(steps):
            model(input_ids=ids[:, -1:], cache=cache, use_cache=True)
    return 1000 * spent / count, 1000 * (time.perf_counter() - start) / steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    try:
        valid, answers, wall, tokens = schema_valid_rate(args.requests)
    finally:
        stop_server()
    mask_ms, step_ms = overhead_per_token(answers)
    print("| measure | value |\n|---|---|")
    print(f"| schema-valid answers | {valid} / {len(answers)} |")
    print(f"| wall time, {len(answers)} requests (8 concurrent) | {wall:.1f} s ({tokens / wall:.1f} tok/s) |")
    print(f"| constraint work per token (mask + advance) | {mask_ms:.3f} ms |")
    print(f"| one model decoding step (batch 1) | {step_ms:.1f} ms |")
    print(f"| overhead per token | {100 * mask_ms / step_ms:.1f} % |")
    print("\nexample answer:", answers[0])


if __name__ == "__main__":
    main()
