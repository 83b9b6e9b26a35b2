"""Fine-tuning jobs: a real, small LoRA fine-tune (peft) of the local chat model on an uploaded chat JSONL.

Jobs run one at a time in a background thread, with OpenAI's statuses (validating_files, queued,
running, succeeded, failed, cancelled) and events (one "metrics" event per step with the loss).
The result is a LoRA adapter folder; the engine loads it when a request names the fine-tuned model id.
"""
from __future__ import annotations

import math
import queue
import random
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import torch

from .errors import bad_request, not_found

# Defaults measured on 2 CPU cores (see benchmarks/README.md): 60+ pirate-tutor examples learn the
# "Arr, matey!" opening in < 3 min. LoRA goes on the top layers only: the frozen bottom layers run once
# per example (their outputs are reused every epoch), backpropagation stops at the top layers, and the
# vocabulary projection runs only where the answer is.
DEFAULT_EPOCHS = 2
BATCH_SIZE = 4
LEARNING_RATE = 2e-3  # learning_rate_multiplier scales this
LORA_RANK = 8
TOP_LAYERS = 8  # LoRA on the last N decoder layers
MAX_LENGTH = 256  # tokens per example (longer examples are cut)
TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


@dataclass
class Job:
    id: str
    model: str
    training_file: str
    validation_file: str | None
    n_epochs: int
    batch_size: int
    lr_multiplier: float
    seed: int
    suffix: str | None
    status: str = "validating_files"
    created_at: int = field(default_factory=lambda: int(time.time()))
    finished_at: int | None = None
    fine_tuned_model: str | None = None
    trained_tokens: int | None = None
    error: dict | None = None
    events: list[dict] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event)

    def to_dict(self) -> dict:
        hyper = {"n_epochs": self.n_epochs, "batch_size": self.batch_size,
                 "learning_rate_multiplier": self.lr_multiplier}
        return {"id": self.id, "object": "fine_tuning.job", "created_at": self.created_at, "error": self.error,
                "fine_tuned_model": self.fine_tuned_model, "finished_at": self.finished_at,
                "hyperparameters": hyper, "model": self.model, "organization_id": "org-course",
                "result_files": [], "seed": self.seed, "status": self.status, "trained_tokens": self.trained_tokens,
                "training_file": self.training_file, "validation_file": self.validation_file,
                "estimated_finish": None, "integrations": [], "metadata": None,
                "method": {"type": "supervised", "supervised": {"hyperparameters": hyper}}}

    def event(self, message: str, level: str = "info", data: dict | None = None) -> None:
        self.events.append({"id": f"ftevent-{uuid.uuid4().hex[:20]}", "object": "fine_tuning.job.event",
                            "created_at": int(time.time()), "level": level, "message": message,
                            "data": data or {}, "type": "metrics" if data else "message"})


def _tokenize(tokenizer, record: dict) -> tuple[list[int], list[int]]:
    """Input ids and labels; only the final assistant answer is learned (the prompt is masked with -100)."""
    messages = record["messages"]
    prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=True,
                                           return_dict=True)["input_ids"]
    full = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True)["input_ids"]
    full = list(full)[:MAX_LENGTH]
    labels = [-100] * min(len(prompt), len(full)) + full[len(prompt):]
    return full, labels


def train_lora(base_path: Path, records: list[dict], job: Job, out_dir: Path, valid: list[dict] | None) -> None:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(job.seed)
    tokenizer = AutoTokenizer.from_pretrained(base_path)
    model = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.bfloat16)
    layers = model.config.num_hidden_layers
    model = get_peft_model(model, LoraConfig(r=LORA_RANK, lora_alpha=2 * LORA_RANK, lora_dropout=0.0,
                                             target_modules=TARGET_MODULES, task_type="CAUSAL_LM",
                                             layers_to_transform=list(range(layers - TOP_LAYERS, layers))))
    examples = [_tokenize(tokenizer, r) for r in records]
    job.trained_tokens = sum(len(ids) for ids, _ in examples) * job.n_epochs
    split = layers - TOP_LAYERS
    examples = [(_frozen_states(model, ids, split), ids, labels) for ids, labels in examples]
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad],
                                  lr=LEARNING_RATE * job.lr_multiplier)
    steps_per_epoch = math.ceil(len(examples) / job.batch_size)
    total, step, rng = steps_per_epoch * job.n_epochs, 0, random.Random(job.seed)
    model.train()
    for epoch in range(job.n_epochs):
        order = list(range(len(examples)))
        rng.shuffle(order)
        for start in range(0, len(order), job.batch_size):
            if job.cancel.is_set():
                return
            loss = _loss(model, [examples[i] for i in order[start:start + job.batch_size]], split)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            step += 1
            job.event(f"Step {step}/{total}: training loss={loss.item():.4f}",
                      data={"step": step, "total_steps": total, "train_loss": round(loss.item(), 4)})
        if valid:
            model.eval()
            with torch.no_grad():
                checks = [_tokenize(tokenizer, r) for r in valid]
                vloss = _loss(model, [(_frozen_states(model, i, split), i, lab) for i, lab in checks], split).item()
            model.train()
            job.event(f"Epoch {epoch + 1}: validation loss={vloss:.4f}",
                      data={"step": step, "epoch": epoch + 1, "valid_loss": round(vloss, 4)})
    model.save_pretrained(out_dir)


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


def _frozen_states(model, ids: list[int], split: int) -> torch.Tensor:
    """Hidden states after the frozen bottom layers: computed once per example, reused every epoch."""
    with torch.no_grad(), _Layers(model, 0, split, final_norm=False) as bottom:
        return bottom(input_ids=torch.tensor([ids])).last_hidden_state[0]


def _loss(model, batch: list[tuple[torch.Tensor, list[int], list[int]]], split: int) -> torch.Tensor:
    """Mean cross-entropy over answer tokens: top (LoRA) layers only, vocabulary projection only where needed.

    Right padding is safe here: with causal attention, real tokens never look at the pads after them.
    """
    width = max(len(ids) for _, ids, _ in batch)
    states = torch.zeros((len(batch), width, batch[0][0].shape[-1]), dtype=batch[0][0].dtype)
    for row, (state, _, _) in enumerate(batch):
        states[row, :len(state)] = state
    labels = torch.tensor([lab + [-100] * (width - len(lab)) for _, _, lab in batch])
    mask = torch.tensor([[1] * len(i) + [0] * (width - len(i)) for _, i, _ in batch])
    with _Layers(model, split, None, final_norm=True) as top:
        hidden = top(inputs_embeds=states, attention_mask=mask).last_hidden_state
    targets = labels[:, 1:]
    keep = targets != -100
    logits = model.get_base_model().lm_head(hidden[:, :-1][keep]).float()
    return torch.nn.functional.cross_entropy(logits, targets[keep])


class FineTuner:
    """Accepts jobs, runs them one at a time, and registers finished adapters with the engine."""

    def __init__(self, engine, files, base_model_id: str):
        self.engine, self.files, self.base_model_id = engine, files, base_model_id
        self.short_name = base_model_id.split("/")[-1]
        self.jobs: dict[str, Job] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="course-finetunes-"))
        self._queue: queue.Queue[Job] = queue.Queue()
        threading.Thread(target=self._worker, name="course-finetune", daemon=True).start()

    def create(self, body: dict) -> Job:
        model = body.get("model") or ""
        if model not in (self.base_model_id, self.short_name):
            raise bad_request(f"Model {model!r} cannot be fine-tuned on the course server; use "
                              f"{self.base_model_id!r} (helpers.chat_model()).", "model", "model_not_available")
        records = self.files.read_records(body.get("training_file", ""), "training_file")
        valid_id = body.get("validation_file")
        if valid_id:
            self.files.read_records(valid_id, "validation_file")
        hyper = dict(body.get("hyperparameters") or {})
        method = body.get("method") or {}
        hyper.update((method.get("supervised") or {}).get("hyperparameters") or {})
        n_epochs = hyper.get("n_epochs", "auto")
        n_epochs = DEFAULT_EPOCHS if n_epochs in ("auto", None) else n_epochs
        batch = hyper.get("batch_size", "auto")
        batch = BATCH_SIZE if batch in ("auto", None) else batch
        lr = hyper.get("learning_rate_multiplier", "auto")
        lr = 1.0 if lr in ("auto", None) else lr
        if not (isinstance(n_epochs, int) and 1 <= n_epochs <= 50):
            raise bad_request("hyperparameters.n_epochs must be 'auto' or an integer from 1 to 50.",
                              "hyperparameters.n_epochs")
        if not (isinstance(batch, int) and 1 <= batch <= 64):
            raise bad_request("hyperparameters.batch_size must be 'auto' or an integer from 1 to 64.",
                              "hyperparameters.batch_size")
        if not (isinstance(lr, (int, float)) and 0 < lr <= 100):
            raise bad_request("hyperparameters.learning_rate_multiplier must be a positive number.",
                              "hyperparameters.learning_rate_multiplier")
        suffix = body.get("suffix")
        if suffix is not None and (not isinstance(suffix, str) or len(suffix) > 64):
            raise bad_request("`suffix` must be a string of at most 64 characters.", "suffix")
        seed = body.get("seed")
        job = Job(id=f"ftjob-{uuid.uuid4().hex[:24]}", model=self.base_model_id,
                  training_file=body["training_file"], validation_file=valid_id, n_epochs=n_epochs,
                  batch_size=batch, lr_multiplier=float(lr), seed=seed if isinstance(seed, int) else 42,
                  suffix=suffix)
        job.event(f"Validating training file: {job.training_file} ({len(records)} examples)")
        job.status = "queued"
        job.event("Fine-tuning job queued")
        self.jobs[job.id] = job
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job:
        if job_id not in self.jobs:
            raise not_found(f"No such fine-tuning job: {job_id!r}. List jobs with "
                            "client.fine_tuning.jobs.list().", "fine_tuning_job_id")
        return self.jobs[job_id]

    def cancel(self, job_id: str) -> Job:
        job = self.get(job_id)
        if job.status in ("succeeded", "failed", "cancelled"):
            raise bad_request(f"Job {job_id} has already {job.status}; only queued or running jobs can be "
                              "cancelled.", "fine_tuning_job_id")
        job.cancel.set()
        job.status, job.finished_at = "cancelled", int(time.time())
        job.event("Fine-tuning job cancelled")
        return job

    def _worker(self) -> None:
        while True:
            job = self._queue.get()
            if job.cancel.is_set():
                continue
            job.status = "running"
            job.event("Fine-tuning job started")
            out_dir = self.folder / job.id
            try:
                records = self.files.read_records(job.training_file, "training_file")
                valid = self.files.read_records(job.validation_file, "validation_file") if job.validation_file else None
                train_lora(self.engine.path, records, job, out_dir, valid)
            except Exception as error:  # report, keep the worker alive
                job.status, job.finished_at = "failed", int(time.time())
                job.error = {"code": "training_failed", "message": f"Training failed: {error!r}", "param": None}
                job.event(f"Fine-tuning job failed: {error!r}", level="error")
                continue
            if job.cancel.is_set():
                shutil.rmtree(out_dir, ignore_errors=True)
                continue
            name = f"ft:{self.short_name}:course:{job.suffix or ''}:{job.id.removeprefix('ftjob-')}"
            self.engine.adapters[name] = out_dir
            job.fine_tuned_model = name
            job.status, job.finished_at = "succeeded", int(time.time())
            job.event(f"New fine-tuned model created: {name}")
            job.event("The job has successfully completed")
