"""No key or token is committed, in files or in notebook outputs; and the scanner really fires."""

import json

from helpers.settings import PROJECT_ROOT
from tests.secret_scan import scan_paths, tracked_files

# Built at run time so that this file itself holds no realistic-looking key.
PLANTED = "sk-" + "proj-" + "Zq8" * 16


def test_repository_has_no_secrets():
    files = tracked_files(PROJECT_ROOT)
    assert len(files) > 10
    assert scan_paths(files) == []


def test_scanner_fires_on_a_planted_key_in_a_file(tmp_path):
    leaked = tmp_path / "config.py"
    leaked.write_text(f'OPENAI_API_KEY = "{PLANTED}"\n')
    findings = scan_paths([leaked])
    assert findings and "OpenAI key" in findings[0]
    assert PLANTED not in findings[0]


def test_scanner_fires_on_a_key_in_notebook_outputs(tmp_path):
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": "print(key)",
                "metadata": {},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": PLANTED}],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "leak.ipynb"
    path.write_text(json.dumps(notebook))
    assert any("(outputs)" in finding for finding in scan_paths([path]))


def test_scanner_ignores_placeholders(tmp_path):
    path = tmp_path / "README.md"
    path.write_text("OPENAI_API_KEY=sk-...your-key-here\n")
    assert scan_paths([path]) == []
