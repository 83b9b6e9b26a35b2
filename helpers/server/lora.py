"""A real, small LoRA fine-tune (peft) of the local chat model on chat examples, on CPU.

Measured on 2 CPU cores (see benchmarks/README.md): notebook 05's 72 pirate-tutor examples learn the
"Arr, matey!" opening in one epoch, ~6 s of training (the default, 2 epochs: ~10 s). LoRA goes on the top
layers only: the frozen bottom layers run once per example, 8 examples at a time (their outputs are reused
every epoch, the validation file's too), backpropagation stops at the top layers, and the vocabulary
projection runs only where the answer is.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import torch

from .loading import MODEL_LOADING

DEFAULT_EPOCHS = 2
BATCH_SIZE = 4
LEARNING_RATE = 2e-3  # learning_rate_multiplier scales this
LORA_RANK = 8
TOP_LAYERS = 8  # LoRA on the last N decoder layers
MAX_LENGTH = 256  # tokens per example (longer examples are cut)
FROZEN_BATCH = 8  # examples per pass through the frozen bottom layers
TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


Example = tuple[torch.Tensor, list[int], list[int]]  # frozen states, input ids, labels


@dataclass(frozen=True)
class TrainingSettings:
    n_epochs: int = DEFAULT_EPOCHS
    batch_size: int = BATCH_SIZE
    lr_multiplier: float = 1.0
    seed: int = 42


class Cancelled(Exception):
    """The job was cancelled: training stopped at the next example or step."""


def train_lora(
    base_path: Path,
    records: list[dict],
    valid: list[dict] | None,
    hyper: TrainingSettings,
    out_dir: Path,
    report: Callable[[str, dict], None],
    cancel: threading.Event,
) -> int:
    """Train, save the adapter in `out_dir` and return the trained token count; raises `Cancelled`."""

    def check() -> None:
        if cancel.is_set():
            raise Cancelled

    tokenizer, model = load_for_training(base_path, hyper.seed)
    split = model.config.num_hidden_layers - TOP_LAYERS
    examples = _prepared(model, tokenizer, records, split, check)
    valid_examples = _prepared(model, tokenizer, valid, split, check) if valid else []
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=LEARNING_RATE * hyper.lr_multiplier
    )
    total = math.ceil(len(examples) / hyper.batch_size) * hyper.n_epochs
    step, rng = 0, random.Random(hyper.seed)
    model.train()
    for epoch in range(hyper.n_epochs):
        order = list(range(len(examples)))
        rng.shuffle(order)
        for start in range(0, len(order), hyper.batch_size):
            check()
            loss = _loss(model, [examples[i] for i in order[start : start + hyper.batch_size]], split)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            step += 1
            check()  # no step event after a cancel
            report(
                f"Step {step}/{total}: training loss={loss.item():.4f}",
                {"step": step, "total_steps": total, "train_loss": round(loss.item(), 4)},
            )
        if valid_examples:
            vloss = _validation_loss(model, valid_examples, check)
            report(
                f"Epoch {epoch + 1}: validation loss={vloss:.4f}",
                {"step": step, "epoch": epoch + 1, "valid_loss": round(vloss, 4)},
            )
    check()
    model.save_pretrained(out_dir)
    return sum(len(ids) for _, ids, _ in examples) * hyper.n_epochs


def load_for_training(base_path: Path, seed: int):
    """The tokenizer and the base model with fresh LoRA layers on its top layers (seeded)."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    with MODEL_LOADING:  # never beside another load: from_pretrained is not thread-safe (loading.py)
        torch.manual_seed(seed)
        tokenizer = AutoTokenizer.from_pretrained(base_path)
        model = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.bfloat16)
        layers = model.config.num_hidden_layers
        config = LoraConfig(
            r=LORA_RANK,
            lora_alpha=2 * LORA_RANK,
            lora_dropout=0.0,
            target_modules=TARGET_MODULES,
            task_type="CAUSAL_LM",
            layers_to_transform=list(range(layers - TOP_LAYERS, layers)),
        )
        return tokenizer, get_peft_model(model, config)


def _prepared(model, tokenizer, records: list[dict], split: int, check: Callable[[], None]) -> list[Example]:
    """Tokenize the records and run the frozen bottom layers once, FROZEN_BATCH examples at a time.

    Cancel is checked per batch: pre-processing a big file can take minutes."""
    tokenized = [_tokenize(tokenizer, record) for record in records]
    examples = []
    for start in range(0, len(tokenized), FROZEN_BATCH):
        check()
        chunk = tokenized[start : start + FROZEN_BATCH]
        states = _frozen_states(model, [ids for ids, _ in chunk], split)
        examples += [(state, ids, labels) for state, (ids, labels) in zip(states, chunk)]
    return examples


def _validation_loss(model, valid: list[Example], check: Callable[[], None]) -> float:
    check()
    model.eval()
    with torch.no_grad():
        loss = _loss(model, valid, model.config.num_hidden_layers - TOP_LAYERS).item()
    model.train()
    return loss


def _tokenize(tokenizer, record: dict) -> tuple[list[int], list[int]]:
    """Input ids and labels; only the final assistant answer is learned (the prompt is masked with -100)."""
    messages = record["messages"]
    prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=True, return_dict=True)[
        "input_ids"
    ]
    full = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True)["input_ids"]
    full = list(full)[:MAX_LENGTH]
    labels = [-100] * min(len(prompt), len(full)) + full[len(prompt) :]
    return full, labels


class _Layers:
    """Run only some decoder layers of the (wrapped) Llama model, optionally without the final norm."""

    def __init__(self, model, start: int, stop: int | None, final_norm: bool):
        self.inner = model.get_base_model().model
        self.layers, self.norm = self.inner.layers, self.inner.norm
        self.slice, self.final_norm = slice(start, stop), final_norm

    def __enter__(self):
        self.inner.layers = torch.nn.ModuleList(list(self.layers)[self.slice])
        if not self.final_norm:
            self.inner.norm = torch.nn.Identity()
        return self.inner

    def __exit__(self, *exc) -> None:
        self.inner.layers, self.inner.norm = self.layers, self.norm


def _frozen_states(model, batch: list[list[int]], split: int) -> list[torch.Tensor]:
    """Hidden states after the frozen bottom layers, one tensor per example: computed once, reused every epoch.

    Right padding is safe: with causal attention, real tokens never look at the pads after them."""
    width = max(len(ids) for ids in batch)
    input_ids = torch.tensor([ids + [0] * (width - len(ids)) for ids in batch])
    mask = torch.tensor([[1] * len(ids) + [0] * (width - len(ids)) for ids in batch])
    with torch.no_grad(), _Layers(model, 0, split, final_norm=False) as bottom:
        hidden = bottom(input_ids=input_ids, attention_mask=mask).last_hidden_state
    return [hidden[row, : len(ids)].clone() for row, ids in enumerate(batch)]


def _loss(model, batch: list[Example], split: int) -> torch.Tensor:
    """Mean cross-entropy over answer tokens: top (LoRA) layers only, vocabulary projection only where needed.

    Right padding is safe here: with causal attention, real tokens never look at the pads after them.
    """
    width = max(len(ids) for _, ids, _ in batch)
    states = torch.zeros((len(batch), width, batch[0][0].shape[-1]), dtype=batch[0][0].dtype)
    for row, (state, _, _) in enumerate(batch):
        states[row, : len(state)] = state
    labels = torch.tensor([lab + [-100] * (width - len(lab)) for _, _, lab in batch])
    mask = torch.tensor([[1] * len(i) + [0] * (width - len(i)) for _, i, _ in batch])
    with _Layers(model, split, None, final_norm=True) as top:
        hidden = top(inputs_embeds=states, attention_mask=mask).last_hidden_state
    targets = labels[:, 1:]
    keep = targets != -100
    logits = model.get_base_model().lm_head(hidden[:, :-1][keep]).float()
    return torch.nn.functional.cross_entropy(logits, targets[keep])
