"""/v1/fine_tuning/jobs: create, list, retrieve, events and cancel (a real LoRA fine-tune, see jobs.py)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ..body import parsed
from ..errors import bad_request
from ..lora import BATCH_SIZE, DEFAULT_EPOCHS, TrainingSettings
from .. import support
from ..protocol import FineTuningJobRequest, Hyperparameters
from ..state import State, check_token

Limit = Annotated[int, Query(ge=1, le=100)]
router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["fine-tuning"])


def _settings(body: FineTuningJobRequest) -> TrainingSettings:
    """The job's settings: `method.supervised.hyperparameters` wins over the older `hyperparameters`."""
    given = (
        body.method
        and body.method.supervised
        and body.method.supervised.hyperparameters
        or body.hyperparameters
        or Hyperparameters()
    )

    def value(name: str, default):
        chosen = getattr(given, name)
        return default if chosen in ("auto", None) else chosen

    return TrainingSettings(
        value("n_epochs", DEFAULT_EPOCHS),
        value("batch_size", BATCH_SIZE),
        float(value("learning_rate_multiplier", 1.0)),
        42 if body.seed is None else body.seed,
    )


@router.post("/fine_tuning/jobs")
async def create_job(state: State, body: FineTuningJobRequest = Depends(parsed(FineTuningJobRequest))) -> dict:
    support.check("/fine_tuning/jobs", body.model_dump(exclude_none=True))
    if body.method and body.method.type != "supervised":
        raise bad_request(
            f"The course server fine-tunes with the 'supervised' method only, not {body.method.type!r}.", "method.type"
        )
    job = await asyncio.to_thread(
        state.jobs.create, body.model, body.training_file, body.validation_file, _settings(body), body.suffix
    )
    return job.to_dict()


@router.get("/fine_tuning/jobs")
async def list_jobs(state: State, limit: Limit = 20) -> dict:
    jobs = sorted(state.jobs.jobs.values(), key=lambda j: j.created_at, reverse=True)
    return {"object": "list", "data": [j.to_dict() for j in jobs[:limit]], "has_more": len(jobs) > limit}


@router.get("/fine_tuning/jobs/{job_id}")
async def get_job(job_id: str, state: State) -> dict:
    return state.jobs.get(job_id).to_dict()


@router.get("/fine_tuning/jobs/{job_id}/events")
async def job_events(job_id: str, state: State, limit: Limit = 20) -> dict:
    events = list(reversed(state.jobs.get(job_id).events))  # newest first, like OpenAI
    return {"object": "list", "data": events[:limit], "has_more": len(events) > limit}


@router.post("/fine_tuning/jobs/{job_id}/cancel")
async def cancel_job(job_id: str, state: State) -> dict:
    return state.jobs.cancel(job_id).to_dict()
