"""Notebook 05 with a key whose organisation OpenAI refuses, and after fine-tuning has closed: it checks
before uploading anything, says why, and runs the job flow on the course server (tests/refusing_servers.py).
"""

from __future__ import annotations

import pytest

from helpers.finetune import job_refusal
from helpers.classroom.run_all import kernel_env
from helpers.settings import ENV_API_KEY, ENV_BASE_URL, ENV_MODE, NOTEBOOKS_DIR
from tests.refusing_servers import FAKE_KEY, FineTuningRefusingServer, JobAcceptingServer, run, section, serve

NB05 = NOTEBOOKS_DIR / "05_fine_tuning.ipynb"


def nb05_until_open_fine_tuning(confirm: bool = True, today: str | None = None) -> list:
    cells = section(NB05, "## 2. Fine-tuning with the OpenAI API", "## 3. Fine-tune the chat model yourself")
    for cell in cells:
        if confirm:
            cell.source = cell.source.replace("CONFIRM_SPEND = False", "CONFIRM_SPEND = True")
        if today:
            cell.source = cell.source.replace("TODAY = date.today()", f"TODAY = date.fromisoformat({today!r})")
    return cells


def openai_env(url: str) -> dict:
    return kernel_env(**{ENV_MODE: "openai", ENV_BASE_URL: url, ENV_API_KEY: FAKE_KEY})


@pytest.mark.expected_seconds(50)
def test_nb05_checks_before_uploading_and_runs_the_job_flow_on_the_course_server():
    with serve(FineTuningRefusingServer) as (url, requests):
        failures, text = run(nb05_until_open_fine_tuning(), openai_env(url), NB05)
    assert failures == []  # no NameError, no traceback
    assert "refused the job (HTTP 403): This organization does not have access to fine-tuning" in text
    assert "never fine-tuned since 2026-05-07" in text and "developers.openai.com/api/docs/deprecations" in text
    assert "Fine-tuning runs on: the local course server (free)" in text and "status: succeeded" in text
    posts = [path for method, path, _ in requests if method == "POST"]
    assert not any(path.endswith("/files") for path in posts)  # nothing uploaded to the refusing server
    assert sum(path.endswith("/fine_tuning/jobs") for path in posts) == 1  # the check, once


@pytest.mark.parametrize(
    "today, reason", [("2027-01-07", "takes no new jobs since 2027-01-06"), ("2027-01-14", "shut down on 2027-01-14")]
)
def test_nb05_asks_openai_nothing_once_fine_tuning_has_closed(today, reason):
    cells = nb05_until_open_fine_tuning(today=today)
    check = next(i for i, c in enumerate(cells) if "TODAY = date.fromisoformat" in c.source)
    with serve(FineTuningRefusingServer) as (url, requests):
        failures, text = run(cells[: check + 1], openai_env(url), NB05)
    assert failures == []
    assert reason in text and "developers.openai.com/api/docs/deprecations" in text
    assert not any(path.endswith(("/fine_tuning/jobs", "/files")) for _, path, _ in requests)


def test_job_refusal_tells_a_refused_organisation_from_a_missing_file(client, chat_model):
    import openai

    with serve(FineTuningRefusingServer) as (url, requests):
        refused = job_refusal(openai.OpenAI(base_url=url, api_key=FAKE_KEY, max_retries=0), "gpt-4o-mini-2024-07-18")
    assert "refused the job (HTTP 403)" in refused
    assert job_refusal(client, chat_model) is None  # the course server checks the file: it would take a job


def test_job_refusal_cancels_a_job_a_mock_server_created():
    import openai

    with serve(JobAcceptingServer) as (url, requests):
        assert job_refusal(openai.OpenAI(base_url=url, api_key=FAKE_KEY, max_retries=0), "m") is None
    assert [path for method, path, _ in requests if method == "POST"][-1].endswith(
        "/fine_tuning/jobs/ftjob-stub/cancel"
    )
