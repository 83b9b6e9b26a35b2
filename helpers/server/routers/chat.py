"""POST /v1/chat/completions and /v1/responses: the chat model, streamed (SSE) or not.

Both routes do the same three things: turn the request into chat messages and sampling settings
(`params`), submit a `Generation` to the engine, and turn the engine's events (`Delta`, `Done`,
`Failed`) into OpenAI's response objects or SSE events (`formats`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import asdict

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ...settings import LOCAL_CHAT_MODEL
from .. import formats, params, structured, support
from ..body import parsed
from ..engine import Delta, Done, Event, Failed, Generation
from ..errors import APIError, not_found
from ..names import CHAT_IDS
from ..protocol import ChatCompletionRequest, InputMessage, ResponseRequest, Sampling
from ..state import ServerState, State, check_token

DISCONNECT_POLL_S = 0.2  # how often a non-streamed request checks that its client is still there
router = APIRouter(prefix="/v1", dependencies=[Depends(check_token)], tags=["chat"])


def adapter_for(state: ServerState, name) -> str | None:
    """The adapter for a model id (None for the base model); 404 for an unknown model."""
    if name in CHAT_IDS:
        return None
    if isinstance(name, str) and name in state.engine.adapters:
        return name
    raise not_found(
        f"The model {str(name)[:100]!r} does not exist on the course server. Use helpers.chat_model() "
        f"({LOCAL_CHAT_MODEL!r}) or a fine-tuned model id from client.models.list().",
        "model",
        "model_not_found",
    )


class Run:
    """One submitted generation: its events as an async iterator; leaving early cancels it."""

    def __init__(self, generation: Generation, queue: asyncio.Queue):
        self.generation, self.queue = generation, queue

    @classmethod
    async def start(
        cls, state: ServerState, request: Sampling, messages: list[dict], plan: structured.Plan | None = None
    ) -> "Run":
        """Check the request, tokenize it (off the event loop) and submit it to the engine."""
        adapter = adapter_for(state, request.model)
        engine = state.engine
        plan = plan or structured.Plan()
        messages = structured.with_hint(messages, plan)  # a JSON schema or tools: decoding is constrained
        constraint = await run_in_threadpool(
            structured.constraint_for, engine.tokenizer, engine.model.config.vocab_size, plan
        )
        params.check_prompt_chars(messages, engine.context_length)
        prompt = await run_in_threadpool(engine.encode_chat, messages)
        settings = params.sampling(request, len(prompt), engine.context_length)
        loop, events = asyncio.get_running_loop(), asyncio.Queue()
        generation = Generation(
            prompt_ids=prompt,
            adapter=adapter,
            constraint=constraint,
            emit=lambda ev: loop.call_soon_threadsafe(events.put_nowait, ev),
            **asdict(settings),
        )
        engine.submit(generation)
        return cls(generation, events)

    @property
    def cancelled(self) -> threading.Event:
        return self.generation.cancelled

    async def events(self) -> AsyncIterator[Delta | Done]:
        """The engine's events; text that piled up while the client was reading comes as one `Delta`
        (fewer SSE events to write and parse when the client is slower than the model)."""
        held: Event | None = None
        try:
            while True:
                event: Event = held or await self.queue.get()
                held = None
                while isinstance(event, Delta) and not self.queue.empty():
                    following = self.queue.get_nowait()
                    if not isinstance(following, Delta):
                        held = following
                        break
                    event = Delta(event.text + following.text)
                if isinstance(event, Failed):
                    raise APIError(
                        500, "Generation failed inside the course server; see the server log.", "server_error"
                    )
                yield event
                if isinstance(event, Done):
                    return
        finally:
            self.cancelled.set()  # client went away or we finished: free the batch row

    def stop_when_gone(self, request: Request) -> None:
        """Cancel the generation when the client disconnects before a non-streamed answer is complete
        (a stream notices by itself: Starlette cancels it and `events()` sets `cancelled`)."""

        async def watch() -> None:
            while not self.cancelled.is_set():
                if await request.is_disconnected():
                    self.cancelled.set()  # the engine drops the row at its next step
                    self.queue.put_nowait(Failed("the client disconnected"))
                    return
                await asyncio.sleep(DISCONNECT_POLL_S)

        self._watcher = asyncio.create_task(watch())

    async def collect(self, request: Request | None = None) -> tuple[str, Done]:
        """A whole answer (for stream=false): its text and the final `Done` event."""
        if request is not None:
            self.stop_when_gone(request)
        text = []
        async for event in self.events():
            if isinstance(event, Delta):
                text.append(event.text)
            else:
                return "".join(text), event
        raise APIError(500, "Generation ended without a result.", "server_error")


@router.post("/chat/completions")
async def chat_completions(
    request: Request, state: State, body: ChatCompletionRequest = Depends(parsed(ChatCompletionRequest))
):
    support.check("/chat/completions", body.model_dump(exclude_none=True))
    plan = structured.chat_plan(body)
    messages = params.chat_messages(structured.chat_history(body.messages))
    run = await Run.start(state, body, messages, plan=plan)
    cid, model = formats.new_id("chatcmpl-"), body.model
    if not body.stream:
        text, done = await run.collect(request)
        return structured.chat_reply(
            formats.chat_completion(cid, model, text, done.finish_reason, done.prompt_tokens, done.completion_tokens),
            text,
            plan,
        )
    usage = bool(body.stream_options and body.stream_options.include_usage)

    async def stream():
        yield formats.sse(formats.chat_chunk(cid, model, {"role": "assistant", "content": ""}, None, usage))
        events = run.events()
        if plan.tools:  # a call is known once it is complete: then sent in OpenAI's tool_calls deltas
            text, done = await run.collect()
            deltas = structured.chat_call_deltas(text, plan)
            for delta in deltas or []:
                yield formats.sse(formats.chat_chunk(cid, model, delta, None, usage))
            events = structured.replay("" if deltas else text, done, "tool_calls" if deltas else None)
        async for event in events:
            if isinstance(event, Delta):
                yield formats.sse(formats.chat_chunk(cid, model, {"content": event.text}, None, usage))
            else:
                yield formats.sse(formats.chat_chunk(cid, model, {}, event.finish_reason, usage))
                if usage:
                    yield formats.sse(formats.usage_chunk(cid, model, event.prompt_tokens, event.completion_tokens))
        yield formats.sse("[DONE]")

    return StreamingResponse(stream(), media_type="text/event-stream")


@router.post("/responses")
async def responses(request: Request, state: State, body: ResponseRequest = Depends(parsed(ResponseRequest))):
    support.check("/responses", body.model_dump(exclude_none=True))
    plan = structured.responses_plan(body)
    body.input = structured.responses_history(body.input, InputMessage)
    run = await Run.start(state, body, params.response_messages(body), plan=plan)
    rid, item_id, model = formats.new_id("resp_"), formats.new_id("msg_"), body.model

    def final(text: str, done: Done) -> dict:
        status = "incomplete" if done.finish_reason == "length" else "completed"
        output = structured.function_call_item(text, plan) or formats.message_item(item_id, text)
        return structured.echo_request(
            formats.response_object(
                rid,
                model,
                body.model_dump(exclude_none=True),
                status,
                [output],
                (done.prompt_tokens, done.completion_tokens),
            ),
            body,
        )

    if not body.stream:
        return final(*await run.collect(request))

    async def stream():
        seq = iter(range(10**9))

        def ev(kind: str, **data) -> str:
            return formats.sse({"type": kind, "sequence_number": next(seq), **data}, kind)

        where = {"item_id": item_id, "output_index": 0, "content_index": 0}
        pending = structured.echo_request(
            formats.response_object(rid, model, body.model_dump(exclude_none=True), "in_progress", []), body
        )
        yield ev("response.created", response=pending)
        yield ev("response.in_progress", response=pending)
        events = run.events()
        if plan.tools:  # a call is known once it is complete: then sent as a function_call item
            text, last = await run.collect()
            done, events = final(text, last), structured.replay(text, last)
            item = done["output"][0]
            if item["type"] == "function_call":
                yield ev(
                    "response.output_item.added",
                    output_index=0,
                    item={**item, "arguments": "", "status": "in_progress"},
                )
                yield ev(
                    "response.function_call_arguments.delta",
                    item_id=item["id"],
                    output_index=0,
                    delta=item["arguments"],
                )
                yield ev(
                    "response.function_call_arguments.done",
                    item_id=item["id"],
                    output_index=0,
                    arguments=item["arguments"],
                    name=item["name"],
                )
                yield ev("response.output_item.done", output_index=0, item=item)
                yield ev("response.completed", response=done)
                return
        yield ev("response.output_item.added", output_index=0, item=formats.message_item(item_id, None, "in_progress"))
        yield ev(
            "response.content_part.added",
            **where,
            part={"type": "output_text", "text": "", "annotations": [], "logprobs": []},
        )
        text = []
        async for event in events:
            if isinstance(event, Delta):
                text.append(event.text)
                yield ev("response.output_text.delta", **where, delta=event.text, logprobs=[])
                continue
            full = "".join(text)
            yield ev("response.output_text.done", **where, text=full, logprobs=[])
            yield ev(
                "response.content_part.done",
                **where,
                part={"type": "output_text", "text": full, "annotations": [], "logprobs": []},
            )
            yield ev("response.output_item.done", output_index=0, item=formats.message_item(item_id, full))
            done = final(full, event)
            yield ev("response.completed" if done["status"] == "completed" else "response.incomplete", response=done)

    return StreamingResponse(stream(), media_type="text/event-stream")
