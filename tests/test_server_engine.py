"""The engine's decoding is right, not just plausible: a row of a batch equals the same request alone,
stop strings never leak (streamed or not), and a tiny top_p is greedy. (Each test caught a bug planted
in the engine: padding attended, the stop-string hold-back removed, top_p ignored.)"""

from __future__ import annotations

import threading
from typing import Callable

import pytest

from helpers.server.engine import Delta, Done, Generation
from helpers.settings import LOCAL_CHAT_MODEL

from . import server_inprocess

PROMPTS = [
    "What is the capital of France?",
    "Hi",
    "Write one sentence about the sea and the sky and the long summer evenings by the water.",
]


@pytest.fixture(scope="module")
def engine():
    """An fp32 engine: in bfloat16, batch shapes alone change rounding enough to flip near-ties."""
    import torch

    from helpers.models import KIT
    from helpers.server.engine import Engine

    return Engine(KIT["chat"].path, dtype=torch.float32)


def generate(engine, prompts: list[str], **settings) -> list[str]:
    """Submit all prompts at once (so they share a batch) and return each one's streamed text."""
    settings = {"max_new_tokens": 12, "temperature": 0.0, **settings}
    prompt_ids = [engine.encode_chat([{"role": "user", "content": prompt}]) for prompt in prompts]
    return server_inprocess.answers(engine, prompt_ids, **settings)


def test_every_row_of_a_batch_equals_the_same_request_alone(engine):
    together = generate(engine, PROMPTS)
    alone = [generate(engine, [p])[0] for p in PROMPTS]
    assert len({len(engine.encode_chat([{"role": "user", "content": p}])) for p in PROMPTS}) == len(PROMPTS)
    assert together == alone


def test_a_tiny_top_p_is_greedy_whatever_the_seed(engine):
    greedy = generate(engine, PROMPTS[:2])
    for seed in (1, 2):
        assert generate(engine, PROMPTS[:2], temperature=1.5, top_p=1e-6, seed=seed) == greedy


@pytest.mark.parametrize("stream", [False, True])
def test_multi_token_stop_strings_never_leak(stream):
    whole = {
        "model": LOCAL_CHAT_MODEL,
        "messages": [{"role": "user", "content": PROMPTS[0]}],
        "temperature": 0,
        "max_tokens": 12,
    }
    with server_inprocess.client() as http:
        text = http.post("/v1/chat/completions", json=whole).json()["choices"][0]["message"]["content"]
        assert "France is" in text
        request = {**whole, "stop": ["France is"], "stream": stream}
        response = http.post("/v1/chat/completions", json=request)
    if stream:
        import json

        chunks = [json.loads(line[6:]) for line in response.text.splitlines() if line.startswith("data: {")]
        pieces = [c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"]]
        finish = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]][-1]
    else:
        choice = response.json()["choices"][0]
        pieces, finish = [choice["message"]["content"]], choice["finish_reason"]
    assert "".join(pieces) == text[: text.index("France is")] and finish == "stop"
    assert not any("France" in piece for piece in pieces)


def test_a_request_joins_a_running_batch_instead_of_waiting_for_it(engine, monkeypatch):
    """Iteration-level scheduling: a short request sent while a long one runs finishes first, and the
    answer it gets inside the running batch is the one it gets alone."""
    long_started, long_done, short_done, short_text = threading.Event(), threading.Event(), threading.Event(), []

    def on_long(event):
        (long_started if isinstance(event, Delta) else long_done).set()

    def on_short(event):
        short_text.append(event.text) if isinstance(event, Delta) else short_done.set()

    monkeypatch.setattr(engine, "eos_ids", set())  # every request runs to its max_new_tokens
    loop = engine.encode_chat([{"role": "user", "content": "Repeat the word cat forever: cat cat cat cat"}])
    engine.submit(Generation(prompt_ids=loop, max_new_tokens=60, temperature=0.0, emit=on_long))
    assert long_started.wait(300)
    short = engine.encode_chat([{"role": "user", "content": PROMPTS[0]}])
    engine.submit(Generation(prompt_ids=short, max_new_tokens=4, temperature=0.0, emit=on_short))
    assert short_done.wait(300)
    finished_first = not long_done.is_set()
    assert long_done.wait(600)
    assert finished_first, "the short request waited for the long one to finish"
    assert "".join(short_text) == generate(engine, PROMPTS[:1], max_new_tokens=4)[0]


def test_a_short_request_behind_a_long_one_takes_at_most_twice_its_steps_alone(engine, monkeypatch):
    """Fairness, counted in model forward passes (the engine's unit of time, so the test is deterministic):
    a 4-token request sent while a 60-token one is decoding needs at most twice the passes it needs alone
    (median of 3 arrival points). Without iteration-level scheduling it waits for the whole long answer."""
    passes = []
    forward = engine.model.forward
    monkeypatch.setattr(engine.model, "forward", lambda *a, **k: (passes.append(1), forward(*a, **k))[1])
    monkeypatch.setattr(engine, "eos_ids", set())  # every request runs to its max_new_tokens
    short = engine.encode_chat([{"role": "user", "content": PROMPTS[0]}])
    long = engine.encode_chat([{"role": "user", "content": "Repeat the word cat forever: cat cat cat cat"}])

    def passes_for_short(after_long_tokens: int | None) -> int:
        long_done = threading.Event()
        if after_long_tokens is not None:
            engine.submit(
                Generation(
                    prompt_ids=long,
                    max_new_tokens=60,
                    temperature=0.0,
                    emit=lambda e: isinstance(e, Done) and long_done.set(),
                )
            )
            while len(passes) < after_long_tokens:
                threading.Event().wait(0.005)
        done = threading.Event()
        before = len(passes)
        engine.submit(
            Generation(
                prompt_ids=short, max_new_tokens=4, temperature=0.0, emit=lambda e: isinstance(e, Done) and done.set()
            )
        )
        assert done.wait(300)
        taken = len(passes) - before
        if after_long_tokens is not None:
            assert long_done.wait(600)
        passes.clear()
        return taken

    alone = passes_for_short(None)
    behind = sorted(passes_for_short(n) for n in (2, 10, 30))[1]
    assert behind <= 2 * alone, f"{behind} forward passes behind a long request, {alone} alone"


def ends(events: list) -> Callable:
    """An emit that records every event; `ended` is set on the last one (Done or Failed)."""
    ended = threading.Event()

    def on(event):
        events.append(event)
        if not isinstance(event, Delta):
            ended.set()

    on.ended = ended
    return on


@pytest.mark.parametrize("where", ["prefill of a joining request", "decode step"])
def test_an_engine_error_ends_every_request_it_took(engine, monkeypatch, where):
    """A request taken off the waiting list gets an answer or a Failed event, never silence (a stream
    would hang): a long request is decoding, a short one joins, and the next model call raises."""
    from helpers.server.engine import Failed

    monkeypatch.setattr(engine, "eos_ids", set())  # the long request runs to its max_new_tokens
    long_events, short_events = [], []
    on_long, on_short = ends(long_events), ends(short_events)
    started = threading.Event()
    original_prefill, forward = engine._prefill, engine.model.forward
    if where == "decode step":

        def broken_forward(*args, **kwargs):
            if short_events and started.is_set():  # the short one has been taken: break the next step
                raise RuntimeError("planted decode failure")
            return forward(*args, **kwargs)

        monkeypatch.setattr(engine.model, "forward", broken_forward)
    else:

        def broken_prefill(model, batch, **options):
            if any(g.emit is on_short for g in batch):
                raise RuntimeError("planted prefill failure")
            return original_prefill(model, batch, **options)

        monkeypatch.setattr(engine, "_prefill", broken_prefill)

    def on_long_delta(event):
        started.set()
        on_long(event)

    on_long_delta.ended = on_long.ended
    loop = engine.encode_chat([{"role": "user", "content": "Repeat the word cat forever: cat cat cat cat"}])
    engine.submit(Generation(prompt_ids=loop, max_new_tokens=200, temperature=0.0, emit=on_long_delta))
    assert started.wait(300)
    short = engine.encode_chat([{"role": "user", "content": PROMPTS[0]}])
    short_events.append("submitted")
    engine.submit(Generation(prompt_ids=short, max_new_tokens=4, temperature=0.0, emit=on_short))
    assert on_short.ended.wait(120), f"the joining request got no answer after a {where} failure: it would hang"
    assert on_long.ended.wait(120), f"the running request got no answer after a {where} failure"
    assert isinstance(short_events[-1], Failed) and "planted" in short_events[-1].message
    assert isinstance(long_events[-1], Failed)
    assert sum(not isinstance(e, (Delta, str)) for e in long_events + short_events) == 2  # one end each
    monkeypatch.undo()
    assert generate(engine, PROMPTS[:1], max_new_tokens=4)[0]  # the engine still serves


def test_a_row_that_outlives_the_batch_it_joined_keeps_its_answer(engine, monkeypatch):
    """When the rows before it leave, the cache columns only they used are dropped (`_trim`): the row that
    stays must get the answer it gets alone, and the cache must shrink."""
    from helpers.server import engine as engine_module

    widths, first_started, texts, done = [], threading.Event(), {"first": [], "second": []}, {}
    trim = engine_module._trim
    monkeypatch.setattr(engine_module, "_trim", lambda cache, mask: _record(widths, trim(cache, mask)))

    def on(name):
        done[name] = threading.Event()

        def emit(event):
            if isinstance(event, Delta):
                texts[name].append(event.text)
                first_started.set()
            else:
                done[name].set()

        return emit

    first = engine.encode_chat([{"role": "user", "content": "Write one sentence about the sea and the sky."}])
    engine.submit(Generation(prompt_ids=first, max_new_tokens=6, temperature=0.0, emit=on("first")))
    assert first_started.wait(300)
    second = engine.encode_chat([{"role": "user", "content": PROMPTS[1]}])
    engine.submit(Generation(prompt_ids=second, max_new_tokens=16, temperature=0.0, emit=on("second")))
    assert done["first"].wait(300) and done["second"].wait(300)
    assert "".join(texts["second"]) == generate(engine, PROMPTS[1:2], max_new_tokens=16)[0]
    assert widths and all(widths), "a column that no row attends to was kept"


def _record(first_column_used: list[bool], mask):
    if len(mask):  # (the last row leaving leaves no rows)
        first_column_used.append(bool(mask[:, 0].any()))
    return mask
