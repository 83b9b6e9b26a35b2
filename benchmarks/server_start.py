"""A notebook's first waits on the course server: spawn -> ready, then the first chat answer and the first
embeddings (the embedder loads in the background after ready, as in a notebook).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/server_start.py [--rounds 3] [CHECKOUT ...]

Each round starts one fresh server per checkout (default: this one; e.g. a `git worktree` of an older
commit beside it), alternating, each from a fresh process. Run it alone on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure() -> dict:
    """In this process (cwd = a checkout): start its server, time the first calls; stop it."""
    sys.path.insert(0, os.getcwd())
    start = time.perf_counter()
    from helpers.server.process import start_server, stop_server

    import openai

    handle = start_server()
    ready = time.perf_counter() - start
    client = openai.OpenAI(base_url=handle.base_url, api_key=handle.token)
    client.chat.completions.create(
        model=client.models.list().data[0].id, messages=[{"role": "user", "content": "Hi"}], max_completion_tokens=4
    )
    chat = time.perf_counter() - start
    embedding_id = next(m.id for m in client.models.list().data if "MiniLM" in m.id)
    client.embeddings.create(model=embedding_id, input=["Hello world"])
    embeddings = time.perf_counter() - start
    stop_server()
    return {"ready": round(ready, 2), "first chat": round(chat, 2), "first embeddings": round(embeddings, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("checkouts", nargs="*", default=[str(ROOT)])
    args = parser.parse_args()
    if args.measure:
        return print(json.dumps(measure()))
    results: dict[str, list[dict]] = {path: [] for path in args.checkouts}
    for round_ in range(args.rounds):
        for path in args.checkouts:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--measure"],
                cwd=path,
                env={**os.environ, "PYTHONPATH": path, "HF_HUB_OFFLINE": "1", "COURSE_SHARED_SERVER": "0"},
                capture_output=True,
                text=True,
                check=True,
            )
            results[path].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"round {round_ + 1} {path}: {results[path][-1]}", flush=True)
    for path, rows in results.items():
        medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
        print(f"{path}: medians (seconds after spawn) {medians}")


if __name__ == "__main__":
    main()
