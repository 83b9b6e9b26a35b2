"""Schemathesis driven by OpenAI's own API description (`tests/openai-openapi/openapi.yaml`, vendored under
its MIT licence): for every route the course server implements, generated requests never get a 5xx, and the answers
conform to the spec. Bounded: a few derandomized examples per operation, answers limited to 16 tokens."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

SPEC = Path(__file__).resolve().parent / "openai-openapi" / "openapi.yaml"
OPERATIONS = [
    ("POST", "/chat/completions"),
    ("POST", "/responses"),
    ("POST", "/embeddings"),
    ("GET", "/models"),
    ("GET", "/files"),
    ("POST", "/fine_tuning/jobs"),
    ("GET", "/fine_tuning/jobs"),
]
EXAMPLES = 8


@lru_cache(maxsize=1)
def operations() -> dict:
    import schemathesis

    schema = schemathesis.openapi.from_path(SPEC)
    found = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in OPERATIONS:
            found[(operation.method.upper(), operation.path)] = operation
    return found


def short(case) -> None:
    """Keep generation cheap on a CPU: at most 16 new tokens, whatever the spec allowed."""
    if isinstance(case.body, dict) and case.path in ("/chat/completions", "/responses"):
        case.body.pop("max_tokens", None)
        case.body["max_completion_tokens" if case.path == "/chat/completions" else "max_output_tokens"] = 16


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_openai_spec_requests_get_no_5xx_and_conforming_answers(course_server, method, path):
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    operation = operations()[(method, path)]
    headers = {"Authorization": f"Bearer {course_server.token}"}

    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def fuzz(case):
        short(case)
        response = case.call(base_url=course_server.base_url, headers=headers, timeout=300)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    fuzz()
