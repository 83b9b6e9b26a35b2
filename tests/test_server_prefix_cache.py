"""Shared prompt beginnings are computed once (helpers/server/prefix_cache.py), prompts of different kinds sent
together run in passes of their own kind (prefill_groups.py), and the answers stay the same.

The engine tests run in float32, where a different grouping of the same sums cannot flip a greedy choice;
the course server's bfloat16 answers may differ in a word (benchmarks/prefix.py measures how often)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from helpers.server.engine import Delta, Generation
from helpers.server.prefill_groups import prefill_groups
from helpers.server.prefix_cache import MIN_SHARED, PrefixCache, common_length, shared_length

from . import server_inprocess

SYSTEM = (
    "You sort the support tickets of a bicycle shop. Answer with exactly one word: repairs, sales or "
    "billing. Repairs are about brakes, chains, gears and wheels; sales about new bikes and parts."
)
TICKETS = ["My brakes squeak.", "How much is the red bike?", "I was charged twice.", "The chain fell off."]
OTHER_SYSTEM = (
    "You are the shop's friendly assistant. Reply to the customer in one short, polite sentence that says what "
    "happens next; never promise a refund, and never name a price."
)


def kv(tokens: int, fill: float = 0.0) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Keys and values of a 2-layer toy model for `tokens` tokens."""
    return [(torch.full((1, 1, tokens, 2), fill), torch.full((1, 1, tokens, 2), fill)) for _ in range(2)]


def ids(*values: int) -> np.ndarray:
    return np.array(values)


def test_shared_lengths():
    assert shared_length(ids(1, 2, 3), ids(1, 2, 4, 5)) == 2
    assert shared_length(ids(1, 2), ids(1, 2, 3)) == 2
    assert shared_length(ids(9), ids(1)) == 0
    assert common_length([ids(1, 2, 3, 4), ids(1, 2, 3), ids(1, 2, 7)]) == 2
    assert common_length([ids(1, 2, 3)]) == 3


def test_the_longest_beginning_every_prompt_shares_with_one_kept_prompt():
    cache = PrefixCache()
    short, long = np.arange(20), np.arange(40)
    cache.keep(None, short, kv(20, 1.0))
    cache.keep(None, np.concatenate([np.arange(30), [-1] * 10]), kv(40, 2.0))
    prompts = [np.concatenate([long[:35], [7]]), np.concatenate([long[:32], [8, 9]])]
    known, layers = cache.longest(None, prompts, limit=100)
    assert known == 30 and layers[0][0].shape == (1, 1, 30, 2) and float(layers[0][0][0, 0, 0, 0]) == 2.0
    assert cache.longest(None, prompts, limit=25)[0] == 25  # every row must still run its last token
    assert cache.longest("ft:course:pirate", prompts, limit=100) == (0, [])  # another model's keys differ


def test_prompts_that_share_a_beginning_run_in_one_pass_and_other_kinds_in_their_own():
    first, second = np.arange(100, 180), np.arange(500, 560)  # two system prompts: 80 and 60 tokens
    prompts = [np.concatenate([(first, second)[i % 2], [i, i + 1000]]) for i in range(8)]  # interleaved
    groups = prefill_groups(prompts)
    assert sorted(sorted(g) for g in groups) == [[0, 2, 4, 6], [1, 3, 5, 7]]
    alike = [np.concatenate([first, np.arange(i, i + 10 + i % 3)]) for i in range(6)]
    assert [sorted(g) for g in prefill_groups(alike)] == [list(range(6))]  # a token or two of padding
    outlier = alike + [np.concatenate([first, np.arange(900, 1200)])]
    assert sorted(sorted(g) for g in prefill_groups(outlier)) == [[0, 1, 2, 3, 4, 5], [6]]  # not 6 x 300 pads
    assert prefill_groups([np.arange(5)]) == [[0]]


def test_a_prompt_that_extends_a_kept_one_replaces_it_and_the_budget_drops_the_oldest():
    cache = PrefixCache(budget_tokens=100)
    cache.keep(None, np.arange(30), kv(30))
    cache.keep(None, np.arange(50), kv(50))  # extends the first
    assert cache.tokens == 50
    cache.keep(None, np.arange(40), kv(40))  # covered by the kept one: nothing new
    assert cache.tokens == 50
    cache.keep(None, np.arange(100, 140), kv(40))
    cache.keep(None, np.arange(200, 240), kv(40))  # over the budget: the least recently used goes
    assert cache.tokens == 80 and cache.longest(None, [np.arange(60)], limit=59)[0] == 0
    cache.keep(None, np.arange(MIN_SHARED - 1), kv(MIN_SHARED - 1))  # too short to be worth keeping
    assert cache.tokens == 80


def test_a_deleted_model_leaves_nothing_behind():
    cache = PrefixCache()
    cache.keep("ft:a", np.arange(30), kv(30))
    cache.keep(None, np.arange(30), kv(30))
    cache.forget("ft:a")
    assert cache.longest("ft:a", [np.arange(40)], limit=39)[0] == 0
    assert cache.longest(None, [np.arange(40)], limit=39)[0] == 30


@pytest.fixture(scope="module")
def engine():
    from helpers.models import KIT
    from helpers.server.engine import Engine

    return Engine(KIT["chat"].path, dtype=torch.float32)


def answer(engine, tickets: list[str]) -> list[str]:
    """Send every ticket at once (one batch) and return each greedy answer."""
    chats = [[{"role": "system", "content": SYSTEM}, {"role": "user", "content": t}] for t in tickets]
    prompts = [engine.encode_chat(chat) for chat in chats]
    return server_inprocess.answers(engine, prompts, max_new_tokens=8, temperature=0.0)


def computed(engine, send) -> tuple[int, object]:
    """Prompt tokens the engine ran through the model while `send()` ran, and what it returned."""
    before = engine.prompt_tokens["computed"]
    result = send()
    return engine.prompt_tokens["computed"] - before, result


def test_a_batch_runs_its_shared_system_prompt_once_and_answers_the_same(engine, monkeypatch):
    lengths = [
        len(engine.encode_chat([{"role": "system", "content": SYSTEM}, {"role": "user", "content": t}]))
        for t in TICKETS
    ]
    monkeypatch.setattr(engine, "prefixes", None)
    without, expected = computed(engine, lambda: answer(engine, TICKETS))
    assert without == sum(lengths)
    monkeypatch.setattr(engine, "prefixes", PrefixCache())
    first, together = computed(engine, lambda: answer(engine, TICKETS))
    assert together == expected
    assert first < sum(lengths) / 2  # the system prompt (~50 tokens of ~60 each) ran once, not 4 times
    again, repeated = computed(engine, lambda: answer(engine, TICKETS))
    assert repeated == expected and again < first  # the next batch starts from the kept beginning


def test_a_request_alone_is_run_whole_so_its_answer_never_depends_on_what_ran_before(engine, monkeypatch):
    """In bfloat16, kept keys and values round differently from a whole prompt: a learner who runs a cell
    twice, one request after another, must get the same greedy answer twice."""
    chat = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": TICKETS[0]}]
    length = len(engine.encode_chat(chat))
    monkeypatch.setattr(engine, "prefixes", PrefixCache())
    first, one = computed(engine, lambda: answer(engine, TICKETS[:1]))
    second, two = computed(engine, lambda: answer(engine, TICKETS[:1]))
    assert first == second == length and one == two
    assert engine.prefixes.tokens == length  # kept, for requests that join a running batch


def test_a_request_that_joins_a_running_batch_reuses_the_kept_system_prompt(engine, monkeypatch):
    monkeypatch.setattr(engine, "eos_ids", set())  # every request runs to its max_new_tokens
    monkeypatch.setattr(engine, "prefixes", PrefixCache())
    expected = answer(engine, TICKETS[1:2])  # alone: run whole, and its prompt is kept
    started, finished = threading.Event(), threading.Event()
    chat = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": TICKETS[0]}]
    engine.submit(
        Generation(
            prompt_ids=engine.encode_chat(chat),
            max_new_tokens=60,
            temperature=0.0,
            emit=lambda event: (started if isinstance(event, Delta) else finished).set(),
        )
    )
    assert started.wait(300)
    joined, text = computed(engine, lambda: answer(engine, TICKETS[1:2]))
    assert not finished.is_set(), "the request did not join a running batch"
    assert text == expected
    own = len(engine.encode_chat([{"role": "system", "content": SYSTEM}, {"role": "user", "content": TICKETS[1]}]))
    assert joined < own / 3
    assert finished.wait(300)


def test_two_kinds_of_prompt_sent_together_each_run_their_beginning_once_and_answer_as_alone(engine, monkeypatch):
    """Notebook 06's way: several prompt designs for the same tickets at once. Each row answers as in a batch
    of its own kind, and each system prompt runs once (one pass for all would share only the chat template)."""
    chats = [
        [{"role": "system", "content": system}, {"role": "user", "content": t}]
        for system in (SYSTEM, OTHER_SYSTEM)
        for t in TICKETS
    ]
    prompts = [engine.encode_chat(chat) for chat in chats]  # 4 of each kind
    send = lambda chosen: server_inprocess.answers(engine, chosen, max_new_tokens=8, temperature=0.0)  # noqa: E731
    monkeypatch.setattr(engine, "prefixes", PrefixCache())
    by_kind = send(prompts[:4]) + send(prompts[4:])
    monkeypatch.setattr(engine, "prefixes", PrefixCache())  # nothing kept from those
    order = [0, 4, 1, 5, 2, 6, 3, 7]  # the kinds interleaved, as a thread pool sends them
    spent, mixed = computed(engine, lambda: send([prompts[i] for i in order]))
    assert mixed == [by_kind[i] for i in order]
    shared = [common_length([np.asarray(p) for p in kind]) for kind in (prompts[:4], prompts[4:])]
    assert spent <= sum(shared) + sum(len(p) - shared[i // 4] for i, p in enumerate(prompts))  # not 8 x ~46
