"""Currency: the course names no OpenAI model that is retired or shuts down soon, and no deprecated parameter.

The installed `openai` SDK documents every announced shutdown in its type docs
(`openai/types/**`, "Deprecated values: ... Announced shutdown date: 2027-01-14"). This test reads those
notes, so after `make lock` upgrades the SDK it names each model to replace, and the date, here.
"""
from __future__ import annotations

import json
import re
import shutil
import typing
from datetime import date, datetime, timedelta
from pathlib import Path

import openai
import pytest

from helpers.settings import (FINE_TUNING_CLOSED, OPENAI_CHAT_MODEL, OPENAI_EMBEDDING_MODEL,
                              OPENAI_FINE_TUNE_FAMILY, OPENAI_FINE_TUNE_MODEL, OPENAI_IMAGE_MODEL, OPENAI_MODELS,
                              OPENAI_TRANSCRIBE_MODEL, PROJECT_ROOT)

SDK_TYPES = Path(openai.__file__).parent / "types"
TODAY = date.today()
SOON = timedelta(days=90)  # a named model must not shut down within this
YEAR = timedelta(days=365)  # the registry's models are chosen with at least this left
FINE_TUNING_ENDS = date.fromisoformat(FINE_TUNING_CLOSED["everyone"])
# the fine-tuning base, with and without its date: allowed only while OpenAI still trains (see settings.py)
FINE_TUNE_NAMES = {OPENAI_FINE_TUNE_MODEL, OPENAI_FINE_TUNE_FAMILY}
DEPRECATED_CALLS = {  # pattern -> what to write instead
    r"(?<![\w.])max_tokens\s*=": "max_completion_tokens= (max_output_tokens= in the Responses API)",
    r"(?<![\w.])hyperparameters\s*=": "method={'type': 'supervised', 'supervised': {'hyperparameters': ...}}",
}
REQUEST_BODY_KEY = {r"[\"']max_tokens[\"']\s*:": "\"max_completion_tokens\": (in a request body)"}


def _date(text: str) -> date | None:
    """The first date in a note: '2027-01-14' or 'October 23, 2026'."""
    iso = re.search(r"\d{4}-\d{2}-\d{2}", text)
    if iso:
        return date.fromisoformat(iso.group())
    written = re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December)"
                        r" \d{1,2}, \d{4}", text)
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


def named_texts(root: Path) -> dict[str, str]:
    """{file: text} for what the course shows and runs: notebook cells (code, text, outputs) and helpers."""
    texts = {}
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        parts = ["".join(cell["source"]) for cell in cells]
        parts += [json.dumps(cell.get("outputs", [])) for cell in cells]
        texts[str(notebook.relative_to(root))] = "\n".join(parts)
    for module in sorted((root / "helpers").rglob("*.py")):
        texts[str(module.relative_to(root))] = module.read_text(encoding="utf-8")
    return texts


def code_texts(root: Path) -> dict[str, str]:
    """{file: code}: notebook code cells, and helpers that call APIs (the local server only receives calls)."""
    texts = {}
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts[str(notebook.relative_to(root))] = "\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    for module in sorted((root / "helpers").rglob("*.py")):
        if "server" not in module.relative_to(root).parts:
            texts[str(module.relative_to(root))] = module.read_text(encoding="utf-8")
    return texts


def model_problem(name: str, shutdowns: dict, today: date = TODAY) -> str | None:
    """Why the course must not name `name` today, or None."""
    if name not in shutdowns:
        return None
    when, note = shutdowns[name]
    if when is None:
        return f"{name}: the SDK says: {note}"
    if name in FINE_TUNE_NAMES:
        if today >= FINE_TUNING_ENDS:
            return (f"{name}: OpenAI's self-serve fine-tuning closed to new jobs on {FINE_TUNING_ENDS}; "
                    "remove the OpenAI fine-tuning base from settings.py and notebook 05's OpenAI job")
        if when >= FINE_TUNING_ENDS:
            return None  # it outlives OpenAI's fine-tuning itself, so it is the base for as long as jobs exist
    if when <= today:
        return f"{name} was retired or shut down on {when} ({note})"
    if when - today <= SOON:
        return f"{name} shuts down on {when}, within {SOON.days} days ({note})"
    return None


def stale_models(root: Path, shutdowns: dict, today: date = TODAY) -> list[str]:
    """'file: problem' for every retired or soon-retired OpenAI model named in the notebooks and helpers."""
    problems = []
    for file, text in named_texts(root).items():
        for name in shutdowns:
            if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", text):
                problem = model_problem(name, shutdowns, today)
                if problem:
                    problems.append(f"{file}: {problem}")
    return problems


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
def shutdowns():
    found = sdk_shutdowns()
    assert found, f"no 'Deprecated values' notes found under {SDK_TYPES}: did the SDK change its docs?"
    return found


def test_the_sdk_notes_are_read(shutdowns):
    assert shutdowns["dall-e-3"][0] == date(2026, 5, 12)  # "retired on May 12, 2026"
    assert shutdowns["gpt-4o-mini-2024-07-18"][0] == date(2027, 1, 14)
    assert shutdowns["gpt-image-1"][0] == date(2026, 10, 23)
    assert shutdowns["gpt-5.1-mini"][0] is None  # "Not a supported model ID"


def test_registry_models_exist_in_the_sdk():
    from openai.types import AudioModel, ChatModel, EmbeddingModel, ImageModel

    for model, kind in [(OPENAI_CHAT_MODEL, ChatModel), (OPENAI_EMBEDDING_MODEL, EmbeddingModel),
                        (OPENAI_IMAGE_MODEL, ImageModel), (OPENAI_TRANSCRIBE_MODEL, AudioModel)]:
        assert model in typing.get_args(kind), f"{model} is not in the SDK's {kind}: a typo, or removed?"


def test_registry_models_have_a_year_left(shutdowns):
    for role, model in OPENAI_MODELS.items():
        when = shutdowns.get(model, (None, ""))[0]
        if role == "fine-tuning base":
            assert model_problem(model, shutdowns) is None, model_problem(model, shutdowns)
        elif model in shutdowns:
            assert when and when - TODAY > YEAR, (
                f"settings.py's {role} model {model} shuts down on {when}: pick a current one from the SDK's list")


def test_course_names_no_retired_model(shutdowns):
    problems = stale_models(PROJECT_ROOT, shutdowns)
    assert not problems, "Replace these models (helpers/settings.py is the registry):\n" + "\n".join(problems)


def test_course_uses_no_deprecated_parameter():
    problems = deprecated_parameters(PROJECT_ROOT)
    assert not problems, "Deprecated parameters in calls that go to OpenAI:\n" + "\n".join(problems)


def test_the_checks_fire_on_a_planted_copy(tmp_path, shutdowns):
    """Plant a retired model and deprecated parameters in a copy: each check must name them."""
    (tmp_path / "helpers").mkdir()
    (tmp_path / "notebooks").mkdir()
    shutil.copy(PROJECT_ROOT / "helpers" / "settings.py", tmp_path / "helpers" / "settings.py")
    planted = {"cells": [{"cell_type": "code", "source": [
        'client.images.generate(model="dall-e-3", prompt="a cat")\n',
        'client.chat.completions.create(model=MODEL, messages=m, max_tokens=5)\n',
        'client.fine_tuning.jobs.create(model=BASE, training_file=f, hyperparameters={"n_epochs": 1})\n',
        'body = {"model": MODEL, "max_tokens": 100}\n'], "outputs": []}]}
    (tmp_path / "notebooks" / "99_planted.ipynb").write_text(json.dumps(planted))

    problems = stale_models(tmp_path, shutdowns)
    assert any("dall-e-3" in p and "2026-05-12" in p for p in problems), problems
    assert len(deprecated_parameters(tmp_path)) == 3

    soon = (TODAY + timedelta(days=30)).isoformat()
    almost = dict(shutdowns, **{OPENAI_CHAT_MODEL: (date.fromisoformat(soon), f"Announced shutdown date: {soon}")})
    assert any(OPENAI_CHAT_MODEL in p and soon in p for p in stale_models(tmp_path, almost))

    after = FINE_TUNING_ENDS + timedelta(days=1)
    assert "closed to new jobs" in model_problem(OPENAI_FINE_TUNE_MODEL, shutdowns, today=after)


def test_reasoning_options_go_to_openai_only():
    from helpers.settings import chat_options

    assert chat_options("openai") == {"reasoning_effort": "none"}
    assert chat_options("openai", api="responses") == {"reasoning": {"effort": "none"}}
    assert chat_options("local") == {} and chat_options("compatible") == {}


def test_each_model_id_is_written_once():
    """The registry is settings.py: a model id typed again elsewhere in helpers/ drifts when it changes."""
    import ast

    from helpers import settings

    ids = {value for name, value in vars(settings).items()
           if re.fullmatch(r"(OPENAI|LOCAL)_\w*MODEL|OPENAI_FINE_TUNE_FAMILY|OPENAI_TOKENIZER", name)}
    written = [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {node.value}"
               for path in (PROJECT_ROOT / "helpers").rglob("*.py") if path.name != "settings.py"
               for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Constant) and node.value in ids]
    assert len(ids) >= 10 and written == []
