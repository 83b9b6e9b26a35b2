"""POST /v1/audio/transcriptions (offline Whisper when installed) and /v1/images/generations (explained 400)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from ..body import form_body
from .. import support
from ..errors import bad_request
from ..state import State, check_token

router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["audio", "images"])


@router.post("/audio/transcriptions")
async def transcriptions(state: State, form: dict = Depends(form_body)):
    if "file" not in form:
        raise bad_request("Send the audio as a multipart form field `file`.", "file")
    fields = {k: v[1].decode(errors="replace") for k, v in form.items() if k != "file"}
    support.check("/audio/transcriptions", {k.removesuffix("[]"): _form_value(v) for k, v in fields.items()})
    if fields.get("response_format", "json") not in ("json", "text"):
        raise bad_request(
            "The offline Whisper answers as 'json' or 'text' (no timestamps for 'verbose_json', "
            "'srt' or 'vtt'): use OpenAI for those.",
            "response_format",
        )
    text = await asyncio.to_thread(
        state.transcriber.transcribe,
        form["file"][1],
        fields.get("model", ""),
        fields.get("language"),
        fields.get("prompt"),
    )
    if fields.get("response_format", "json") == "text":
        return PlainTextResponse(text)
    return {"text": text}  # json (verbose_json, srt and vtt are not offered offline)


def _form_value(text: str):
    """A form field as the JSON value it stands for: 'false' and '0' ask for nothing, as False and 0 do."""
    return {"false": False, "true": True, "0": 0}.get(text.strip().lower(), text)


@router.post("/images/generations")
async def images() -> dict:
    raise bad_request(
        "The course server has no offline image model, so it cannot generate images. With an "
        "OpenAI key (OPENAI_API_KEY) the same client.images.generate(...) call works "
        "and returns the picture as base64.",
        "model",
        "model_not_available",
    )
