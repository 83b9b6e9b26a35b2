"""Does reading the chat model's weights as 4 bits (helpers/server/fast_linear.py) keep its answers?

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/quality.py [--tokens 48]

Compares the bf16 path with the 4-bit path on the same prepared SmolLM2 folder:
1. greedy answers to a fixed set of course prompts, decoded one token at a time as the server does for a
   lone request (one row: the 4-bit path): how many are identical, and where the others first differ;
2. perplexity on the course's own text (data/capstone/docs/*.md), every token through the 4-bit layers
   (the row limit lifted for this measure), against bf16; the goal is within 2 %.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from helpers.models import KIT  # noqa: E402
from helpers.server import fast_linear  # noqa: E402

PROMPTS = [
    "What is the capital of France?",
    "Explain what a token is in one sentence.",
    "Write a haiku about the sea.",
    "List three uses of generative AI.",
    "Who painted the Mona Lisa?",
    "Translate 'good morning' into Spanish.",
    "What is 7 times 8?",
    "Give me one tip for learning Python.",
    "What does an embedding represent?",
    "Summarise in one sentence: The course runs offline with a small local model.",
    "Is this review positive or negative? 'The battery died after a day.'",
    "What is fine-tuning?",
    "Name a famous museum in Milan.",
    "Write a polite reply to a customer whose parcel is late.",
    "What is temperature in text generation?",
    "Why do cats purr?",
]


def load(four_bit: bool):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(KIT["chat"].path, dtype=torch.bfloat16).eval()
    fast_linear.pack_linears(model, four_bit=four_bit)
    return model


def greedy(model, tokenizer, prompt: str, tokens: int) -> list[int]:
    """Greedy answer, one token per forward call (the server's decoding of a lone request)."""
    from transformers import DynamicCache

    ids = tokenizer.apply_chat_template(
        [{"role": "user", "content": prompt}], add_generation_prompt=True, return_tensors="pt", return_dict=True
    )["input_ids"]
    cache, out = DynamicCache(config=model.config), []
    logits = model(input_ids=ids, past_key_values=cache, use_cache=True).logits[:, -1]
    for _ in range(tokens):
        out.append(int(logits.argmax(-1)))
        if out[-1] == tokenizer.eos_token_id:
            break
        logits = model(input_ids=torch.tensor([[out[-1]]]), past_key_values=cache, use_cache=True).logits[:, -1]
    return out


def perplexity(model, tokenizer, texts: list[str], window: int = 512) -> float:
    total, count = 0.0, 0
    for text in texts:
        ids = tokenizer(text, return_tensors="pt")["input_ids"][0]
        for start in range(0, len(ids) - 1, window):
            chunk = ids[start : start + window + 1].unsqueeze(0)
            logits = model(input_ids=chunk[:, :-1]).logits.float()
            loss = torch.nn.functional.cross_entropy(logits[0], chunk[0, 1:], reduction="sum")
            total, count = total + float(loss), count + chunk.shape[1] - 1
    return math.exp(total / count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=48)
    args = parser.parse_args()
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(KIT["chat"].path)
    bf16, four = load(False), load(True)
    print(f"4-bit layers: {fast_linear.count_four_bit(four)} of {fast_linear.count_four_bit(four) + 1} linears")
    texts = [p.read_text() for p in sorted((ROOT / "data/capstone/docs").glob("*.md"))]
    same, firsts = 0, []
    with torch.inference_mode():
        for prompt in PROMPTS:
            a, b = greedy(bf16, tokenizer, prompt, args.tokens), greedy(four, tokenizer, prompt, args.tokens)
            if a == b:
                same += 1
                continue
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            firsts.append(first)
            print(
                f"differs at token {first}: {prompt!r}\n  bf16:  {tokenizer.decode(a)!r}\n  4-bit: {tokenizer.decode(b)!r}"
            )
        print(
            f"\ngreedy answers ({args.tokens} tokens) identical: {same} of {len(PROMPTS)}; others first differ at tokens {sorted(firsts)}"
        )
        limit, fast_linear.FOUR_BIT_MAX_ROWS = fast_linear.FOUR_BIT_MAX_ROWS, 10**9  # every token through 4 bits
        try:
            ppl_bf16, ppl_four = perplexity(bf16, tokenizer, texts), perplexity(four, tokenizer, texts)
        finally:
            fast_linear.FOUR_BIT_MAX_ROWS = limit
    change = 100 * (ppl_four / ppl_bf16 - 1)
    print(
        f"perplexity on data/capstone/docs ({len(texts)} files): bf16 {ppl_bf16:.3f}, 4-bit {ppl_four:.3f} ({change:+.2f} %; goal within 2 %)"
    )


if __name__ == "__main__":
    main()
