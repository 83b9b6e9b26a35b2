"""Fine-tuning jobs: a cancel is final and honoured at any stage, and no event follows the cancel event."""

from __future__ import annotations

import json
import threading
import time
from types import SimpleNamespace

import pytest

from helpers.models import KIT
from helpers.server import jobs
from helpers.server.files import FileStore
from helpers.server.lora import TOP_LAYERS, Cancelled, TrainingSettings, _prepared, load_for_training, train_lora
from helpers.settings import LOCAL_CHAT_MODEL

EXAMPLE = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Arr, matey!"}]}


def queue_with_a_training_file(tmp_path):
    """A job queue (engine stand-in) and one uploaded training file."""
    files = FileStore(tmp_path / "files")
    stored = files.add("t.jsonl", "fine-tune", json.dumps(EXAMPLE).encode())
    queue = jobs.JobQueue(
        SimpleNamespace(path=KIT["chat"].path, adapters={}), files, LOCAL_CHAT_MODEL, tmp_path / "adapters"
    )
    return queue, stored


def test_no_event_follows_the_cancel_event(monkeypatch, tmp_path):
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow_training(base, records, valid, settings, out_dir, report, cancel):
        report("Step 1/2: training loss=1.0", {"step": 1})
        started.set()
        release.wait(30)
        report("Step 2/2: training loss=0.5", {"step": 2})  # a step that was running when the cancel came
        finished.set()
        raise Cancelled

    monkeypatch.setattr(jobs, "train_lora", slow_training)
    queue, stored = queue_with_a_training_file(tmp_path)
    job = queue.create(LOCAL_CHAT_MODEL, stored.id, None, TrainingSettings(), None)
    assert started.wait(30)
    assert queue.cancel(job.id).status == "cancelled"
    release.set()
    assert finished.wait(30)
    deadline = time.monotonic() + 30  # the worker's clean-up ends with the job's last event: wait for it
    while job.events[-1]["message"] != "Fine-tuning job cancelled" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.status == "cancelled" and job.events[-1]["message"] == "Fine-tuning job cancelled"
    assert not any("Step 2/2" in e["message"] for e in job.events)
    with pytest.raises(Exception, match="already cancelled"):
        queue.cancel(job.id)


def test_a_cancel_stops_training_before_any_step(tmp_path):
    """Checked per batch while examples are pre-processed, not only between steps."""
    cancel, events = threading.Event(), []
    cancel.set()
    with pytest.raises(Cancelled):
        train_lora(
            KIT["chat"].path,
            [EXAMPLE] * 50,
            None,
            TrainingSettings(),
            tmp_path / "out",
            lambda message, data: events.append(message),
            cancel,
        )
    assert events == [] and not (tmp_path / "out").exists()


def test_a_crash_in_training_fails_the_job_says_where_to_look_and_the_next_job_runs(monkeypatch, tmp_path, capfd):
    runs = []

    def training(base, records, valid, settings, out_dir, report, cancel):
        runs.append(out_dir)
        if len(runs) == 1:
            raise RuntimeError("mat1 and mat2 must have the same dtype")
        out_dir.mkdir(parents=True)
        return 7

    monkeypatch.setattr(jobs, "train_lora", training)
    queue, stored = queue_with_a_training_file(tmp_path)
    first = queue.create(LOCAL_CHAT_MODEL, stored.id, None, TrainingSettings(), None)
    second = queue.create(LOCAL_CHAT_MODEL, stored.id, None, TrainingSettings(), None)
    deadline = time.monotonic() + 30
    while second.status not in jobs.FINISHED and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.status == "failed" and second.status == "succeeded"
    assert first.error["message"] == "Training failed: RuntimeError (the server log has the details)"
    assert "mat1 and mat2 must have the same dtype" in capfd.readouterr().err, "no traceback in the server log"


def test_examples_prepared_together_get_the_states_each_gets_alone():
    """The frozen layers run 8 examples at a time, padded: each keeps the states it gets alone."""
    tokenizer, model = load_for_training(KIT["chat"].path, seed=0)
    split = model.config.num_hidden_layers - TOP_LAYERS
    records = [
        {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Arr!"}]},
        EXAMPLE,
        {"messages": [{"role": "user", "content": "What is a tide? " * 6}, {"role": "assistant", "content": "Water."}]},
    ]
    together = _prepared(model, tokenizer, records, split, check=lambda: None)
    for record, (states, ids, labels) in zip(records, together):
        [(alone, alone_ids, alone_labels)] = _prepared(model, tokenizer, [record], split, check=lambda: None)
        assert (ids, labels) == (alone_ids, alone_labels) and states.shape == alone.shape == (len(ids), 576)
        assert (states.float() - alone.float()).abs().max() <= 0.02 * alone.float().abs().max()
