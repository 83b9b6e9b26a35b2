"""Every exercise: its own solution passes check(), and labelled plausible wrong answers do not.

Each solution is the text show_solution() prints, run in a namespace that stands for the notebook
(a fake client where the notebook would call a model), so the solution a learner copies is what is tested.
"""

import json
import re
import typing
from pathlib import Path
from types import SimpleNamespace

import httpx
import numpy as np
import openai
import pandas as pd
import pydantic
import pytest
import torch

from helpers import pricing
from helpers.exercises import REGISTRY, load_all
from helpers.exercises.core import check
from tests.test_capstone import CASES_07
from helpers.exercises.nb04_hugging_face import SCENARIOS
from helpers.settings import OPENAI_MODELS

load_all()


@pytest.fixture(autouse=True)
def _private_progress(tmp_path, monkeypatch):
    """check() records passes; keep them out of the learner's real progress file."""
    monkeypatch.setenv("COURSE_PROGRESS", str(tmp_path / "progress.json"))


def _fake_client(reply: str) -> SimpleNamespace:
    """Stands for get_client(): chat.completions.create answers `reply`."""
    answer = SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=reply))])
    return SimpleNamespace(chat=SimpleNamespace(completions=SimpleNamespace(create=lambda **_: answer)))


def _tokenizer():
    from helpers.models import KIT

    if not KIT["chat"].ready():
        pytest.skip("offline chat model not prepared (course prepare)")
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(KIT["chat"].path)


def _reviews():
    from datasets import load_dataset

    from helpers.sentiment import SENTIMENT_DIR

    return load_dataset("csv", data_files={"train": str(SENTIMENT_DIR / "train.csv")})


def _bad_line() -> str:
    """Line 1 of bad_examples.jsonl, which notebook 05 prints (exercise 05.1)."""
    from helpers.settings import DATA_DIR

    return (DATA_DIR / "finetune" / "bad_examples.jsonl").read_text().splitlines()[0]


def _solve_f1_parts(matrix) -> tuple[float, float]:
    """(precision, recall) of the positive class, for wrong answers to 05.2."""
    tp, fp, fn = matrix.iloc[1, 1], matrix.iloc[0, 1], matrix.iloc[1, 0]
    return tp / (tp + fp), tp / (tp + fn)


def _error(cls, status: int):
    request = httpx.Request("GET", "http://127.0.0.1/v1/models")
    return cls("x", response=httpx.Response(status, request=request, json={"error": {"message": "x"}}), body=None)


MATRIX = pd.DataFrame(
    [[60, 10], [5, 65]], index=["true negative", "true positive"], columns=["predicted negative", "predicted positive"]
)
PRECISION, RECALL = 65 / 75, 65 / 70
TUTOR = [
    {"role": "system", "content": "You are a patient tutor. Answer in one sentence."},
    {"role": "user", "content": "What is an embedding?"},
]
ONE = "An embedding is a list of numbers that stands for the meaning of a text."
REVIEW = "The battery died after one day."
FEW_SHOT = [
    {"role": "system", "content": "Classify the review's sentiment. Reply with positive or negative only."},
    {"role": "user", "content": 'Review: """I love this phone."""'},
    {"role": "assistant", "content": "positive"},
    {"role": "user", "content": 'Review: """The food was cold."""'},
    {"role": "assistant", "content": "negative"},
    {"role": "user", "content": f'Review: """{REVIEW}"""'},
]
EXAMPLE_PROBS = np.exp(np.array([2.0, 1.0, 0.5, -1.0]) / 0.5) / np.exp(np.array([2.0, 1.0, 0.5, -1.0]) / 0.5).sum()
DISC = __import__("helpers.diffusion").diffusion.shapes()["disc"]  # notebook 01's clean image
KEY_PATTERN = re.compile(r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}")  # notebook 02's leak scan
CALL = SimpleNamespace(id="call_1", function=SimpleNamespace(name="calculator", arguments='{"a": 6, "b": 7}'))


def _softmax(scaled: np.ndarray) -> np.ndarray:
    return np.exp(scaled - scaled.max()) / np.exp(scaled - scaled.max()).sum()


def _mode() -> str:
    from helpers.client import current_mode

    return current_mode().name


# exercise id -> (namespace for the solution, names whose values go to check(), labelled wrong answers).
# The wrong answers always include REQUIRED_LABELS: the notebook's placeholder, an answer built from the
# notebook's own worked example or printed values, and a plausible wrong method.
CASES = {
    "00.1": (
        lambda: {"current_mode": __import__("helpers.client").client.current_mode},
        ["my_mode"],
        lambda: {
            "placeholder": (None,),
            "from the example": ("offline",),  # "offline" is how 00 names the third way to run
            "wrong method": (next(m for m in ("openai", "local") if m != _mode()),),
        },
    ),  # the other mode
    "00.2": (
        dict,
        ["which_mode"],
        lambda: {
            "placeholder": (lambda env: None,),
            "from the example": (lambda env: _mode(),),  # the mode printed in the notebook
            "wrong method": (
                lambda env: (
                    "openai"
                    if env.get("OPENAI_API_KEY")
                    # a key first
                    else "compatible"
                    if env.get("OPENAI_BASE_URL")
                    else "local"
                ),
            ),
            "any base URL": (
                lambda env: (
                    "compatible"
                    if env.get("OPENAI_BASE_URL", "").strip()
                    else "openai"
                    if env.get("OPENAI_API_KEY", "").strip()
                    else "local"
                ),
            ),
            "an empty key counts": (
                lambda env: (
                    "compatible"
                    if "localhost" in env.get("OPENAI_BASE_URL", "") or "10.0" in env.get("OPENAI_BASE_URL", "")
                    else "openai"
                    if "OPENAI_API_KEY" in env
                    else "local"
                ),
            ),
        },
    ),
    "01.1": (
        lambda: {"tokenizer": _tokenizer()},
        ["text"],
        lambda: {
            "placeholder": (None,),
            "from the example": ("Generative AI creates new content.",),  # the sentence the notebook prints
            "wrong method": (str(REGISTRY["01.1"].solution.split("(", 1)[1].rstrip(")")),),  # ids as text
            "lower case": ("every token is a number to the model.",),
        },
    ),
    "01.2": (
        lambda: {"np": np},
        ["softmax_t"],
        lambda: {
            "placeholder": (lambda logits, temperature: None,),
            "from the example": (lambda logits, temperature: EXAMPLE_PROBS,),  # 01's logits at T = 0.5
            "wrong method": (lambda logits, temperature: _softmax(np.asarray(logits) * temperature),),
            "temperature ignored": (lambda logits, temperature: _softmax(np.asarray(logits)),),
            "not normalised": (lambda logits, temperature: np.exp(np.asarray(logits) / temperature),),
            "special-cased": (
                lambda logits, temperature: (
                    EXAMPLE_PROBS
                    if temperature == 0.5  # noqa: PLR2004
                    else _softmax(np.asarray(logits))
                ),
            ),
        },
    ),
    "01.3": (
        dict,
        ["examples"],
        lambda: {
            "placeholder": ({"text": None, "images": None, "code": None},),
            "from the example": ({k: "ChatGPT, DALL·E, GitHub Copilot" for k in ("text", "images", "code")},),
            "wrong method": ({"text": "DALL·E", "images": "ChatGPT", "code": "GitHub Copilot"},),
            "one name everywhere": ({"text": "ChatGPT", "images": "ChatGPT", "code": "ChatGPT"},),
        },
    ),
    "01.4": (
        lambda: {"np": np},
        ["clean_image"],
        lambda: {
            "placeholder": (lambda x_t, noise, alpha_bar: None,),
            "from the example": (lambda x_t, noise, alpha_bar: np.resize(DISC, np.shape(x_t)),),
            "wrong method": (lambda x_t, noise, alpha_bar: x_t - noise,),
            "linear mix": (lambda x_t, noise, alpha_bar: (x_t - (1 - alpha_bar) * noise) / alpha_bar,),
            "not rescaled": (lambda x_t, noise, alpha_bar: x_t - np.sqrt(1 - alpha_bar) * noise,),
        },
    ),
    "02.1": (
        dict,
        ["order"],
        lambda: {
            "placeholder": ([],),
            "from the example": (["A", "B", "C", "D", "E"],),  # the order the steps are listed in
            "wrong method": (["E", "C", "A", "D", "B"],),
        },
    ),
    "02.2": (
        dict,
        ["gitignore_lines"],
        lambda: {
            "placeholder": ([".venv/"],),
            "from the example": ([".venv/", "OPENAI_API_KEY"],),  # the name printed from .env
            "wrong method": ([".venv/", "/.env"],),  # only the .env next to .gitignore
            "everything": (["*"],),
            "too wide": ([".venv/", "*env*"],),  # hides environment.yml too
            "no dot": ([".venv/", "env"],),
        },
    ),
    "02.3": (
        lambda: {"openai": openai, "client": SimpleNamespace(base_url="http://127.0.0.1:9/v1")},
        ["key_is_accepted"],
        lambda: {
            "placeholder": (lambda api_key: None,),
            "from the example": (_error(openai.AuthenticationError, 401),),  # the lesson's caught error
            "wrong method": (lambda api_key: True,),  # never asks the server
            "401 escapes": (
                lambda api_key: (
                    openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key=api_key, max_retries=0).models.list()
                    is not None
                ),
            ),
        },
    ),
    "02.4": (
        lambda: {"re": re, "Path": Path},
        ["safe_to_commit"],
        lambda: {
            "placeholder": (lambda path, text: None,),
            "from the example": (lambda path, text: not KEY_PATTERN.search(text),),  # 02's scan, names unread
            "wrong method": (lambda path, text: "sk-" not in text and ".env" not in path,),  # substrings
            "every env file": (lambda path, text: ".env" not in Path(path).name and not KEY_PATTERN.search(text),),
        },
    ),
    "03.1": (
        lambda: {"client": _fake_client(ONE), "MODEL": "test-model", "EXTRA": {}, "STOPS": {"stop": ["."]}},
        ["messages_1", "reply_1"],
        lambda: {
            "placeholder": (None, None),
            "from the example": (
                [
                    {"role": "system", "content": "You are a friendly teacher. Answer in one sentence."},
                    {"role": "user", "content": "What is generative AI?"},
                ],
                ONE,
            ),
            "wrong method": ([{"role": "user", "content": "What is an embedding?"}], ONE),
            "helpful assistant": ([{"role": "system", "content": "You are a helpful assistant."}, TUTOR[1]], ONE),
            "longer reply": (TUTOR, ONE + " It is used for search."),
            "no reply": (TUTOR, None),
        },
    ),
    "03.2": (
        lambda: {"np": np},
        ["cosine"],
        lambda: {
            "placeholder": (lambda a, b: None,),
            "from the example": (lambda a, b: 0.449,),  # the best search hit's printed similarity
            # a.b / |a|^2 agrees with the cosine on all four pairs the old checker tried
            "wrong method": (lambda a, b: float(np.dot(a, b) / np.dot(a, a)),),
            "dot product": (lambda a, b: float(np.dot(a, b)),),
            "distance": (lambda a, b: 1 - _solve("03.2")[0](a, b),),
            "one norm": (lambda a, b: float(np.dot(a, b) / np.linalg.norm(a)),),
            "special-cases the old probes": (
                lambda a, b: {(1, 0, 1, 0): 1.0, (1, 0, 0, 2): 0.0, (1, 2, -1, -2): -1.0, (3, 4, 4, 3): 0.96}.get(
                    tuple(a) + tuple(b), 0.5
                ),
            ),
        },
    ),
    "03.3": (
        lambda: {"price_of": pricing.price_of, "OPENAI_MODELS": OPENAI_MODELS},
        ["call_cost"],
        lambda: {
            "placeholder": (lambda prompt_tokens, completion_tokens: None,),
            "from the example": (
                lambda p, c: pricing.estimate_cost(  # the notebook's typical call
                    OPENAI_MODELS["chat"], {"prompt_tokens": 1000, "completion_tokens": 300}
                ),
            ),
            "wrong method": (lambda p, c: _solve("03.3")[0](c, p),),  # prompt and completion swapped
            "not divided by 1M": (lambda p, c: _solve("03.3")[0](p, c) * 1e6,),
            "one price for both": (lambda p, c: (p + c) * pricing.price_of(OPENAI_MODELS["chat"]).input / 1e6,),
            "the retired gpt-4o-mini": (lambda p, c: (p * 0.15 + c * 0.60) / 1e6,),
            "special-cases the old probe": (lambda p, c: 0.00045 if (p, c) == (2000, 500) else 0.0,),
        },
    ),
    "04.1": (
        dict,
        ["tasks"],
        lambda: {
            "placeholder": ({need: None for need in SCENARIOS},),
            "from the example": ({need: "sentiment-analysis" for need in SCENARIOS},),  # the hint's example
            "wrong method": ({**SCENARIOS, "write a two-sentence summary of a long report": "summarization"},),
            "classifier for new labels": (
                {**SCENARIOS, **{need: "text-classification" for need in SCENARIOS if "billing" in need}},
            ),
            "made-up task name": ({**SCENARIOS, "turn a recorded lecture into text": "speech-to-text"},),
            "missing needs": ({"turn a recorded lecture into text": "automatic-speech-recognition"},),
        },
    ),
    "04.2": (
        lambda: {"torch": torch},
        ["predict"],
        lambda: {
            "placeholder": (lambda logits, id2label: None,),
            "from the example": (lambda logits, id2label: {"label": "positive", "score": 0.99},),
            "wrong method": (
                lambda logits, id2label: {"label": id2label[int(np.argmax(logits))], "score": float(max(logits))},
            ),  # no softmax
            "index, not name": (lambda logits, id2label: {"label": int(np.argmax(logits)), "score": 1.0},),
            "sigmoid": (
                lambda logits, id2label: {
                    "label": id2label[int(np.argmax(logits))],
                    "score": float(1 / (1 + np.exp(-max(logits)))),
                },
            ),
            "lowest logit": (lambda logits, id2label: {"label": id2label[int(np.argmin(logits))], "score": 0.5},),
        },
    ),
    "04.3": (
        dict,
        ["negative_with_length"],
        lambda: {
            "placeholder": (lambda dataset: None,),
            "from the example": (lambda dataset: _solve("04.3")[0](_reviews()["train"]),),  # hard-coded split
            "wrong method": (
                lambda dataset: dataset.filter(lambda row: row["label"] == "negative").map(
                    lambda row: {"n_words": len(row["text"].split(" "))}
                ),
            ),  # one space is not all whitespace
            "characters": (
                lambda dataset: dataset.filter(lambda row: row["label"] == "negative").map(
                    lambda row: {"n_words": len(row["text"])}
                ),
            ),
            "not filtered": (lambda dataset: dataset.map(lambda row: {"n_words": len(row["text"].split())}),),
            "no word count": (lambda dataset: dataset.filter(lambda row: row["label"] == "negative"),),
        },
    ),
    "05.1": (
        dict,
        ["fixed_line"],
        lambda: {
            "placeholder": (None,),
            "from the example": (_bad_line(),),  # line 1 as the notebook prints it: a Python dict
            "wrong method": (_bad_line().replace("'", '"'),),  # also breaks "course's"
            "another example": (
                json.dumps(
                    {
                        "messages": [
                            {"role": "user", "content": "What is 3 + 3?"},
                            {"role": "assistant", "content": "Arr, matey! Six."},
                        ]
                    }
                ),
            ),
            "no pirate": (
                json.dumps(
                    {
                        "messages": [
                            {"role": "user", "content": "What is 3 + 3?"},
                            {"role": "assistant", "content": "Six."},
                        ]
                    }
                ),
            ),
        },
    ),
    "05.2": (
        lambda: {"after": {"confusion_matrix": MATRIX}},
        ["f1_positive"],
        lambda: {
            "placeholder": (None,),
            "from the example": (PRECISION,),  # printed in the notebook's table
            "wrong method": ((PRECISION + RECALL) / 2,),
            "recall": (RECALL,),
            "accuracy": ((60 + 65) / 140,),
            "average, as a function": (lambda m: (_solve_f1_parts(m)[0] + _solve_f1_parts(m)[1]) / 2,),
            "special-cases the notebook's matrix": (lambda m: 130 / 145 if m.equals(MATRIX) else 0.5,),
            "returns None": (lambda m: None,),
        },
    ),
    "06.1": (
        dict,
        ["sentiment_messages"],
        lambda: {
            "placeholder": (lambda review: [],),
            "from the example": (lambda review: FEW_SHOT,),  # built once, for the notebook's review
            "wrong method": (lambda review: FEW_SHOT[:-1] + [{"role": "user", "content": review}],),  # no delimiters
            "one label": (
                lambda review: (
                    [m if m["role"] != "assistant" else {**m, "content": "positive"} for m in FEW_SHOT[:-1]]
                    + [{"role": "user", "content": f'"""{review}"""'}]
                ),
            ),
            "review among the examples": (
                lambda review: (
                    FEW_SHOT[:1]
                    + [
                        {"role": "user", "content": f'"""{review}"""'},
                        {"role": "assistant", "content": "negative"},
                        *FEW_SHOT[3:5],
                        {"role": "user", "content": f'"""{review}"""'},
                    ]
                ),
            ),
        },
    ),
    "06.2": (
        lambda: {"BaseModel": pydantic.BaseModel, "Literal": typing.Literal},
        ["Review"],
        lambda: {
            "placeholder": (pydantic.create_model("Review"),),
            "from the example": (pydantic.create_model("Review", sentiment=(str, ...), stars=(int, ...)),),
            "wrong method": (
                pydantic.create_model(
                    "Review", stars=(str, ...), sentiment=(typing.Literal["positive", "negative"], ...)
                ),
            ),
            "the base class": (pydantic.BaseModel,),
        },
    ),
    "06.3": (
        lambda: {"json": json, "example_call": CALL, "calculator": lambda a, b: a * b},
        ["tool_message"],
        lambda: {
            "placeholder": ({},),
            "from the example": ({"role": "tool", "content": "42"},),  # no tool_call_id
            "wrong method": ({"role": "assistant", "content": "42"},),
            "not a string": ({"role": "tool", "tool_call_id": "call_1", "content": 42},),
        },
    ),
    "06.4": (
        lambda: {"re": re},
        ["redact"],
        lambda: {
            "placeholder": (lambda text: text,),
            "from the example": (lambda text: text.replace("ana.lopez@example.com", "[EMAIL]"),),  # the hint's case
            "wrong method": (lambda text: re.sub(r"\S*@\S*", "[EMAIL]", text),),  # eats a lone @ and the comma
            "first address only": (lambda text: re.sub(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "[EMAIL]", text, count=1),),
            "no dots before the @": (lambda text: re.sub(r"\w+@\w+\.\w+", "[EMAIL]", text),),
        },
    ),
    "06.5": (
        dict,
        ["baseline_accuracy"],
        lambda: {
            "placeholder": (lambda labels: None,),
            "from the example": (lambda labels: 1 / 3,),  # the notebook's printed 33%
            "wrong method": (lambda labels: 1 / len(set(labels)),),  # chance, equal on balanced sets
            "a count, not a share": (lambda labels: max(labels.count(x) for x in set(labels)),),
            "the label, not its accuracy": (lambda labels: max(set(labels), key=labels.count),),
        },
    ),
    **CASES_07,  # notebook 07's chunker, retriever and assistant: tests/test_capstone.py
}
REQUIRED_LABELS = {"placeholder", "from the example", "wrong method"}
EXTRA_ARGS = {"04.2": (), "05.2": (MATRIX,), "06.3": (CALL,)}  # what the notebook passes after the answer


def test_every_exercise_has_a_case():
    assert sorted(CASES) == sorted(REGISTRY)


def _solve(exercise_id: str) -> tuple:
    namespace_for, names, _ = CASES[exercise_id]
    namespace = namespace_for()
    exec(REGISTRY[exercise_id].solution, namespace)  # noqa: S102 (the course's own solution text)
    return tuple(namespace[name] for name in names)


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_solution_passes(exercise_id, capsys):
    answer = _solve(exercise_id)
    assert check(exercise_id, *answer, *EXTRA_ARGS.get(exercise_id, ())), capsys.readouterr().out


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_plausible_wrong_answers_are_rejected(exercise_id, capsys):
    wrong_answers = CASES[exercise_id][2]()
    assert REQUIRED_LABELS <= set(wrong_answers), f"{exercise_id} lacks {REQUIRED_LABELS - set(wrong_answers)}"
    accepted = []
    for label, answer in wrong_answers.items():
        passed = check(exercise_id, *answer, *EXTRA_ARGS.get(exercise_id, ()))
        if passed or "Hint:" not in capsys.readouterr().out:
            accepted.append(label)
    assert accepted == [], f"{exercise_id} accepts, or gives no hint for, the wrong answers {accepted}"
