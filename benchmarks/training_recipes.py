"""Notebook 05's classifier and fine-tuning job: the recipe before issue 21's seventh pass and after, alternating.

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python benchmarks/training_recipes.py [--rounds 2]

- classifier (`helpers.sentiment.train_sentiment_classifier`, the recipe of 05's `Trainer` section):
  before, 2 epochs at 2e-4 with the word embeddings frozen; after, 1 epoch at 4e-4 with the embeddings and the
  bottom 3 encoder layers frozen. Seconds and test accuracy.
- job (`helpers.server.lora.train_lora`, what 05's job runs on the course server): 2 epochs (before) and 1
  (after). Seconds of training, validation loss, and how many of the 16 held-out questions the adapter answers
  with "Arr, matey!" (greedy, 8 tokens).

Every run is a fresh process; run it alone on the machine. Prints one JSON line per run, then the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECIPES = {
    "classifier": {"before": {"epochs": 2, "learning_rate": 2e-4, "frozen_layers": 0}, "after": {}},
    "job": {"before": {"n_epochs": 2}, "after": {"n_epochs": 1}},
}


def classifier(settings: dict) -> dict:
    from helpers.models import KIT
    from helpers.sentiment import train_sentiment_classifier

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        metrics = train_sentiment_classifier(out, str(KIT["embeddings"].path), **settings)
        return {"seconds": round(time.perf_counter() - start, 2), "accuracy": round(metrics["eval_accuracy"], 3)}


def job(settings: dict) -> dict:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from helpers.models import model_for
    from helpers.server import lora

    train, valid = (
        [json.loads(line) for line in (ROOT / "data" / "finetune" / name).read_text().splitlines()]
        for name in ("train.jsonl", "validation.jsonl")
    )
    base = Path(model_for("chat"))
    lora.load_for_training(base, 42)  # warm the imports, as in a running server
    events: list[dict] = []
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        lora.train_lora(
            base,
            train,
            valid,
            lora.TrainingSettings(**settings),
            Path(out),
            lambda _, data: events.append(data),
            threading.Event(),
        )
        seconds = time.perf_counter() - start
        tokenizer = AutoTokenizer.from_pretrained(base)
        model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base, dtype=torch.bfloat16), out)
        style = 0
        for record in valid:
            prompt = tokenizer.apply_chat_template(
                record["messages"][:-1], add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
            output = model.generate(**prompt, max_new_tokens=8, do_sample=False)
            answer = tokenizer.decode(output[0, prompt["input_ids"].shape[1] :], skip_special_tokens=True)
            style += answer.startswith("Arr, matey!")
    losses = [e["valid_loss"] for e in events if "valid_loss" in e]
    return {"seconds": round(seconds, 2), "valid_loss": losses[-1], "style": f"{style}/{len(valid)}"}


def run(what: str, recipe: str) -> dict:
    """One run in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--one", what, recipe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--one", nargs=2, metavar=("WHAT", "RECIPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        what, recipe = args.one
        print(json.dumps((classifier if what == "classifier" else job)(RECIPES[what][recipe])))
        return
    results: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.rounds):
        for what in RECIPES:
            for recipe in ("before", "after"):
                result = run(what, recipe)
                results.setdefault((what, recipe), []).append(result)
                print(json.dumps({"what": what, "recipe": recipe, **result}), flush=True)
    for (what, recipe), runs in results.items():
        print(f"{what:>10} {recipe:>6}: median {statistics.median(r['seconds'] for r in runs):.1f} s", runs)


if __name__ == "__main__":
    main()
