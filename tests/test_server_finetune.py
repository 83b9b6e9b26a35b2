"""Files and fine-tuning jobs: JSONL validation, a real LoRA fine-tune, events, cancel, the new model in chat."""

from __future__ import annotations

import io
import json
import time

import openai
import pytest

TOPICS = [
    "gravity",
    "the moon",
    "volcanoes",
    "rainbows",
    "magnets",
    "clouds",
    "fractions",
    "the heart",
    "electricity",
    "tides",
    "planets",
    "bees",
]
PIRATE = [
    {
        "messages": [
            {"role": "user", "content": f"Can you explain {t}?"},
            {"role": "assistant", "content": f"Arr, matey! {t.capitalize()} be a fine thing to learn."},
        ]
    }
    for t in TOPICS
]


def jsonl(records) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def upload(client, raw: bytes, name: str = "train.jsonl"):
    return client.files.create(file=(name, io.BytesIO(raw)), purpose="fine-tune")


def test_upload_list_and_retrieve(client):
    stored = upload(client, jsonl(PIRATE))
    assert stored.purpose == "fine-tune" and stored.bytes == len(jsonl(PIRATE)) and stored.filename == "train.jsonl"
    assert client.files.retrieve(stored.id).id == stored.id
    assert stored.id in [f.id for f in client.files.list()]


def test_bad_jsonl_reports_every_line_with_its_reason(client):
    bad = [
        PIRATE[0],
        "{not json",
        {"prompt": "old format"},
        PIRATE[1],
        {"messages": [{"role": "user", "content": "Only a question"}]},
        {"messages": [{"role": "robot", "content": "x"}, {"role": "assistant", "content": "y"}]},
    ]
    with pytest.raises(openai.BadRequestError) as error:
        upload(client, jsonl(bad))
    message = error.value.message
    for line in (
        "line 2: not valid JSON",
        'line 3: missing the "messages" key',
        "line 5: no assistant message",
        "line 6: message 1 has role 'robot'",
    ):
        assert line in message
    assert "line 1:" not in message and "line 4:" not in message and "4 bad line(s)" in message


def test_unknown_file_and_job_are_404(client, chat_model):
    with pytest.raises(openai.NotFoundError):
        client.files.retrieve("file-does-not-exist")
    with pytest.raises(openai.NotFoundError):
        client.fine_tuning.jobs.create(model=chat_model, training_file="file-does-not-exist")
    with pytest.raises(openai.NotFoundError):
        client.fine_tuning.jobs.retrieve("ftjob-does-not-exist")
    with pytest.raises(openai.NotFoundError):
        client.fine_tuning.jobs.list_events("ftjob-does-not-exist")


def test_bad_job_parameters_are_400(client):
    training = upload(client, jsonl(PIRATE))
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=training.id)


def test_fine_tune_lifecycle(client, chat_model):
    training, validation = upload(client, jsonl(PIRATE)), upload(client, jsonl(PIRATE[:2]), "valid.jsonl")
    job = client.fine_tuning.jobs.create(
        model=chat_model,
        training_file=training.id,
        validation_file=validation.id,
        suffix="pirate",
        seed=42,
        hyperparameters={"n_epochs": 3, "learning_rate_multiplier": 2},
    )
    assert job.status in ("validating_files", "queued", "running") and job.hyperparameters.n_epochs == 3
    assert job.id in [j.id for j in client.fine_tuning.jobs.list()]
    deadline = time.monotonic() + 600  # generous: never a timed assertion, just no endless loop
    while job.status not in ("succeeded", "failed", "cancelled") and time.monotonic() < deadline:
        time.sleep(1)
        job = client.fine_tuning.jobs.retrieve(job.id)
    assert job.status == "succeeded", job.error
    assert job.fine_tuned_model.startswith("ft:SmolLM2-135M-Instruct:course:pirate:")
    events = client.fine_tuning.jobs.list_events(job.id, limit=100).data
    metrics = [e for e in events if e.type == "metrics" and "train_loss" in e.data]
    assert metrics and all({"step", "train_loss"} <= set(e.data) for e in metrics)
    steps = sorted(e.data["step"] for e in metrics)
    assert steps == list(range(1, len(steps) + 1))
    assert any("valid_loss" in e.data for e in events)
    assert job.fine_tuned_model in [m.id for m in client.models.list()]

    question = [{"role": "user", "content": "Can you explain sound?"}]
    tuned = (
        client.chat.completions.create(model=job.fine_tuned_model, messages=question, temperature=0, max_tokens=12)
        .choices[0]
        .message.content
    )
    base = (
        client.chat.completions.create(model=chat_model, messages=question, temperature=0, max_tokens=12)
        .choices[0]
        .message.content
    )
    assert tuned.startswith("Arr") and tuned != base and not base.startswith("Arr")


def test_cancel_a_job(client, chat_model):
    training = upload(client, jsonl(PIRATE))
    job = client.fine_tuning.jobs.create(model=chat_model, training_file=training.id, hyperparameters={"n_epochs": 50})
    cancelled = client.fine_tuning.jobs.cancel(job.id)
    assert cancelled.status == "cancelled"
    assert client.fine_tuning.jobs.retrieve(job.id).status == "cancelled"
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.jobs.cancel(job.id)
