"""The modes matrix: every notebook, run the ways learners really meet the course (helpers/classroom/run_all.py).

nbval already runs every notebook in `local` mode, strictly. Here, with outputs not compared:
- colab: Colab's Python 3.13 and Colab's own package versions (tests/modes/colab.py), fake google.colab, each
  notebook alone in an empty folder on a fresh runtime, its real setup cell cloning and installing with real pip;
- openai-spec: a fake key and OPENAI_BASE_URL at Prism serving OpenAI's official API description;
- compatible: OPENAI_BASE_URL at stock `transformers serve` on the prepared SmolLM2, with the batching flags
  docs/teaching.md gives teachers;
- llamacpp: OPENAI_BASE_URL at a stand-in with llama.cpp's server's feature set (tests/modes/llamacpp_standin.py:
  no Responses API, json_schema answered with 500), for the notebooks that use those (03, 06).
Each run is written into reports/modes.md. Where a mode cannot run here it is skipped with the reason;
CI sets COURSE_REQUIRE_MODES=1, which turns that skip into a failure.
"""

from __future__ import annotations

import os
import time

import pytest

from helpers.classroom.run_all import notebooks, record
from tests.modes.matrix import run_mode
from helpers.settings import ENV_REQUIRE_MODES
from tests.modes import servers
from tests.modes.colab import python313_missing

REQUIRED = os.environ.get(ENV_REQUIRE_MODES) == "1"

# openai-spec: the only cells allowed to raise, each with the Prism placeholder that makes it raise.
# (notebook, text in the failure line) -> why
PRISM_PLACEHOLDER_FAILURES: dict[tuple[str, str], str] = {
    (
        "03_openai_api.ipynb",
        "ValueError: Length of values (1) does not match length of index",
    ): "Prism answers one embedding whatever the input: 40 documents get 1 vector, so search() cannot rank",
    ("03_openai_api.ipynb", "NameError: name 'hits' is not defined"): "the same: search() raised above",
    ("03_openai_api.ipynb", "Error: Incorrect padding"): 'the image\'s b64_json is the placeholder "string"',
}


def unavailable(reason: str | None) -> None:
    if reason:
        (pytest.fail if REQUIRED else pytest.skip)(f"{reason} (COURSE_REQUIRE_MODES=1 makes this a failure)")


def run_and_record(mode: str, work, paths=None) -> tuple[list, dict]:
    start = time.perf_counter()
    results, notes = run_mode(mode, work, paths)
    record(mode, results, notes, time.perf_counter() - start)
    return results, notes


def failures(results) -> list[str]:
    return [f"{r.notebook} {line}" for r in results for line in r.failures]


@pytest.mark.expected_seconds(400)
def test_colab_every_notebook_runs_alone_in_content(tmp_path):
    """Colab's Python and packages (tests/modes/colab.py): the setup cell installs the course with real pip."""
    unavailable(python313_missing())
    results, notes = run_and_record("colab", tmp_path)
    assert failures(results) == []
    assert notes["python"].startswith("3.13.") and "(Colab: 3.13." in notes["python"]
    assert notes["setup cell, 00"].startswith("Installed the course in "), notes["setup cell, 00"]


@pytest.mark.expected_seconds(190)
def test_openai_spec_requests_are_valid_and_lessons_survive_placeholders(tmp_path):
    unavailable(servers.prism_missing())
    results, notes = run_and_record("openai-spec", tmp_path)
    assert notes["requests"] > 0, "no request reached Prism"
    assert notes["validation_errors"] == 0, "\n".join(notes["validation_details"])
    unexpected = [
        line
        for line in failures(results)
        if not any(nb in line and text in line for nb, text in PRISM_PLACEHOLDER_FAILURES)
    ]
    assert unexpected == []


@pytest.mark.expected_seconds(330)
def test_compatible_transformers_serve(tmp_path):
    unavailable(servers.transformers_serve_missing())
    results, _ = run_and_record("compatible", tmp_path)
    assert failures(results) == []


@pytest.mark.expected_seconds(120)
def test_llamacpp_lessons_run_to_the_end_without_responses_or_json_schema(tmp_path):
    """llama.cpp's server lacks the Responses API and json_schema: 03, 06 and 07 say so and carry on."""
    paths = [p for p in notebooks() if p.name.startswith(("03_", "06_", "07_"))]
    results, _ = run_and_record("llamacpp", tmp_path, paths)
    assert [r.notebook for r in results] == [
        "03_openai_api.ipynb",
        "06_build_with_the_api.ipynb",
        "07_capstone_assistant.ipynb",
    ]
    assert failures(results) == []
