"""Benchmark: the course server versus stock `transformers serve` on the same SmolLM2 folder (bf16).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/server.py                # both servers, 4 alternating rounds
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/server.py --rounds 6 --embeddings
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/server.py --finetune     # the notebook fine-tune only

Both servers run at once and are measured in turn, in alternating order (course, stock; stock, course;
...), so load that rises or falls during a run favours neither. Each round measures, with the same
prompts: time to first token (streamed, median of 3), single-stream decode tok/s (64 new tokens, streamed
and not), the aggregate tok/s of 4 concurrent requests, how long `GET /v1/models` takes while the
server is busy generating, and fairness: a 5-token answer alone and sent 1 s after a 300-token request. Prints medians and spread (min–max) over the rounds as a Markdown table.

Also measured: the machine's memory bandwidth (reading a 1 GB tensor), and for each engine the fraction of
it that single-stream decoding reaches: the weight bytes one decoding step reads times the tokens per
second. A decoding step of a 135M model must read every weight once, so that fraction says how close an
engine is to the machine's limit. COURSE_FOUR_BIT=0 serves the course server with bf16 weights only.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from openai import OpenAI

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PeakRSS, Served, course_server, median_spread, percentile, stock_server  # noqa: E402

from helpers.models import KIT  # noqa: E402
from helpers.server.process import start_server, stop_server  # noqa: E402
from helpers.settings import LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL  # noqa: E402

STORY = [{"role": "user", "content": "Write a long, detailed story about a dragon who learns to bake bread."}]
CONCURRENT = [
    [{"role": "user", "content": q}]
    for q in (
        "Write a long story about a cat who sails the ocean.",
        "Explain in detail how rainbows form, step by step.",
        "Write a long poem about the mountains in winter.",
        "Describe the history of the printing press in detail.",
    )
]
TTFT_PROMPT = [{"role": "user", "content": "What is the capital of France?"}]
SENTENCES = [
    f"Sentence number {i} is about {w} and how learners use it in class."
    for i, w in enumerate(["cats", "physics", "cooking", "music", "travel", "history", "code", "art"] * 64)
]
NEW_TOKENS = 64


def ttft(server: Served, runs: int = 3) -> float:
    """Seconds until the first non-empty streamed delta (median of `runs`)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for chunk in server.client.chat.completions.create(
            model=server.model, messages=TTFT_PROMPT, max_tokens=8, temperature=0, stream=True
        ):
            if chunk.choices and chunk.choices[0].delta.content:
                times.append(time.perf_counter() - start)
                break
    return sorted(times)[len(times) // 2]


def one_request(server: Served, messages: list[dict]) -> tuple[int, float]:
    """(completion tokens, seconds) of one non-streamed greedy request."""
    start = time.perf_counter()
    reply = server.client.chat.completions.create(
        model=server.model, messages=messages, max_tokens=NEW_TOKENS, temperature=0
    )
    return reply.usage.completion_tokens, time.perf_counter() - start


def streamed(server: Served, messages: list[dict]) -> tuple[float, float]:
    """(seconds to the first delta, seconds to the end of the stream) of one streamed greedy request."""
    start, first = time.perf_counter(), None
    for chunk in server.client.chat.completions.create(
        model=server.model, messages=messages, max_tokens=NEW_TOKENS, temperature=0, stream=True
    ):
        if first is None and chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter() - start
    return first or 0.0, time.perf_counter() - start


def fairness(server: Served) -> tuple[float, float]:
    """Seconds for a 5-token answer alone, and sent 1 s after a 300-token request started (as in issue 11)."""

    def short() -> float:
        start = time.perf_counter()
        server.client.chat.completions.create(model=server.model, messages=TTFT_PROMPT, max_tokens=5, temperature=0)
        return time.perf_counter() - start

    alone = short()
    long = threading.Thread(
        target=lambda: server.client.chat.completions.create(
            model=server.model, messages=STORY, max_tokens=300, temperature=0
        )
    )
    long.start()
    time.sleep(1)
    behind = short()
    long.join()
    return alone, behind


class ModelsPoller(threading.Thread):
    """Times `GET /v1/models` every 0.2 s on its own connection while the server is busy."""

    def __init__(self, server: Served):
        super().__init__(daemon=True)
        self.client = OpenAI(base_url=str(server.client.base_url), api_key=server.client.api_key, max_retries=0)
        self.times, self.running = [], True
        self.start()

    def run(self) -> None:
        while self.running:
            start = time.perf_counter()
            self.client.models.list()
            self.times.append(time.perf_counter() - start)
            time.sleep(0.2)

    def stop(self) -> list[float]:
        self.running = False
        self.join()
        return self.times


def measure_round(server: Served) -> dict:
    """One round of every chat measurement on one server."""
    first = ttft(server)
    tokens, seconds = one_request(server, STORY)
    poller = ModelsPoller(server)
    stream_first, stream_end = streamed(server, STORY)
    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda m: one_request(server, m), CONCURRENT))
    wall = time.perf_counter() - start
    busy = poller.stop()
    alone, behind = fairness(server)
    return {
        "short_alone_s": alone,
        "short_behind_long_s": behind,
        "ttft_ms": first * 1000,
        "tokens": tokens,
        "single_tok_s": (tokens - 1) / (seconds - first),
        "stream_tok_s": (tokens - 1) / (stream_end - stream_first),
        "concurrent_tok_s": sum(t for t, _ in results) / wall,
        "models_busy_ms": [t * 1000 for t in busy],
    }


def measure_embeddings(server: Served) -> dict:
    """512 sentences through the server (base64) versus sentence-transformers in this process."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(KIT["embeddings"].path), device="cpu")
    model.encode(SENTENCES[:64], batch_size=64)
    start = time.perf_counter()
    model.encode(SENTENCES, batch_size=64, normalize_embeddings=True)
    direct = len(SENTENCES) / (time.perf_counter() - start)
    server.client.embeddings.create(model=LOCAL_EMBEDDING_MODEL, input=SENTENCES[:64], encoding_format="base64")
    start = time.perf_counter()
    server.client.embeddings.create(model=LOCAL_EMBEDDING_MODEL, input=SENTENCES, encoding_format="base64")
    served = len(SENTENCES) / (time.perf_counter() - start)
    return {"direct_per_s": direct, "served_per_s": served}


def memory_bandwidth_gb_s(gigabytes: float = 1.0, repeats: int = 5) -> float:
    """The best of `repeats` reads of a `gigabytes` float32 tensor (torch's sum: all cores), in GB/s."""
    import torch

    data = torch.ones(int(gigabytes * 1e9 / 4))
    data.sum()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        data.sum()
        best = min(best, time.perf_counter() - start)
    return data.numel() * 4 / best / 1e9


def bytes_per_step(four_bit: bool) -> float:
    """Weight bytes one decoding step of the chat model reads: the 210 linears of the 30 layers (bf16, or
    4-bit codes plus a bf16 scale and zero per 32 weights) and the bf16 head (tied to the embeddings)."""
    import json

    config = json.loads((Path(KIT["chat"].path) / "config.json").read_text())
    hidden, inter, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    kv = config["num_key_value_heads"] * hidden // config["num_attention_heads"]
    linears = layers * (2 * hidden * hidden + 2 * hidden * kv + 3 * hidden * inter)
    head = config["vocab_size"] * hidden
    return (linears * (0.5 + 2 * 2 / 32) if four_bit else 2 * linears) + 2 * head


def compare(rounds: int, embeddings: bool) -> tuple[dict, dict]:
    """Both servers up at once; rounds in alternating order. Returns per-server lists of round results."""
    with ExitStack() as stack:
        servers = [stack.enter_context(course_server()), stack.enter_context(stock_server())]
        rss = {s.name: PeakRSS(s.pid) for s in servers}
        for s in servers:  # warm-up, not measured
            one_request(s, TTFT_PROMPT)
        results = {s.name: [] for s in servers}
        for r in range(rounds):
            for s in servers if r % 2 == 0 else servers[::-1]:
                results[s.name].append(measure_round(s))
                print(f"round {r + 1} {s.name}: {results[s.name][-1]['stream_tok_s']:.1f} tok/s streamed", flush=True)
        extra = {s.name: {"ready_s": s.ready_s, "peak_rss_chat_gb": rss[s.name].stop()} for s in servers}
        if embeddings:
            rss_all = PeakRSS(servers[0].pid)
            extra[servers[0].name].update(measure_embeddings(servers[0]))
            extra[servers[0].name]["peak_rss_gb"] = max(rss_all.stop(), extra[servers[0].name]["peak_rss_chat_gb"])
        return results, extra


def table(results: dict, extra: dict) -> str:
    names = list(results)
    rows = [
        ("time to first token (ms)", "ttft_ms", "{:.0f}"),
        ("single stream, not streamed (tok/s)", "single_tok_s", "{:.1f}"),
        ("single stream, streamed (tok/s after the first token)", "stream_tok_s", "{:.1f}"),
        ("4 concurrent requests, aggregate (tok/s)", "concurrent_tok_s", "{:.1f}"),
        ("5-token answer alone (s)", "short_alone_s", "{:.2f}"),
        ("5-token answer sent 1 s after a 300-token request (s)", "short_behind_long_s", "{:.2f}"),
    ]
    lines = [
        f"| metric (median (min–max) of {len(results[names[0]])} rounds) | " + " | ".join(names) + " | ratio |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for label, key, fmt in rows:
        values = [[r[key] for r in results[n]] for n in names]
        medians = [sorted(v)[len(v) // 2] for v in values]
        lines.append(
            f"| {label} | " + " | ".join(median_spread(v, fmt) for v in values) + f" | {medians[0] / medians[1]:.2f}× |"
        )
    busy = [[t for r in results[n] for t in r["models_busy_ms"]] for n in names]
    lines.append(
        "| `GET /v1/models` while generating: median / p95 / max (ms) | "
        + " | ".join(f"{percentile(b, 50):.0f} / {percentile(b, 95):.0f} / {max(b):.0f} ({len(b)} calls)" for b in busy)
        + " | |"
    )
    lines.append(
        "| ready after process start (s) | " + " | ".join(f"{extra[n]['ready_s']:.1f}" for n in names) + " | |"
    )
    lines.append(
        "| peak RSS during chat (GB) | " + " | ".join(f"{extra[n]['peak_rss_chat_gb']:.2f}" for n in names) + " | |"
    )
    ours = extra[names[0]]
    if "served_per_s" in ours:
        lines.append(
            f"| embeddings, 512 sentences (per s): server (base64) / sentence-transformers direct | "
            f"{ours['served_per_s']:.0f} / {ours['direct_per_s']:.0f} "
            f"({100 * ours['served_per_s'] / ours['direct_per_s']:.0f}%) | no endpoint | |"
        )
        lines.append(f"| peak RSS incl. embeddings (GB) | {ours['peak_rss_gb']:.2f} | | |")
    return "\n".join(lines)


def run_finetune(held_out: str = "Why do cats purr?") -> dict:
    """The notebook's fine-tune: data/finetune/train.jsonl (+ validation.jsonl) with the default settings."""
    from helpers.settings import DATA_DIR

    server = start_server()
    client = OpenAI(base_url=server.base_url, api_key=server.token, max_retries=0)
    train = client.files.create(file=(DATA_DIR / "finetune" / "train.jsonl").open("rb"), purpose="fine-tune")
    valid = client.files.create(file=(DATA_DIR / "finetune" / "validation.jsonl").open("rb"), purpose="fine-tune")
    start = time.perf_counter()
    job = client.fine_tuning.jobs.create(
        model=LOCAL_CHAT_MODEL, training_file=train.id, validation_file=valid.id, suffix="pirate"
    )
    while job.status not in ("succeeded", "failed", "cancelled"):
        time.sleep(1)
        job = client.fine_tuning.jobs.retrieve(job.id)
    seconds = time.perf_counter() - start
    messages = [
        {"role": "system", "content": "You are Captain Byte, the course's pirate tutor."},
        {"role": "user", "content": held_out},
    ]
    answers = {
        name: client.chat.completions.create(model=name, messages=messages, temperature=0, max_tokens=30)
        .choices[0]
        .message.content
        for name in (job.fine_tuned_model, LOCAL_CHAT_MODEL)
    }
    events = client.fine_tuning.jobs.list_events(job.id, limit=1000).data
    stop_server()
    return {
        "status": job.status,
        "seconds": seconds,
        "examples": sum(1 for _ in (DATA_DIR / "finetune" / "train.jsonl").open()),
        "steps": max((e.data.get("step", 0) for e in events), default=0),
        "held_out": held_out,
        "tuned": answers[job.fine_tuned_model],
        "base": answers[LOCAL_CHAT_MODEL],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--embeddings", action="store_true", help="also time embeddings through the server")
    parser.add_argument("--finetune", action="store_true", help="only time the 60+ example fine-tune")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    if args.finetune:
        print(f"load average at start {load:.1f}", run_finetune())
        sys.exit(0)
    bandwidth = memory_bandwidth_gb_s()
    results, extra = compare(args.rounds, args.embeddings)
    print(f"machine: {os.cpu_count()} CPUs, load average at start {load:.1f}, at end {os.getloadavg()[0]:.1f}")
    print(table(results, extra))
    four_bit = os.environ.get("COURSE_FOUR_BIT", "1") != "0"
    print(f"\nmemory bandwidth (1 GB read): {bandwidth:.1f} GB/s")
    for name, step_bytes in (
        ("course server", bytes_per_step(four_bit)),
        ("stock transformers serve", bytes_per_step(False)),
    ):
        tok_s = sorted(r["single_tok_s"] for r in results[name])[len(results[name]) // 2]
        print(
            f"{name}: {step_bytes / 1e6:.0f} MB of weights per token x {tok_s:.1f} tok/s (not streamed) = "
            f"{step_bytes * tok_s / 1e9:.1f} GB/s, {100 * step_bytes * tok_s / 1e9 / bandwidth:.0f} % of the machine's"
        )
