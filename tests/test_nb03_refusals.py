"""Notebook 03's parameter cells against a server that answers 400 for `stop` (tests/refusing_servers.py).

The cells are the notebook's own, read from the file and run in a fresh kernel, so a guard removed from
the notebook fails here.
"""

from __future__ import annotations

import nbformat

from helpers.classroom.run_all import kernel_env
from helpers.settings import ENV_API_KEY, ENV_BASE_URL, ENV_MODE, NOTEBOOKS_DIR
from tests.refusing_servers import FAKE_KEY, StopRefusingServer, run, section, serve, solution_cell

NB03 = NOTEBOOKS_DIR / "03_openai_api.ipynb"


def nb03_parameters() -> list:
    cells = nbformat.read(NB03, as_version=4).cells
    extra = next(c for c in cells if c.cell_type == "code" and "EXTRA = chat_options(" in c.source)
    params = section(NB03, "## The main parameters", "## Streaming")
    return [params[0], extra, *params[1:], solution_cell("03.1")]


def test_nb03_parameter_cells_survive_a_server_that_refuses_stop():
    with serve(StopRefusingServer) as (url, requests):
        failures, text = run(nb03_parameters(), kernel_env(**{ENV_BASE_URL: url}), NB03)
    assert failures == []
    assert "This server refuses `stop` (HTTP 400)" in text and "Unsupported parameter: 'stop'" in text
    assert "✅ Exercise 03.1" in text  # the solution ran, and left `stop` out on this server
    chats = [body for method, path, body in requests if path.endswith("/chat/completions")]
    assert sum("stop" in body for body in chats) == 1  # tried once, in the lesson's cell


def test_nb03_sends_no_stop_to_openais_reasoning_model():
    with serve(StopRefusingServer) as (url, requests):
        env = kernel_env(**{ENV_MODE: "openai", ENV_BASE_URL: url, ENV_API_KEY: FAKE_KEY})
        failures, text = run(nb03_parameters(), env, NB03)
    assert failures == []
    assert "Not sent: gpt-6-luna is a reasoning model" in text and "✅ Exercise 03.1" in text
    chats = [body for method, path, body in requests if path.endswith("/chat/completions")]
    assert chats and not any("stop" in body for body in chats)
