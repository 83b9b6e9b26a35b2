"""Load benchmark: a class of simulated students on one server, the course server versus stock
`transformers serve` (same SmolLM2 folder, bf16, CPU, loopback).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/load.py                      # 8, 16 and 32 students, both servers
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/load.py --students 16 --stock-up-to 0

Each student is a thread with its own seeded random generator: it starts within the first 2 s, then sends
`--requests` streamed chat requests, each a short question (up to 24 new tokens) or a long one (up to 128)
at random, reading each answer for 1-4 s before the next, as a class working through a notebook does. Greedy
decoding, so both servers generate the same tokens.
Per request it records the time to the first token (TTFT) and the tokens received (counted with the
model's tokenizer, the same way for both servers). Reported per class size and server: requests served,
p50/p95 TTFT, aggregate tok/s (all tokens / the time from the first request sent to the last
answer ended), peak server RSS. Every request has a 600 s
timeout, so a run is bounded; a request that fails or times out counts as not served.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PeakRSS, Served, course_server, percentile, stock_server  # noqa: E402

SHORT = [
    "What is the capital of France?",
    "Name three primary colours.",
    "What does CPU stand for?",
    "Give one synonym for happy.",
    "What is 12 times 12?",
    "Who wrote Romeo and Juliet?",
]
LONG = [
    "Write a long story about a cat who sails the ocean.",
    "Explain in detail how rainbows form.",
    "Describe the history of the printing press in detail.",
    "Write a long poem about mountains in winter.",
    "Explain how a neural network learns, step by step.",
    "Write a detailed recipe for bread, with tips.",
]
SHORT_TOKENS, LONG_TOKENS = 24, 128


@dataclass
class Result:
    kind: str
    ttft: float | None
    tokens: int
    ok: bool
    sent: float  # perf_counter() when sent and when the answer ended
    ended: float


def student(server: Served, seed: int, requests: int, count_tokens, results: list[Result]) -> None:
    """One student's session: start, then ask `requests` questions with reading time in between."""
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, 2))
    for _ in range(requests):
        long = rng.random() < 0.5
        prompt = rng.choice(LONG if long else SHORT)
        start, first, text = time.perf_counter(), None, []
        try:
            stream = server.client.chat.completions.create(
                model=server.model,
                messages=[{"role": "user", "content": prompt}],
                stream=True,
                max_tokens=LONG_TOKENS if long else SHORT_TOKENS,
                temperature=0,
            )
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    first = first or time.perf_counter() - start
                    text.append(chunk.choices[0].delta.content)
            results.append(
                Result(
                    "long" if long else "short", first, count_tokens("".join(text)), True, start, time.perf_counter()
                )
            )
        except Exception as error:  # a refused or timed-out request: not served
            print(f"  student {seed}: {type(error).__name__}: {str(error)[:120]}", flush=True)
            results.append(Result("long" if long else "short", None, 0, False, start, time.perf_counter()))
        time.sleep(rng.uniform(1, 4))


def run_class(server: Served, students: int, requests: int, count_tokens) -> dict:
    """All students at once on one server; the figures for one table row."""
    results: list[Result] = []
    rss = PeakRSS(server.pid)
    threads = [
        threading.Thread(target=student, args=(server, seed, requests, count_tokens, results))
        for seed in range(students)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = max(r.ended for r in results) - min(r.sent for r in results)  # first request sent to last answer
    ttfts = [r.ttft for r in results if r.ok and r.ttft is not None]
    return {
        "server": server.name,
        "students": students,
        "served": sum(r.ok for r in results),
        "requests": len(results),
        "p50": percentile(ttfts, 50) if ttfts else float("nan"),
        "p95": percentile(ttfts, 95) if ttfts else float("nan"),
        "tok_s": sum(r.tokens for r in results) / wall,
        "wall": wall,
        "rss_gb": rss.stop(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, nargs="+", default=[8, 16, 32])
    parser.add_argument("--requests", type=int, default=2, help="requests per student")
    parser.add_argument("--stock-up-to", type=int, default=32, help="largest class to run on stock (0: none)")
    args = parser.parse_args()
    from transformers import AutoTokenizer

    from helpers.models import KIT

    tokenizer = AutoTokenizer.from_pretrained(KIT["chat"].path)
    count = lambda text: len(tokenizer(text, add_special_tokens=False)["input_ids"])  # noqa: E731
    load = os.getloadavg()[0]
    rows = []
    for i, n in enumerate(args.students):  # alternate which server goes first
        order = [course_server, stock_server] if i % 2 == 0 else [stock_server, course_server]
        for start in order:
            if start is stock_server and n > args.stock_up_to:
                continue
            with start() as server:
                rows.append(run_class(server, n, args.requests, count))
                print(rows[-1], flush=True)
    print(
        f"\nmachine: {os.cpu_count()} CPUs, load average at start {load:.1f}, at end {os.getloadavg()[0]:.1f}; "
        f"{args.requests} requests per student"
    )
    print("| students | server | served | TTFT p50 / p95 (s) | aggregate tok/s | wall (s) | peak RSS (GB) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['students']} | {r['server']} | {r['served']}/{r['requests']} | {r['p50']:.2f} / {r['p95']:.2f} | "
            f"{r['tok_s']:.1f} | {r['wall']:.0f} | {r['rss_gb']:.2f} |"
        )


if __name__ == "__main__":
    main()
