"""Batched text generation for the chat model (SmolLM2) on CPU.

Why our own loop instead of the stock `transformers serve` generation: the stock server runs one
request at a time (or, with --continuous-batching, uses paged attention that took 8.8 GB RSS here).
A learner's notebook, a classroom or the benchmark sends several requests at once, so a scheduler
(`serve`, in the server process's main thread) gathers the requests that arrive within a few milliseconds and decodes them together: left
padding, one shared DynamicCache, per-row sampling (temperature, top_p, seed), stop strings and
max_tokens, and each row's text streamed as soon as it is decoded. Finished or cancelled rows leave
the batch and new requests join it at the next decode step, so a short question never waits for a long
answer to finish.
We reuse transformers for the tokenizer/chat template, the model forward, the cache and the logits
warpers.
"""

from __future__ import annotations

import queue
import random
import shutil
from contextlib import nullcontext
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, DynamicCache, TemperatureLogitsWarper, TopPLogitsWarper

from . import prefix_cache
from .decode_attention import use_decode_attention
from .fast_linear import pack_linears
from .kv_cache import compact, growing_cache
from .prefill_groups import prefill_groups
from .prefix_cache import MIN_SAVED, MIN_SHARED, KeysValues, PrefixCache, common_length
from .loading import MODEL_LOADING
from ..settings import SERVER_MAX_BATCH

GATHER_S = 0.004  # wait this long after the first request for others to join its batch
MAX_BATCH = SERVER_MAX_BATCH  # rows decoded together: decoding is memory-bound, so 32 rows cost little more than 1 (a class of 32)
DEFAULT_MAX_TOKENS = 512  # OpenAI has no small default; a 2-core CPU needs one (say so in the docs)


@dataclass(frozen=True)
class Delta:
    """New text of the answer (already checked against the stop strings)."""

    text: str


@dataclass(frozen=True)
class Done:
    """The last event of a request: why it ended and the token counts for `usage`."""

    finish_reason: str  # "stop" or "length"
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class Failed:
    """Generation failed inside the engine (a server bug, never the client's input)."""

    message: str


Event = Delta | Done | Failed


@dataclass
class Generation:
    """One request: prompt token ids in, `Delta` events and then one `Done` (or `Failed`) out through `emit`."""

    prompt_ids: list[int]
    max_new_tokens: int
    emit: Callable[[Event], None]
    temperature: float = 1.0
    top_p: float = 1.0
    seed: int | None = None
    stop: list[str] = field(default_factory=list)
    frequency_penalty: float = 0.0  # OpenAI's: minus this times how often a token was already generated
    presence_penalty: float = 0.0  # minus this once for every token already generated
    adapter: str | None = None  # fine-tuned model id, None for the base model
    constraint: object | None = None  # structured.Constraint: only tokens its grammar allows (schemas, tools)
    cancelled: threading.Event = field(default_factory=threading.Event)
    # decoding state
    tokens: list[int] = field(default_factory=list)
    sent: str = ""
    finished: bool = False  # its Done was sent

    def __post_init__(self) -> None:
        self.generator = torch.Generator().manual_seed(self.seed if self.seed is not None else random.randrange(2**63))
        self.warpers = (
            []
            if self.temperature <= 0
            else [TemperatureLogitsWarper(self.temperature)]
            + ([TopPLogitsWarper(self.top_p)] if self.top_p < 1.0 else [])
        )


class Engine:
    """Owns the chat model; `submit()` is thread-safe and returns at once."""

    def __init__(self, path: str | Path, dtype: torch.dtype = torch.bfloat16, background: bool = True):
        """`background=False`: the caller runs `serve()` itself, best in the main thread (see `serve`)."""
        with MODEL_LOADING:  # from_pretrained is not thread-safe (loading.py)
            self.tokenizer = AutoTokenizer.from_pretrained(path)
            self.model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype).eval()
        pack_linears(self.model)  # same answers, ~25 % faster decoding on CPU (fast_linear.py)
        use_decode_attention(self.model)  # unpadded decoding steps: attention 5x faster (decode_attention.py)
        self.path = Path(path)
        self.context_length = int(self.model.config.max_position_embeddings)
        eos = self.model.generation_config.eos_token_id
        self.eos_ids = {self.tokenizer.eos_token_id, *(eos if isinstance(eos, list) else [eos])} - {None}
        self.pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        self.adapters: dict[str, Path] = {}  # fine-tuned id -> adapter folder (loaded lazily)
        self._peft = None  # PeftModel around self.model once an adapter is loaded (small: LoRA weights only)
        self._queue: queue.Queue[Generation] = queue.Queue()
        self._waiting: list[Generation] = []  # taken from the queue, not yet in a batch (engine thread only)
        self._running: list[Generation] = []
        self.prefixes = PrefixCache() if prefix_cache.enabled() else None  # shared prompt beginnings
        self.prompt_tokens = {"computed": 0, "reused": 0}  # prompt tokens run through the model, or reused
        if background:
            threading.Thread(target=self.serve, name="course-engine", daemon=True).start()

    # --- prompts ---
    def encode_chat(self, messages: list[dict]) -> list[int]:
        ids = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True, return_dict=True)[
            "input_ids"
        ]
        return list(ids)

    def submit(self, generation: Generation) -> None:
        self._queue.put(generation)

    def remove_adapter(self, name: str) -> None:
        """Forget a fine-tuned model (`models.delete`); requests already running with it finish."""
        folder = self.adapters.pop(name)
        if self.prefixes is not None:
            self.prefixes.forget(name)
        shutil.rmtree(folder, ignore_errors=True)

    # --- the scheduler ---
    def serve(self) -> None:
        """Decode submitted requests, forever. Twice as fast in the process's main thread: PyTorch's
        OpenMP threads spin while they wait for work there, but only sleep and wake (~50 µs a time, some
        300 times per token) when the work comes from another thread (libgomp's throttled spinning)."""
        while True:
            if not self._waiting:
                self._waiting.append(self._queue.get())
                time.sleep(GATHER_S)  # let requests sent together start together
            batch = self._take(self._waiting[0].adapter, MAX_BATCH)
            if not batch:
                continue
            self._running = batch
            try:
                with torch.inference_mode():
                    self._run(batch)
            except Exception as error:  # never kill the thread; tell every request it took
                for g in self._running:
                    if not g.cancelled.is_set() and not g.finished:
                        g.emit(Failed(repr(error)))

    def _take(self, adapter: str | None, room: int) -> list[Generation]:
        """Up to `room` waiting requests for the same model, oldest first (requests already cancelled are dropped)."""
        while True:
            try:
                self._waiting.append(self._queue.get_nowait())
            except queue.Empty:
                break
        self._waiting = [g for g in self._waiting if not g.cancelled.is_set()]
        chosen = [g for g in self._waiting if g.adapter == adapter][:room]
        taken = {id(g) for g in chosen}
        self._waiting = [g for g in self._waiting if id(g) not in taken]
        return chosen

    def _model_for(self, name: str | None):
        """The module to call and a context: the base model, or the same weights with one LoRA adapter on."""
        if name is None:
            return (self.model, nullcontext()) if self._peft is None else (self._peft, self._peft.disable_adapter())
        if self._peft is None or name not in self._peft.peft_config:
            self._load_adapter(name)
        self._peft.set_adapter(name)
        return self._peft, nullcontext()

    def _load_adapter(self, name: str) -> None:
        """Put a fine-tuned model's LoRA weights beside the base weights (never beside another model load)."""
        from peft import PeftModel

        with MODEL_LOADING:  # from_pretrained is not thread-safe (loading.py)
            if self._peft is None:
                self._peft = PeftModel.from_pretrained(self.model, str(self.adapters[name]), adapter_name=name)
            else:
                self._peft.load_adapter(str(self.adapters[name]), adapter_name=name)

    def _run(self, batch: list[Generation]) -> None:
        model, context = self._model_for(batch[0].adapter)
        with context:
            self._decode(model, batch)

    def _prefill(self, model, batch: list[Generation], alone: bool = False):
        """Run the prompts; returns the rows in the order of their cache rows, the cache, attention mask,
        positions and next-token logits. Prompts that share a beginning and a length run together, in as
        few passes as cost the fewest tokens (prefill_groups.py); the passes' caches are then joined.

        A request `alone` (one row, nothing else decoding) is run whole: kept keys and values would round
        differently, and a learner who runs the same cell twice, one request after another, gets the same
        greedy answer twice."""
        if len(batch) == 1:
            return (batch, *self._prefill_pass(model, batch, alone=alone, keep=True))
        groups = [[batch[i] for i in group] for group in prefill_groups([np.asarray(g.prompt_ids) for g in batch])]
        rows, (cache, mask, positions, logits) = groups[0], self._prefill_pass(model, groups[0])
        for group in groups[1:]:
            new_cache, new_mask, new_positions, new_logits = self._prefill_pass(model, group)
            mask = _join(cache, mask, new_cache, new_mask)
            positions, logits = torch.cat([positions, new_positions]), torch.cat([logits, new_logits])
            rows = rows + group
        return rows, cache, mask, positions, logits

    def _prefill_pass(self, model, batch: list[Generation], alone: bool = False, keep: bool = False):
        """One pass over the prompts: cache, attention mask, positions and next-token logits.

        Each row's columns: the beginning that every prompt shares (reused or run once, prefix_cache.py),
        then left padding, then the rest of the row's prompt. `keep`: a lone prompt's keys and values are
        kept for a later prompt that starts the same (a conversation's next turn)."""
        adapter = batch[0].adapter
        prompts = [np.asarray(g.prompt_ids) for g in batch]
        known, prefix = (0, []) if alone else self._shared_beginning(model, adapter, prompts)
        rests = [g.prompt_ids[known:] for g in batch]
        width = max(len(rest) for rest in rests)
        ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), known + width), dtype=torch.long)
        positions = torch.zeros((len(batch), width), dtype=torch.long)
        mask[:, :known] = 1
        for row, rest in enumerate(rests):  # left padding, after the shared beginning
            ids[row, width - len(rest) :] = torch.tensor(rest)
            mask[row, known + width - len(rest) :] = 1
            positions[row, width - len(rest) :] = torch.arange(known, known + len(rest))
        self.prompt_tokens["computed"] += sum(len(rest) for rest in rests)
        cache = self._cache_from(prefix, rows=len(batch))
        out = model(
            input_ids=ids, attention_mask=mask, position_ids=positions, cache=cache, use_cache=True, logits_to_keep=1
        )
        if self.prefixes is not None and keep:  # one row, no padding: its whole prompt
            self.prefixes.keep(
                adapter, prompts[0], [(compact(layer.keys), compact(layer.values)) for layer in cache.layers]
            )
        return cache, mask, positions[:, -1:], out.logits[:, -1, :].float()

    def _shared_beginning(self, model, adapter: str | None, prompts: list[np.ndarray]) -> tuple[int, KeysValues]:
        """How many first tokens every prompt shares that need no computing now, and their keys and values."""
        if self.prefixes is None:
            return 0, []
        limit = min(len(p) for p in prompts) - 1  # every row runs at least its last token: its logits
        known, layers = self.prefixes.longest(adapter, prompts, limit)
        shared = min(limit, common_length(prompts)) if len(prompts) > 1 else 0
        if shared - known >= MIN_SHARED and (len(prompts) - 1) * (shared - known) >= MIN_SAVED:  # run it once
            cache = self._cache_from(layers, rows=1)
            model(
                input_ids=torch.tensor(prompts[0][known:shared]).unsqueeze(0),
                attention_mask=torch.ones((1, shared), dtype=torch.long),
                position_ids=torch.arange(known, shared).unsqueeze(0),
                cache=cache,
                use_cache=True,
                logits_to_keep=1,
            )
            self.prompt_tokens["computed"] += shared - known
            layers = [(compact(layer.keys), compact(layer.values)) for layer in cache.layers]
            self.prefixes.keep(adapter, prompts[0][:shared], layers)
            known = shared
        self.prompt_tokens["reused"] += known * len(prompts)
        return known, layers

    def _cache_from(self, layers: KeysValues, rows: int) -> DynamicCache:
        """A cache that starts with the given keys and values (one row's), the same for every row."""
        cache = growing_cache(self.model.config)  # appends in place: no copy of the cache per step
        for index, (keys, values) in enumerate(layers):
            cache.update(keys.expand(rows, -1, -1, -1), values.expand(rows, -1, -1, -1), index)
        return cache

    def _decode(self, model, batch: list[Generation]) -> None:
        """Decode step by step. Iteration-level scheduling (as vLLM and TGI do): after every step, requests
        that arrived meanwhile for the same model join the batch, and finished or cancelled rows leave it."""
        active, cache, mask, positions, logits = self._prefill(model, batch, alone=len(batch) == 1)
        self._running = list(active)
        while True:
            next_ids, keep = [], []
            for row, g in enumerate(active):
                token = self._sample(g, logits[row : row + 1])
                if not self._step(g, token):
                    keep.append(row)
                    next_ids.append(token)
            if len(keep) < len(active):
                index = torch.tensor(keep, dtype=torch.long)
                cache.batch_select_indices(index)
                mask, positions = _trim(cache, mask[index]), positions[index]
                active = [active[i] for i in keep]
            joining = self._take(batch[0].adapter, MAX_BATCH - len(active))
            self._running = active + joining  # off the waiting list: each gets an answer or Failed (serve)
            if not active:
                if not joining:
                    return
                active, cache, mask, positions, logits = self._prefill(model, joining, alone=len(joining) == 1)
                continue
            mask = torch.cat([mask, torch.ones((len(active), 1), dtype=torch.long)], dim=1)
            positions = positions + 1
            out = model(
                input_ids=torch.tensor(next_ids).unsqueeze(1),
                attention_mask=mask,
                position_ids=positions,
                cache=cache,
                use_cache=True,
            )
            logits = out.logits[:, -1, :].float()
            if joining:
                joining, new_cache, new_mask, new_positions, new_logits = self._prefill(model, joining)
                mask = _join(cache, mask, new_cache, new_mask)
                positions, logits = torch.cat([positions, new_positions]), torch.cat([logits, new_logits])
                active = active + joining

    @staticmethod
    def _sample(g: Generation, logits: torch.Tensor) -> int:
        if g.tokens and (g.frequency_penalty or g.presence_penalty):
            counts = torch.bincount(torch.tensor(g.tokens), minlength=logits.shape[-1])[: logits.shape[-1]].float()
            logits = logits - g.frequency_penalty * counts - g.presence_penalty * (counts > 0).float()
        if g.constraint is not None:
            logits = g.constraint.mask(logits)
        if not g.warpers:
            return int(logits.argmax(-1))
        prefix = torch.tensor([g.prompt_ids + g.tokens])
        for warp in g.warpers:
            logits = warp(prefix, logits)
        probs = torch.softmax(logits, dim=-1)
        return int(torch.multinomial(probs, 1, generator=g.generator))

    def _step(self, g: Generation, token: int) -> bool:
        """Record one token, stream new text; True when this row is finished."""
        if g.cancelled.is_set():
            return True
        g.tokens.append(token)
        finish = None
        if g.constraint is not None:
            g.constraint.advance(token)
        if token in self.eos_ids or (g.constraint is not None and g.constraint.done):
            finish = "stop"
        text = self.tokenizer.decode(g.tokens, skip_special_tokens=True)
        hits = [text.find(s) for s in g.stop if s and s in text]
        if hits:
            text, finish = text[: min(hits)], "stop"
        elif finish is None and len(g.tokens) >= g.max_new_tokens:
            finish = "length"
        if finish is None:  # hold back a half-decoded character or a possible start of a stop string
            hold = len(text) - len(text.rstrip("\ufffd"))
            for s in g.stop:
                for k in range(min(len(s) - 1, len(text)), 0, -1):
                    if text.endswith(s[:k]):
                        hold = max(hold, k)
                        break
            text = text[: len(text) - hold]
        if len(text) > len(g.sent) and text.startswith(g.sent):
            g.emit(Delta(text[len(g.sent) :]))
            g.sent = text
        if finish:
            g.finished = True
            g.emit(Done(finish, len(g.prompt_ids), len(g.tokens)))
            return True
        return False


def _trim(cache: DynamicCache, mask: torch.Tensor) -> torch.Tensor:
    """Drop the cache's leading columns that no row attends to any more (the left padding that only rows
    which left the batch needed); returns the trimmed mask. Without this, a batch that new requests keep
    joining grows one column per step for as long as it lives (memory and attention time)."""
    used = mask.any(dim=0).nonzero()
    start = int(used[0]) if len(used) else 0
    if start == 0:
        return mask
    for layer in cache.layers:
        layer.keys, layer.values = layer.keys[:, :, start:], layer.values[:, :, start:]
    return mask[:, start:]


def _join(cache: DynamicCache, mask: torch.Tensor, new_cache: DynamicCache, new_mask: torch.Tensor) -> torch.Tensor:
    """Append the rows of `new_cache` to `cache` (both left-padded to the longer one); returns the joint mask."""
    width = max(mask.shape[1], new_mask.shape[1])

    def pad(x: torch.Tensor, dim: int) -> torch.Tensor:  # zeros on the left of `dim`: masked out, never attended
        missing = width - x.shape[dim]
        return x if missing == 0 else torch.cat([x.new_zeros(*x.shape[:dim], missing, *x.shape[dim + 1 :]), x], dim)

    for layer, new in zip(cache.layers, new_cache.layers):
        layer.keys = torch.cat([pad(layer.keys, 2), pad(new.keys, 2)])
        layer.values = torch.cat([pad(layer.values, 2), pad(new.values, 2)])
    return torch.cat([pad(mask, 1), pad(new_mask, 1)])
