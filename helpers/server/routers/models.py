"""GET /v1/models, /v1/models/{id}, DELETE /v1/models/{id} (fine-tuned models) and /health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ...settings import LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL
from ..errors import not_found
from ..handshake import proof
from ..state import ServerState, State, check_token

router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["models"])
health_router = APIRouter(tags=["health"])


@health_router.get("/health")
async def health(state: State, challenge: Annotated[str, Query(max_length=128)] = "") -> dict:
    """Liveness; with `?challenge=`, also proof that this server knows the token (see process.py)."""
    return {"status": "ok", "proof": proof(state.token, challenge) if challenge else None}


def all_models(state: ServerState) -> list[dict]:
    owned = [(LOCAL_CHAT_MODEL, "course"), (LOCAL_EMBEDDING_MODEL, "course")]
    if state.transcriber.available:
        owned.append((state.transcriber.model_id, "course"))
    owned += [(name, "course-finetune") for name in state.engine.adapters]
    return [{"id": m, "object": "model", "created": state.started, "owned_by": o} for m, o in owned]


def _unknown(model_id: str):
    return not_found(
        f"The model {model_id[:100]!r} does not exist. See client.models.list().", "model", "model_not_found"
    )


@router.get("/models")
async def list_models(state: State) -> dict:
    return {"object": "list", "data": all_models(state)}


@router.get("/models/{model_id:path}")
async def get_model(model_id: str, state: State) -> dict:
    for model in all_models(state):
        if model["id"] == model_id:
            return model
    raise _unknown(model_id)


@router.delete("/models/{model_id:path}")
async def delete_model(model_id: str, state: State) -> dict:
    """Delete a fine-tuned model (its adapter); the base models cannot be deleted."""
    if model_id not in state.engine.adapters:
        if any(m["id"] == model_id for m in all_models(state)):
            raise not_found(
                f"{model_id!r} is a base model of the course server; only fine-tuned models can be deleted.",
                "model",
                "model_not_found",
            )
        raise _unknown(model_id)
    state.engine.remove_adapter(model_id)
    return {"id": model_id, "object": "model", "deleted": True}
