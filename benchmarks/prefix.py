"""What computing shared prompt beginnings once saves (helpers/server/prefix_cache.py), and what it changes.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/prefix.py [--rounds 3]

One engine, as the course server runs it (bf16, 4-bit decoding), with its prefix cache off and on in
alternating rounds (the cache emptied before each). Three workloads:
1. notebook 06's classification: 36 tickets x 3 prompts (zero-shot free text, zero-shot, three fixed
   examples), 12 tokens each, sent through a pool of 16 threads as the notebook does;
2. one after another: 12 tickets with the same system prompt, each sent when the last one is answered;
3. a class of 32: the same system prompt, 32 different tickets at once.
Reports the median seconds (and spread), the prompt tokens run through the model, and how many greedy
answers are identical with the cache off and on (bf16: the same sums grouped differently can flip a word).
Run it alone on the machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from helpers.models import KIT  # noqa: E402
from helpers.server.engine import Delta, Engine, Generation  # noqa: E402
from helpers.server.prefix_cache import PrefixCache  # noqa: E402

SYSTEM = """You route customer support messages to one team.
billing: payments, charges, refunds, invoices, prices, credit cards, subscriptions.
technical: the app or website does not work: crashes, errors, bugs, login, passwords, connections.
shipping: parcels and deliveries: tracking, couriers, addresses, late, lost or damaged packages."""


def rows(name: str) -> list[dict]:
    with open(ROOT / "data" / "apps" / name, newline="") as f:
        return list(csv.DictReader(f))


def workloads() -> dict[str, tuple[list[list[dict]], int]]:
    """Each workload's chats and how many are in flight at once."""
    tickets, examples = [r["text"] for r in rows("tickets.csv")], rows("ticket_examples.csv")
    fixed = [next(r for r in examples if r["label"] == label) for label in ("billing", "technical", "shipping")]

    def ask(text: str, system: str = SYSTEM, shots: list[dict] = ()) -> list[dict]:
        chat = [{"role": "system", "content": system}]
        for shot in shots:
            chat += [
                {"role": "user", "content": f'Message: """{shot["text"]}"""'},
                {"role": "assistant", "content": json.dumps({"team": shot["label"]})},
            ]
        return chat + [{"role": "user", "content": f'Message: """{text}"""'}]

    classify = (
        [ask(t, SYSTEM + "\nReply with the team's name only.") for t in tickets]
        + [ask(t) for t in tickets]
        + [ask(t, shots=fixed) for t in tickets]
    )
    questions = tickets[:32]
    return {
        "06's classification (16 at a time)": (classify, 16),
        "one after another": ([ask(t) for t in tickets[:12]], 1),
        "a class of 32 at once": ([ask(q) for q in questions], 32),
    }


def answer(engine: Engine, chat: list[dict]) -> str:
    text, done = [], threading.Event()

    def emit(event) -> None:
        text.append(event.text) if isinstance(event, Delta) else done.set()

    engine.submit(Generation(prompt_ids=engine.encode_chat(chat), max_new_tokens=12, temperature=0.0, emit=emit))
    done.wait()
    return "".join(text)


def run(engine: Engine, chats: list[list[dict]], at_once: int, cache: bool) -> tuple[float, int, list[str]]:
    engine.prefixes = PrefixCache() if cache else None
    before = engine.prompt_tokens["computed"]
    start = time.perf_counter()
    with ThreadPoolExecutor(at_once) as pool:
        answers = list(pool.map(lambda chat: answer(engine, chat), chats))
    return time.perf_counter() - start, engine.prompt_tokens["computed"] - before, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    engine = Engine(KIT["chat"].path, background=False)  # decoding in the main thread, as in the server

    def measure_then_exit() -> None:
        measure(engine, args.rounds)
        os._exit(0)

    threading.Thread(target=measure_then_exit, daemon=True).start()
    engine.serve()


def measure(engine: Engine, rounds: int) -> None:
    print(f"load average at start: {Path('/proc/loadavg').read_text().split()[:3]}")
    print("| workload | cache | seconds (median, min–max) | prompt tokens run | answers identical |")
    print("|---|---|---|---|---|")
    for name, (chats, at_once) in workloads().items():
        run(engine, chats[:4], at_once, cache=False)  # warm up
        seconds, tokens, answers = {False: [], True: []}, {}, {}
        for _ in range(rounds):
            for cache in (False, True):
                s, tokens[cache], answers[cache] = run(engine, chats, at_once, cache)
                seconds[cache].append(s)
        same = sum(a == b for a, b in zip(answers[False], answers[True]))
        for cache in (False, True):
            s = seconds[cache]
            print(
                f"| {name} ({len(chats)} chats) | {'on' if cache else 'off'} | {statistics.median(s):.2f} "
                f"({min(s):.2f}–{max(s):.2f}) | {tokens[cache]} | {f'{same}/{len(chats)}' if cache else '—'} |",
                flush=True,
            )
    print(f"load average at end: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
