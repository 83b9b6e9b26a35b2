"""The FastAPI app: OpenAI-compatible routes, bearer-token auth and a body size limit.

Our own app rather than `transformers serve`'s: the stock server answers non-streamed Responses with
SSE, over-long prompts with HTTP 500, rejects `stream_options`, serves one request at a time and has
no embeddings, files or fine-tuning. Routes here stay thin; the work is in the engine, embedder,
file store and fine-tuner modules.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import time
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from ..settings import LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL
from . import errors, formats, params
from .audio import Transcriber
from .embeddings import Embedder
from .engine import Engine, Generation
from .errors import APIError, bad_request, not_found
from .files import FileStore
from .finetuning import FineTuner
from .multipart import parse_form

MAX_BODY_BYTES = 26 * 1024 * 1024  # OpenAI's audio limit is 25 MB


def create_app(token: str, chat_path: Path, embed_path: Path, whisper_path: Path | None) -> FastAPI:
    app = FastAPI(title="Course server (OpenAI-compatible)", docs_url=None, redoc_url=None)
    errors.install(app)
    engine = Engine(chat_path)
    embedder = Embedder(embed_path)
    transcriber = Transcriber(whisper_path)
    store = FileStore()
    tuner = FineTuner(engine, store, LOCAL_CHAT_MODEL)
    app.state.engine, app.state.embedder = engine, embedder
    started = int(time.time())

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if request.url.path.startswith("/v1"):
            sent = request.headers.get("authorization", "")
            if not hmac.compare_digest(sent.removeprefix("Bearer ").strip().encode(), token.encode()):
                what = "No API key was sent" if not sent else "The API key sent is not this server's token"
                return errors.error_response(APIError(401, f"{what}. Use helpers.get_client(), which passes the "
                                                           "course server's per-run token, or the token printed by "
                                                           "`course serve`.", "invalid_api_key"))
            if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
                return errors.error_response(APIError(413, f"The request body is larger than "
                                                           f"{MAX_BODY_BYTES // 2**20} MB. Send less data per "
                                                           "request (split lists, shorten files).",
                                                      "request_too_large"))
        return await call_next(request)

    async def body_of(request: Request) -> dict:
        try:
            body = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError as error:
            raise bad_request(f"The request body is not valid JSON ({error.msg}).")
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object.")
        return body

    def chat_model(name) -> str | None:
        """The adapter for a model id (None for the base model); 404 for an unknown model."""
        if name in (LOCAL_CHAT_MODEL, LOCAL_CHAT_MODEL.split("/")[-1]):
            return None
        if name in engine.adapters:
            return name
        raise not_found(f"The model {name!r} does not exist on the course server. Use helpers.chat_model() "
                        f"({LOCAL_CHAT_MODEL!r}) or a fine-tuned model id from client.models.list().",
                        "model", "model_not_found")

    def models() -> list[dict]:
        owned = [(LOCAL_CHAT_MODEL, "course"), (LOCAL_EMBEDDING_MODEL, "course")]
        if transcriber.available:
            owned.append((transcriber.model_id, "course"))
        owned += [(name, "course-finetune") for name in engine.adapters]
        return [{"id": m, "object": "model", "created": started, "owned_by": o} for m, o in owned]

    @app.get("/health")
    async def health():
        return {"status": "ok"}

    @app.get("/v1/models")
    async def list_models():
        return {"object": "list", "data": models()}

    @app.get("/v1/models/{model_id:path}")
    async def get_model(model_id: str):
        for model in models():
            if model["id"] == model_id:
                return model
        raise not_found(f"The model {model_id!r} does not exist. See client.models.list().", "model",
                        "model_not_found")

    def start(messages: list[dict], body: dict, max_names: tuple[str, ...]):
        """Check everything, submit to the engine; returns (queue of events, prompt token count, cancel)."""
        adapter = chat_model(body.get("model"))
        prompt = engine.encode_chat(messages)
        settings = params.sampling(body, max_names, len(prompt), engine.context_length)
        loop, events = asyncio.get_running_loop(), asyncio.Queue()
        generation = Generation(prompt_ids=prompt, adapter=adapter,
                                emit=lambda ev: loop.call_soon_threadsafe(events.put_nowait, ev), **settings)
        engine.submit(generation)
        return events, generation.cancelled

    async def collect(events: asyncio.Queue, cancelled) -> tuple[str, tuple]:
        """A whole answer (for stream=false): its text and the final ("done", ...) event."""
        text = []
        async for event in events_of(events, cancelled):
            if event[0] == "delta":
                text.append(event[1])
            else:
                return "".join(text), event
        raise APIError(500, "Generation ended without a result.", "server_error")

    async def events_of(events: asyncio.Queue, cancelled):
        try:
            while True:
                event = await events.get()
                if event[0] == "error":
                    raise APIError(500, f"Generation failed: {event[1]}", "server_error")
                yield event
                if event[0] == "done":
                    return
        finally:
            cancelled.set()  # client went away or we finished: free the batch row

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request):
        body = await body_of(request)
        events, cancelled = start(params.chat_messages(body.get("messages")), body,
                                  ("max_completion_tokens", "max_tokens"))
        cid, model = formats.new_id("chatcmpl-"), body["model"]
        if not body.get("stream"):
            text, done = await collect(events, cancelled)
            return formats.chat_completion(cid, model, text, *done[1:])
        usage = bool((body.get("stream_options") or {}).get("include_usage"))

        async def stream():
            yield formats.sse(formats.chat_chunk(cid, model, {"role": "assistant", "content": ""}, None, usage))
            async for event in events_of(events, cancelled):
                if event[0] == "delta":
                    yield formats.sse(formats.chat_chunk(cid, model, {"content": event[1]}, None, usage))
                else:
                    yield formats.sse(formats.chat_chunk(cid, model, {}, event[1], usage))
                    if usage:
                        yield formats.sse(formats.usage_chunk(cid, model, event[2], event[3]))
            yield formats.sse("[DONE]")

        return StreamingResponse(stream(), media_type="text/event-stream")

    @app.post("/v1/responses")
    async def responses(request: Request):
        body = await body_of(request)
        events, cancelled = start(params.response_messages(body), body, ("max_output_tokens",))
        rid, item_id, model = formats.new_id("resp_"), formats.new_id("msg_"), body["model"]

        def final(text: str, event: tuple) -> dict:
            status = "incomplete" if event[1] == "length" else "completed"
            return formats.response_object(rid, model, body, status, [formats.message_item(item_id, text)],
                                           (event[2], event[3]))

        if not body.get("stream"):
            return final(*await collect(events, cancelled))

        async def stream():
            seq = iter(range(10**9))

            def ev(kind: str, **data) -> str:
                return formats.sse({"type": kind, "sequence_number": next(seq), **data}, kind)

            where = {"item_id": item_id, "output_index": 0, "content_index": 0}
            pending = formats.response_object(rid, model, body, "in_progress", [])
            yield ev("response.created", response=pending)
            yield ev("response.in_progress", response=pending)
            yield ev("response.output_item.added", output_index=0,
                     item=formats.message_item(item_id, None, "in_progress"))
            yield ev("response.content_part.added", **where,
                     part={"type": "output_text", "text": "", "annotations": [], "logprobs": []})
            text = []
            async for event in events_of(events, cancelled):
                if event[0] == "delta":
                    text.append(event[1])
                    yield ev("response.output_text.delta", **where, delta=event[1], logprobs=[])
                else:
                    full = "".join(text)
                    yield ev("response.output_text.done", **where, text=full, logprobs=[])
                    yield ev("response.content_part.done", **where,
                             part={"type": "output_text", "text": full, "annotations": [], "logprobs": []})
                    yield ev("response.output_item.done", output_index=0, item=formats.message_item(item_id, full))
                    done = final(full, event)
                    yield ev("response.completed" if done["status"] == "completed" else "response.incomplete",
                             response=done)

        return StreamingResponse(stream(), media_type="text/event-stream")

    @app.post("/v1/embeddings")
    async def embeddings(request: Request):
        body = await body_of(request)
        if body.get("model") not in (LOCAL_EMBEDDING_MODEL, LOCAL_EMBEDDING_MODEL.split("/")[-1]):
            raise not_found(f"The embedding model {body.get('model')!r} does not exist on the course server. Use "
                            f"helpers.embedding_model() ({LOCAL_EMBEDDING_MODEL!r}).", "model", "model_not_found")
        data, tokens = await asyncio.to_thread(embedder.embed, body.get("input"),
                                               body.get("encoding_format") or "float", body.get("dimensions"))
        return {"object": "list", "data": data, "model": body["model"],
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}

    @app.post("/v1/files")
    async def upload(request: Request):
        form = parse_form(request.headers.get("content-type", ""), await request.body())
        if "file" not in form or "purpose" not in form:
            raise bad_request("Send a multipart form with `file` and `purpose` (e.g. purpose='fine-tune').", "file")
        purpose = form["purpose"][1].decode()
        if purpose not in ("fine-tune", "assistants", "batch", "user_data", "vision", "evals"):
            raise bad_request(f"Unknown purpose {purpose!r}; use 'fine-tune' for training data.", "purpose")
        filename, raw = form["file"]
        return store.add(filename or "upload.jsonl", purpose, raw).to_dict()

    @app.get("/v1/files")
    async def list_files():
        return {"object": "list", "data": [f.to_dict() for f in store.files.values()], "has_more": False}

    @app.get("/v1/files/{file_id}")
    async def get_file(file_id: str):
        return store.get(file_id).to_dict()

    @app.get("/v1/files/{file_id}/content")
    async def file_content(file_id: str):
        from fastapi.responses import Response
        return Response(store.get(file_id).path.read_bytes(), media_type="application/octet-stream")

    @app.post("/v1/fine_tuning/jobs")
    async def create_job(request: Request):
        return tuner.create(await body_of(request)).to_dict()

    @app.get("/v1/fine_tuning/jobs")
    async def list_jobs(limit: int = 20):
        jobs = sorted(tuner.jobs.values(), key=lambda j: j.created_at, reverse=True)
        return {"object": "list", "data": [j.to_dict() for j in jobs[:limit]], "has_more": len(jobs) > limit}

    @app.get("/v1/fine_tuning/jobs/{job_id}")
    async def get_job(job_id: str):
        return tuner.get(job_id).to_dict()

    @app.get("/v1/fine_tuning/jobs/{job_id}/events")
    async def job_events(job_id: str, limit: int = 20):
        events = list(reversed(tuner.get(job_id).events))  # newest first, like OpenAI
        return {"object": "list", "data": events[:limit], "has_more": len(events) > limit}

    @app.post("/v1/fine_tuning/jobs/{job_id}/cancel")
    async def cancel_job(job_id: str):
        return tuner.cancel(job_id).to_dict()

    @app.post("/v1/audio/transcriptions")
    async def transcriptions(request: Request):
        form = parse_form(request.headers.get("content-type", ""), await request.body())
        if "file" not in form:
            raise bad_request("Send the audio as a multipart form field `file`.", "file")
        fields = {k: v[1].decode() for k, v in form.items() if k != "file"}
        text = await asyncio.to_thread(transcriber.transcribe, form["file"][1], fields.get("model", ""),
                                       fields.get("language"), fields.get("prompt"))
        fmt = fields.get("response_format", "json")
        if fmt == "text":
            from fastapi.responses import PlainTextResponse
            return PlainTextResponse(text)
        return {"text": text}  # json (verbose_json, srt and vtt are not offered offline)

    @app.post("/v1/images/generations")
    async def images():
        raise bad_request("The course server has no offline image model, so it cannot generate images. With an "
                          "OpenAI key (OPENAI_API_KEY) the same client.images.generate(...) call works; the "
                          "notebook shows an example output instead.", "model", "model_not_available")

    return app
