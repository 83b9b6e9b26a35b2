"""The server's embedder in float32 (as the kit's folder ships) and in bf16 with packed linears, alternating.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python benchmarks/embeddings.py [--rounds 3]

Notebook 07's work: its 194 chunks of the course's notebooks (100 words, 20 overlapping), then its 16 held-out
questions. Prints seconds per round for each, the median, the smallest cosine between the two vectors of a
chunk, and the retrieval both give: how many questions get the same top 3 chunks, and the hit rate @3 (a top-3
chunk holds the key fact, as 07 measures it). Run it alone on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from helpers.capstone import chunk_words, has_fact, load_documents, load_questions, make_chunks, top_chunks
from helpers.models import model_for
from helpers.server.embeddings import MeanPooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    chunks = make_chunks(load_documents(), lambda text: chunk_words(text, 100, 20))
    texts, questions = [c["text"] for c in chunks], load_questions()
    path = Path(model_for("embeddings"))
    encoders = {"float32": MeanPooled(path, fast=False), "bf16 packed": MeanPooled(path, fast=True)}
    seconds: dict[str, list[float]] = {name: [] for name in encoders}
    vectors = {}
    for _ in range(args.rounds):
        for name, encoder in encoders.items():
            start = time.perf_counter()
            vectors[name] = encoder.encode(texts)
            seconds[name].append(time.perf_counter() - start)
    print(f"{len(texts)} chunks, seconds per round (median):")
    for name, times in seconds.items():
        print(f"  {name:12} {', '.join(f'{t:.2f}' for t in times)}  ({statistics.median(times):.2f})")
    a, b = vectors["float32"], vectors["bf16 packed"]
    print(f"smallest cosine between a chunk's two vectors: {float((a * b).sum(1).min()):.6f}")
    found = {}
    for name, encoder in encoders.items():
        asked = encoder.encode([q["question"] for q in questions])
        found[name] = [[c["id"] for c in top_chunks(vectors[name], chunks, v, 3)] for v in asked]
        by_id = {c["id"]: c["text"] for c in chunks}
        hits = [any(has_fact(by_id[i], q["facts"]) for i in ids) for ids, q in zip(found[name], questions)]
        print(f"  {name:12} hit rate @3: {np.mean(hits):.0%}")
    same = sum(x == y for x, y in zip(found["float32"], found["bf16 packed"]))
    print(f"questions with the same top 3 chunks, in order: {same} of {len(questions)}")


if __name__ == "__main__":
    main()
