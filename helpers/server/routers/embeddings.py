"""POST /v1/embeddings: sentence embeddings from the local MiniLM model."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends

from ...settings import LOCAL_EMBEDDING_MODEL
from .. import support
from ..body import parsed
from ..errors import not_found
from ..names import EMBEDDING_IDS
from ..protocol import EmbeddingRequest
from ..state import State, check_token

router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["embeddings"])


@router.post("/embeddings")
async def embeddings(state: State, body: EmbeddingRequest = Depends(parsed(EmbeddingRequest))) -> dict:
    support.check("/embeddings", body.model_dump(exclude_none=True))
    if body.model not in EMBEDDING_IDS:
        raise not_found(
            f"The embedding model {body.model[:100]!r} does not exist on the course server. "
            f"Use helpers.embedding_model() ({LOCAL_EMBEDDING_MODEL!r}).",
            "model",
            "model_not_found",
        )
    data, tokens = await asyncio.to_thread(
        state.embedder.embed, body.input, body.encoding_format or "float", body.dimensions
    )
    return {
        "object": "list",
        "data": data,
        "model": body.model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }
