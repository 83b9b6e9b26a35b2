"""Currency: the course calls no OpenAI model that is retired or shuts down soon, on any date we can foresee.

Two sources of announced shutdowns: the installed `openai` SDK's type docs (`openai/types/**`, "Deprecated
values: ... Announced shutdown date: 2027-01-14"), and `helpers/openai_shutdowns.csv`, a dated, sourced table
of OpenAI's announcements the SDK misses. After `make lock` upgrades the SDK, this test names each model to
replace, and the date.

A model the course *calls* (the registry in settings.py, or a model id written as a string in code that talks
to OpenAI) is checked; a model the course *names* (a comment, a history table, the lesson on retirement, a
saved output) is not. The check runs for every day from today to the end of next year, so CI never turns red
on a calendar day that we could already see coming.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import typing
from datetime import date, datetime, timedelta
from pathlib import Path

import openai
import pytest

from helpers.settings import (
    CALLED_UNTIL,
    FINE_TUNING_CLOSED,
    OPENAI_CHAT_MODEL,
    OPENAI_EMBEDDING_MODEL,
    OPENAI_FINE_TUNE_MODEL,
    OPENAI_IMAGE_MODEL,
    OPENAI_MODELS,
    OPENAI_TRANSCRIBE_MODEL,
    PROJECT_ROOT,
    REGISTRY_CHECKED,
    fine_tuning_refusal,
)

SDK_TYPES = Path(openai.__file__).parent / "types"
SHUTDOWN_TABLE = PROJECT_ROOT / "helpers" / "openai_shutdowns.csv"
TODAY = date.today()
HORIZON = date(TODAY.year + 1, 12, 31)  # the sweep covers every day up to here
SOON = timedelta(days=90)  # a called model must not shut down within this
YEAR = timedelta(days=365)  # the registry's models are chosen with at least this left
FINE_TUNING_ENDS = date.fromisoformat(FINE_TUNING_CLOSED["everyone"])
PRODUCT_CALLS = {"evals": r"\.evals\."}  # a shut-down product in the table -> how code would call it
DEPRECATED_CALLS = {  # pattern -> what to write instead
    r"(?<![\w.])max_tokens\s*=": "max_completion_tokens= (max_output_tokens= in the Responses API)",
    r"(?<![\w.])hyperparameters\s*=": "method={'type': 'supervised', 'supervised': {'hyperparameters': ...}}",
}
REQUEST_BODY_KEY = {r"[\"']max_tokens[\"']\s*:": '"max_completion_tokens": (in a request body)'}


def _date(text: str) -> date | None:
    """The first date in a note: '2027-01-14' or 'October 23, 2026'."""
    iso = re.search(r"\d{4}-\d{2}-\d{2}", text)
    if iso:
        return date.fromisoformat(iso.group())
    written = re.search(
        r"(January|February|March|April|May|June|July|August|September|October|November|December)"
        r" \d{1,2}, \d{4}",
        text,
    )
    return datetime.strptime(written.group(), "%B %d, %Y").date() if written else None


def sdk_model_names(types_dir: Path = SDK_TYPES) -> set[str]:
    """Every model id in the SDK's model lists (the Literal[...] of chat_model.py, image_model.py, ...)."""
    names: set[str] = set()
    for path in types_dir.rglob("*model*.py"):
        for literal in re.findall(r"Literal\[(.*?)\]", path.read_text(encoding="utf-8"), re.S):
            names.update(re.findall(r"\"([^\"]+)\"", literal))
    return names


def sdk_shutdowns(types_dir: Path = SDK_TYPES) -> dict[str, tuple[date | None, str]]:
    """{model: (shutdown or retirement date, or None when the SDK calls it unsupported, the SDK's note)}."""
    models = sdk_model_names(types_dir)
    found: dict[str, tuple[date | None, str]] = {}
    for path in sorted(types_dir.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"Deprecated values:\s*(.*?)(?:\"\"\"|\Z)", text, re.S):
            for item in re.split(r"\n\s*- (?=\")", "\n" + block):
                match = re.match(r"\s*(?:- )?((?:\"[^\"]+\",?\s*)+):\s*(.*)", item, re.S)
                if match:
                    note = " ".join(match.group(2).split())
                    for name in re.findall(r"\"([^\"]+)\"", match.group(1)):
                        if name in models:  # not other deprecated values, e.g. the image quality "standard"
                            found[name] = (_date(note), note)
    return found


def table_shutdowns(path: Path = SHUTDOWN_TABLE) -> dict[str, tuple[date, str]]:
    """{name: (shutdown date, note)} from the course's dated, sourced table of OpenAI's announcements."""
    with path.open(encoding="utf-8", newline="") as rows:
        return {
            row["name"]: (
                date.fromisoformat(row["shutdown"]),
                f"{row['note']} ({row['source']}, checked {row['checked']})",
            )
            for row in csv.DictReader(rows)
        }


def all_shutdowns(types_dir: Path = SDK_TYPES, table: Path = SHUTDOWN_TABLE) -> dict[str, tuple[date | None, str]]:
    """The SDK's notes and the table together; where both give a date, the earlier one."""
    found = sdk_shutdowns(types_dir)
    for name, (when, note) in table_shutdowns(table).items():
        if name not in found or (found[name][0] is not None and when < found[name][0]):
            found[name] = (when, note)
    return found


def code_cells(notebook: Path) -> str:
    """A notebook's code cells as Python (IPython's %magic and !shell lines become `pass`)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    return re.sub(r"(?m)^(\s*)[%!].*$", r"\1pass", code)


def code_texts(root: Path) -> dict[str, str]:
    """{file: code}: notebook code cells, and helpers that call APIs (the local server only receives calls)."""
    texts = {
        str(notebook.relative_to(root)): code_cells(notebook)
        for notebook in sorted((root / "notebooks").glob("*.ipynb"))
    }
    for module in sorted((root / "helpers").rglob("*.py")):
        if "server" not in module.relative_to(root).parts:
            texts[str(module.relative_to(root))] = module.read_text(encoding="utf-8")
    return texts


def string_values(code: str) -> set[str]:
    """Every string constant in `code` but docstrings and comments: what the code can send."""
    tree = ast.parse(code)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    }


def called_models(root: Path, registry: dict[str, str], known: set[str]) -> dict[str, str]:
    """{model: where}: the registry's models, and known model ids written as whole strings in calling code."""
    called = {model: f"helpers/settings.py ({role})" for role, model in registry.items()}
    for file, code in code_texts(root).items():
        for model in string_values(code) & known:
            called.setdefault(model, file)
    return called


def model_problem(name: str, shutdowns: dict, today: date = TODAY, until: date | None = None) -> str | None:
    """Why the course must not call `name` on `today`, or None. `until`: the day the course stops calling it."""
    if name not in shutdowns or (until and today >= until):
        return None
    when, note = shutdowns[name]
    if when is None:
        return f"{name}: the SDK says: {note}"
    if until and when > until:
        return None  # the course stops calling it before it shuts down
    if when <= today:
        return f"{name} was retired or shut down on {when} ({note})"
    if when - today <= SOON:
        return f"{name} shuts down on {when}, within {SOON.days} days ({note})"
    return None


def stale_calls(
    called: dict[str, str], shutdowns: dict, today: date = TODAY, until: dict[str, str] = CALLED_UNTIL
) -> list[str]:
    """'where: problem' for every called model that is retired or shuts down soon, as seen on `today`."""
    problems = []
    for model, where in sorted(called.items()):
        stop = date.fromisoformat(until[model]) if model in until else None
        problem = model_problem(model, shutdowns, today, stop)
        if problem:
            problems.append(f"{where}: {problem}")
    return problems


def shut_products_called(root: Path, table: dict, today: date = TODAY) -> list[str]:
    """'file: product' for each shut-down OpenAI product (the table's) that code still calls."""
    return [
        f"{file}: {product} shut down on {table[product][0]}"
        for file, code in code_texts(root).items()
        for product, pattern in PRODUCT_CALLS.items()
        if table[product][0] <= today and re.search(pattern, code)
    ]


def deprecated_parameters(root: Path) -> list[str]:
    """'file: line: what to use instead' for deprecated parameters in calls that go to OpenAI."""
    problems = []
    for file, text in code_texts(root).items():
        rules = {**DEPRECATED_CALLS, **(REQUEST_BODY_KEY if file.endswith(".ipynb") else {})}
        for number, line in enumerate(text.splitlines(), start=1):
            for pattern, instead in rules.items():
                if re.search(pattern, line):
                    problems.append(f"{file}: {line.strip()!r}: use {instead}")
    return problems


@pytest.fixture(scope="module")
def sdk_notes():
    found = sdk_shutdowns()
    assert found, f"no 'Deprecated values' notes found under {SDK_TYPES}: did the SDK change its docs?"
    return found


@pytest.fixture(scope="module")
def shutdowns(sdk_notes):
    return all_shutdowns()


@pytest.fixture(scope="module")
def called(shutdowns):
    return called_models(PROJECT_ROOT, OPENAI_MODELS, set(shutdowns) | set(OPENAI_MODELS.values()))


def test_the_sdk_notes_are_read(sdk_notes):
    assert sdk_notes["dall-e-3"][0] == date(2026, 5, 12)  # "retired on May 12, 2026"
    assert sdk_notes["gpt-4o-mini-2024-07-18"][0] == date(2027, 1, 14)
    assert sdk_notes["gpt-image-1"][0] == date(2026, 10, 23)
    assert sdk_notes["gpt-5.1-mini"][0] is None  # "Not a supported model ID"


def test_the_table_adds_what_the_sdk_misses(sdk_notes, shutdowns):
    table = table_shutdowns()
    assert table["gpt-image-1.5"][0] == date(2026, 12, 1) and "developers.openai.com" in table["gpt-image-1.5"][1]
    assert all(shutdowns[name][0] <= when for name, (when, _) in table.items())  # the earlier date wins
    assert "chatgpt-image-latest" in shutdowns and shutdowns["whisper-1"] == sdk_notes["whisper-1"]


def test_registry_models_exist_in_the_sdk():
    from openai.types import AudioModel, ChatModel, EmbeddingModel, ImageModel

    for model, kind in [
        (OPENAI_CHAT_MODEL, ChatModel),
        (OPENAI_EMBEDDING_MODEL, EmbeddingModel),
        (OPENAI_IMAGE_MODEL, ImageModel),
        (OPENAI_TRANSCRIBE_MODEL, AudioModel),
    ]:
        assert model in typing.get_args(kind), f"{model} is not in the SDK's {kind}: a typo, or removed?"


def test_registry_models_had_a_year_left_when_chosen(shutdowns):
    checked = date.fromisoformat(REGISTRY_CHECKED)
    for role, model in OPENAI_MODELS.items():
        when = shutdowns.get(model, (None, ""))[0]
        if model not in CALLED_UNTIL and model in shutdowns:
            assert when and when - checked > YEAR, (
                f"settings.py's {role} model {model} shuts down on {when}: pick a current one from the SDK's list"
            )


def test_course_calls_no_retired_model_today(called, shutdowns):
    problems = stale_calls(called, shutdowns)
    assert not problems, "Replace these models (helpers/settings.py is the registry):\n" + "\n".join(problems)


def test_course_calls_no_retired_model_on_any_day_we_can_foresee(called, shutdowns):
    """Every day from today to the end of next year: the shutdowns announced today break nothing on any of them."""
    days = [TODAY + timedelta(days=n) for n in range((HORIZON - TODAY).days + 1)]
    failing = {day: problems for day in days if (problems := stale_calls(called, shutdowns, today=day))}
    first = min(failing, default=None)
    assert not failing, f"On {first} (and {len(failing) - 1} later days): " + "; ".join(failing.get(first, []))
    assert date(2027, 1, 6) in days or TODAY > date(2027, 1, 6)  # fine-tuning closes inside the sweep


def test_the_course_stops_calling_the_fine_tuning_base_when_openai_does():
    stop = date.fromisoformat(CALLED_UNTIL[OPENAI_FINE_TUNE_MODEL])
    assert stop == FINE_TUNING_ENDS
    assert fine_tuning_refusal(stop - timedelta(days=1)) is None
    assert "no new jobs since 2027-01-06" in fine_tuning_refusal(stop)
    assert "shut down on 2027-01-14" in fine_tuning_refusal(date(2027, 1, 14))


def test_course_calls_no_shut_down_product(shutdowns):
    assert shut_products_called(PROJECT_ROOT, table_shutdowns()) == []


def test_course_uses_no_deprecated_parameter():
    problems = deprecated_parameters(PROJECT_ROOT)
    assert not problems, "Deprecated parameters in calls that go to OpenAI:\n" + "\n".join(problems)


def test_names_are_not_calls(tmp_path, shutdowns):
    """A retired model in a comment, a docstring, a markdown cell or an output is history, not a call."""
    (tmp_path / "helpers").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "helpers" / "history.py").write_text(
        '"""whisper-1 shut down on 2027-02-26."""\n# dall-e-3 retired on 2026-05-12\nNOTE = "see dall-e-3 history"\n'
    )
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["`dall-e-3` retired on 2026-05-12"]},
            {
                "cell_type": "code",
                "source": ["%pip install x\n", "print('hi')  # whisper-1\n"],
                "outputs": [{"output_type": "stream", "name": "stdout", "text": ["dall-e-3\n"]}],
            },
        ]
    }
    (tmp_path / "notebooks" / "00_names.ipynb").write_text(json.dumps(notebook))
    assert called_models(tmp_path, {}, set(shutdowns)) == {}


def test_the_checks_fire_on_a_planted_copy(tmp_path, shutdowns):
    """Plant retired models, a shut-down product and deprecated parameters in a copy: each check names them."""
    (tmp_path / "helpers").mkdir()
    (tmp_path / "notebooks").mkdir()
    planted = {
        "cells": [
            {
                "cell_type": "code",
                "source": [
                    'client.images.generate(model="dall-e-3", prompt="a cat")\n',
                    'client.images.generate(model="gpt-image-1.5", prompt="a cat")\n',
                    "client.chat.completions.create(model=MODEL, messages=m, max_tokens=5)\n",
                    'client.fine_tuning.jobs.create(model=BASE, training_file=f, hyperparameters={"n_epochs": 1})\n',
                    'client.evals.create(name="x")\n',
                    'body = {"model": MODEL, "max_tokens": 100}\n',
                ],
                "outputs": [],
            }
        ]
    }
    (tmp_path / "notebooks" / "99_planted.ipynb").write_text(json.dumps(planted))

    called = called_models(tmp_path, OPENAI_MODELS, set(shutdowns))
    problems = stale_calls(called, shutdowns)
    assert any("dall-e-3" in p and "2026-05-12" in p for p in problems), problems
    assert any("gpt-image-1.5" in p and "2026-12-01" in p for p in problems), problems  # from the table only
    assert len(deprecated_parameters(tmp_path)) == 3
    assert shut_products_called(tmp_path, table_shutdowns()) == [
        "notebooks/99_planted.ipynb: evals shut down on 2026-11-30"
    ]

    soon = TODAY + timedelta(days=30)
    almost = dict(shutdowns, **{OPENAI_CHAT_MODEL: (soon, f"Announced shutdown date: {soon}")})
    assert any(OPENAI_CHAT_MODEL in p and str(soon) in p for p in stale_calls(called, almost))
    # an announcement for next year is caught today by the sweep: on the day it comes within 90 days
    later = date(TODAY.year + 1, 6, 30)
    announced = dict(shutdowns, **{OPENAI_EMBEDDING_MODEL: (later, f"Announced shutdown date: {later}")})
    registry_only = {model: where for model, where in called.items() if model in OPENAI_MODELS.values()}
    assert stale_calls(registry_only, announced, today=later - SOON - timedelta(days=1)) == []
    assert OPENAI_EMBEDDING_MODEL in stale_calls(registry_only, announced, today=later - SOON)[0]
    # the fine-tuning base is fine while the course stops calling it first; not if it stopped later
    assert stale_calls(registry_only, shutdowns, today=date(2027, 1, 1)) == []
    assert OPENAI_FINE_TUNE_MODEL in stale_calls(registry_only, shutdowns, today=date(2027, 1, 1), until={})[0]


def test_reasoning_options_go_to_openai_only():
    from helpers.settings import chat_options

    assert chat_options("openai") == {"reasoning_effort": "none"}
    assert chat_options("openai", api="responses") == {"reasoning": {"effort": "none"}}
    assert chat_options("local") == {} and chat_options("compatible") == {}


def test_each_model_id_is_written_once():
    """The registry is settings.py: a model id typed again elsewhere in helpers/ drifts when it changes."""
    import ast

    from helpers import settings

    ids = {
        value
        for name, value in vars(settings).items()
        if re.fullmatch(r"(OPENAI|LOCAL)_\w*MODEL|OPENAI_FINE_TUNE_FAMILY|OPENAI_TOKENIZER", name)
    }
    written = [
        f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {node.value}"
        for path in (PROJECT_ROOT / "helpers").rglob("*.py")
        if path.name != "settings.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and node.value in ids
    ]
    assert len(ids) >= 10 and written == []


OLD_DOCS = re.compile(r"platform\.openai\.com/(?:docs|tokenizer)")  # OpenAI's docs moved to developers.openai.com


def old_doc_links(root: Path) -> list[str]:
    """Files that link OpenAI's documentation on its old host (the dashboard, keys and billing stay there)."""
    files = [
        *(root / "notebooks").glob("*.ipynb"),
        *(root / "docs").glob("*.md"),
        *(root / "helpers").rglob("*.py"),
        root / "README.md",
    ]
    return sorted(
        str(path.relative_to(root))
        for path in files
        if path.is_file() and OLD_DOCS.search(path.read_text(encoding="utf-8"))
    )


def test_links_to_openai_docs_use_their_current_host(tmp_path):
    assert old_doc_links(PROJECT_ROOT) == []
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "old.md").write_text("[guide](https://platform.openai.com/docs/guides/text)")
    assert old_doc_links(tmp_path) == ["docs/old.md"]
