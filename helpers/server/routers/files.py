"""/v1/files: upload (multipart), list, retrieve, download and delete files."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from .. import support
from ..body import form_body
from ..errors import bad_request
from ..state import State, check_token

router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["files"])
PURPOSES = ("fine-tune", "user_data")  # what the course uploads; OpenAI's file object allows both (Evals are gone)


@router.post("/files")
async def upload(state: State, form: dict = Depends(form_body)) -> dict:
    if "file" not in form or "purpose" not in form:
        raise bad_request("Send a multipart form with `file` and `purpose` (e.g. purpose='fine-tune').", "file")
    purpose = form["purpose"][1].decode(errors="replace")
    if purpose not in PURPOSES:
        raise bad_request(
            f"The course server stores files for purpose 'fine-tune' (training data) or 'user_data', "
            f"not {purpose[:50]!r}.",
            "purpose",
        )
    support.check("/files", {name: value for name, value in form.items() if name not in ("file", "purpose")})
    filename, raw = form["file"]
    stored = await asyncio.to_thread(state.files.add, filename or "upload.jsonl", purpose, raw)
    return stored.to_dict()


@router.get("/files")
async def list_files(state: State) -> dict:
    data = [f.to_dict() for f in state.files.files.values()]
    return {
        "object": "list",
        "data": data,
        "has_more": False,
        "first_id": data[0]["id"] if data else "",
        "last_id": data[-1]["id"] if data else "",
    }


@router.get("/files/{file_id}")
async def get_file(file_id: str, state: State) -> dict:
    return state.files.get(file_id).to_dict()


@router.get("/files/{file_id}/content")
async def file_content(file_id: str, state: State) -> Response:
    path = state.files.get(file_id).path
    return Response(await asyncio.to_thread(path.read_bytes), media_type="application/octet-stream")


@router.delete("/files/{file_id}")
async def delete_file(file_id: str, state: State) -> dict:
    state.files.delete(file_id)
    return {"id": file_id, "object": "file", "deleted": True}
