"""/v1/fine_tuning/jobs: create, list, retrieve, events and cancel (a real LoRA fine-tune, see jobs.py)."""
from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends

from ..body import json_body
from ..errors import bad_request
from ..lora import BATCH_SIZE, DEFAULT_EPOCHS, Hyperparameters
from ..state import State, check_token

router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["fine-tuning"])


def _hyperparameters(body: dict) -> Hyperparameters:
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
    seed = body.get("seed")
    return Hyperparameters(n_epochs, batch, float(lr), seed if isinstance(seed, int) else 42)


@router.post("/fine_tuning/jobs")
async def create_job(state: State, body: dict = Depends(json_body)) -> dict:
    suffix = body.get("suffix")
    if suffix is not None and (not isinstance(suffix, str) or len(suffix) > 64):
        raise bad_request("`suffix` must be a string of at most 64 characters.", "suffix")
    job = await asyncio.to_thread(state.jobs.create, body.get("model") or "", body.get("training_file", ""),
                                  body.get("validation_file"), _hyperparameters(body), suffix)
    return job.to_dict()


@router.get("/fine_tuning/jobs")
async def list_jobs(state: State, limit: int = 20) -> dict:
    jobs = sorted(state.jobs.jobs.values(), key=lambda j: j.created_at, reverse=True)
    return {"object": "list", "data": [j.to_dict() for j in jobs[:limit]], "has_more": len(jobs) > limit}


@router.get("/fine_tuning/jobs/{job_id}")
async def get_job(job_id: str, state: State) -> dict:
    return state.jobs.get(job_id).to_dict()


@router.get("/fine_tuning/jobs/{job_id}/events")
async def job_events(job_id: str, state: State, limit: int = 20) -> dict:
    events = list(reversed(state.jobs.get(job_id).events))  # newest first, like OpenAI
    return {"object": "list", "data": events[:limit], "has_more": len(events) > limit}


@router.post("/fine_tuning/jobs/{job_id}/cancel")
async def cancel_job(job_id: str, state: State) -> dict:
    return state.jobs.cancel(job_id).to_dict()
