"""POST /v1/load_lora_adapter: serve a learner's saved LoRA adapter (vLLM's endpoint; see adapters.py)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse
from pydantic import Field

from ...settings import LOCAL_CHAT_MODEL
from ..adapters import load_adapter
from ..body import parsed
from ..protocol import Strict
from ..state import State, check_token

router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["lora"])


class LoadLoraAdapterRequest(Strict):
    """vLLM's body: the model id to serve the adapter as, and its folder on the server's machine."""

    lora_name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[\w.:/-]+$")]
    lora_path: Annotated[str, Field(min_length=1, max_length=4096)]


@router.post("/load_lora_adapter")
async def load_lora_adapter(state: State, body: LoadLoraAdapterRequest = Depends(parsed(LoadLoraAdapterRequest))):
    """Answers as vLLM does: 200 with a line of text; the adapter is then a model id for chat and models.list()."""
    await asyncio.to_thread(
        load_adapter, state.engine, body.lora_name, body.lora_path, LOCAL_CHAT_MODEL, state.jobs.folder
    )
    return PlainTextResponse(f"Success: LoRA adapter '{body.lora_name}' added successfully.")
