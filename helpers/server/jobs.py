"""Fine-tuning jobs: a queue that runs one LoRA training (lora.py) at a time in a background thread.

OpenAI's statuses (validating_files, queued, running, succeeded, failed, cancelled) and events (one
"metrics" event per step with the loss). A cancel is final: the job says "cancelled" at once, training
stops at the next example or step, and no event follows the cancel event.
"""

from __future__ import annotations

import queue
import shutil
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import short_name
from .errors import bad_request, not_found
from .lora import Cancelled, TrainingSettings, train_lora
from .names import names_of

FINISHED = ("succeeded", "failed", "cancelled")


@dataclass
class Job:
    id: str
    model: str
    training_file: str
    validation_file: str | None
    hyper: TrainingSettings
    suffix: str | None
    status: str = "validating_files"
    created_at: int = field(default_factory=lambda: int(time.time()))
    finished_at: int | None = None
    fine_tuned_model: str | None = None
    trained_tokens: int | None = None
    error: dict | None = None
    events: list[dict] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to_dict(self) -> dict:
        hyper = {
            "n_epochs": self.hyper.n_epochs,
            "batch_size": self.hyper.batch_size,
            "learning_rate_multiplier": self.hyper.lr_multiplier,
        }
        return {
            "id": self.id,
            "object": "fine_tuning.job",
            "created_at": self.created_at,
            "error": self.error,
            "fine_tuned_model": self.fine_tuned_model,
            "finished_at": self.finished_at,
            "hyperparameters": hyper,
            "model": self.model,
            "organization_id": "org-course",
            "result_files": [],
            "seed": self.hyper.seed,
            "status": self.status,
            "trained_tokens": self.trained_tokens,
            "training_file": self.training_file,
            "validation_file": self.validation_file,
            "estimated_finish": None,
            "integrations": [],
            "metadata": None,
            "method": {"type": "supervised", "supervised": {"hyperparameters": hyper}},
        }

    def event(self, message: str, level: str = "info", data: dict | None = None) -> None:
        self.events.append(
            {
                "id": f"ftevent-{uuid.uuid4().hex[:20]}",
                "object": "fine_tuning.job.event",
                "created_at": int(time.time()),
                "level": level,
                "message": message,
                "data": data or {},
                "type": "metrics" if data else "message",
            }
        )

    def progress(self, message: str, data: dict | None = None) -> None:
        """An event from the training thread; dropped once the job is cancelled."""
        with self.lock:
            if not self.cancel.is_set():
                self.event(message, data=data)

    def finish(self, status: str, message: str, level: str = "info") -> bool:
        """Move to a final status once (False if the job had already finished, e.g. was cancelled)."""
        with self.lock:
            if self.status in FINISHED:
                return False
            if status == "cancelled":
                self.cancel.set()
            self.status, self.finished_at = status, int(time.time())
            self.event(message, level)
            return True


class JobQueue:
    """Accepts jobs, runs them one at a time, and registers finished adapters with the engine."""

    def __init__(self, engine, files, base_model_id: str, folder: Path):
        self.engine, self.files, self.base_model_id = engine, files, base_model_id
        self.short_name = short_name(base_model_id)
        self.jobs: dict[str, Job] = {}
        self.folder = folder
        self._queue: queue.Queue[Job] = queue.Queue()
        threading.Thread(target=self._worker, name="course-finetune", daemon=True).start()

    def create(
        self, model: str, training_file: str, validation_file: str | None, hyper: TrainingSettings, suffix: str | None
    ) -> Job:
        """Validate the files (heavy for big files: call it off the event loop) and queue the job."""
        if model not in names_of(self.base_model_id):
            raise bad_request(
                f"Model {model[:100]!r} cannot be fine-tuned on the course server; use "
                f"{self.base_model_id!r} (helpers.chat_model()).",
                "model",
                "model_not_available",
            )
        records = self.files.read_records(training_file, "training_file")
        if validation_file:
            self.files.read_records(validation_file, "validation_file")
        job = Job(
            id=f"ftjob-{uuid.uuid4().hex[:24]}",
            model=self.base_model_id,
            training_file=training_file,
            validation_file=validation_file,
            hyper=hyper,
            suffix=suffix,
        )
        job.event(f"Validating training file: {training_file} ({len(records)} examples)")
        job.status = "queued"
        job.event("Fine-tuning job queued")
        self.jobs[job.id] = job
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job:
        if job_id not in self.jobs:
            raise not_found(
                f"No such fine-tuning job: {job_id[:100]!r}. List jobs with client.fine_tuning.jobs.list().",
                "fine_tuning_job_id",
            )
        return self.jobs[job_id]

    def cancel(self, job_id: str) -> Job:
        job = self.get(job_id)
        if not job.finish("cancelled", "Fine-tuning job cancelled"):
            raise bad_request(
                f"Job {job_id} has already {job.status}; only queued or running jobs can be cancelled.",
                "fine_tuning_job_id",
            )
        return job

    def _worker(self) -> None:
        while True:
            job = self._queue.get()
            with job.lock:
                if job.cancel.is_set():
                    continue
                job.status = "running"
                job.event("Fine-tuning job started")
            self._run(job)

    def _run(self, job: Job) -> None:
        out_dir = self.folder / job.id
        try:
            records = self.files.read_records(job.training_file, "training_file")
            valid = self.files.read_records(job.validation_file, "validation_file") if job.validation_file else None
            tokens = train_lora(self.engine.path, records, valid, job.hyper, out_dir, job.progress, job.cancel)
        except Cancelled:
            shutil.rmtree(out_dir, ignore_errors=True)
            return
        except Exception as error:  # report, keep the worker alive; the traceback goes to the server log
            traceback.print_exc()
            message = getattr(error, "message", None) or f"{type(error).__name__} (the server log has the details)"
            if job.finish("failed", f"Fine-tuning job failed: {message}", "error"):
                job.error = {"code": "training_failed", "message": f"Training failed: {message}", "param": None}
            shutil.rmtree(out_dir, ignore_errors=True)
            return
        name = f"ft:{self.short_name}:course:{job.suffix or ''}:{job.id.removeprefix('ftjob-')}"
        with job.lock:
            if job.cancel.is_set():
                shutil.rmtree(out_dir, ignore_errors=True)
                return
            self.engine.adapters[name] = out_dir
            job.fine_tuned_model, job.trained_tokens = name, tokens
            job.status, job.finished_at = "succeeded", int(time.time())
            job.event(f"New fine-tuned model created: {name}")
            job.event("The job has successfully completed")
