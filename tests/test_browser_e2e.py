"""End to end in a real browser: JupyterLab + headless Chromium (Playwright) run a small notebook;
the playground streams an answer from the local course server, the quiz answers a click, the chat
shows the messages it sent and the token viewer shows its chips.

Needs Debian's chromium (/usr/bin/chromium) and the `playwright` package (never `playwright install`:
we drive the system browser). Skips when either is missing, except in CI: .ci/run installs chromium
and sets COURSE_REQUIRE_BROWSER=1, which turns the skip into a failure.
Screenshots go to the test's tmp_path; the playground's is also copied to reports/screenshots/.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from helpers.quizzes import QUIZZES
from helpers.server.process import end_process, free_port
from helpers.settings import CACHE_DIR, ENV_REQUIRE_BROWSER, PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 60_000  # generous: the machine may be busy; each wait ends as soon as the element is there
CELLS = [
    "from helpers import QUIZZES, chat, chat_model, get_client, playground, quiz, token_viewer\n"
    "client = get_client()\nMODEL = chat_model()",
    'pg = playground(client, MODEL, prompt="Say hello.", max_tokens=12)',
    'review = quiz(QUIZZES["01"])',
    "conversation = chat(client, MODEL, max_tokens=12)",
    'viewer = token_viewer(text="Hello world")',
]


def write_notebook(folder: Path) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "widgets_demo.ipynb"
    nbformat.write(notebook, path)
    return path


def start_lab(folder: Path, home: Path, server) -> tuple[subprocess.Popen, str]:
    """JupyterLab on a free port with a token; its kernels use the already running course server."""
    port, token = free_port(), "e2e-test-token"
    settings = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    jupyter = Path(sys.executable).with_name("jupyter")
    env = {
        "HOME": str(home),
        "PATH": f"{jupyter.parent}:/usr/bin:/bin",
        "JUPYTER_RUNTIME_DIR": str(home / "rt"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
        "HF_HUB_OFFLINE": "1",
        "COURSE_CACHE": str(CACHE_DIR),
        "COURSE_MODE": "compatible",
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": server.token,
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    process = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--notebook-dir={folder}",
            f"--IdentityProvider.token={token}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1):
                return process, f"{base}/lab/tree/widgets_demo.ipynb?token={token}"
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise AssertionError("JupyterLab did not answer within 60 s")


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's laptop; fail in CI (.ci/run sets COURSE_REQUIRE_BROWSER=1)."""
    if os.environ.get(ENV_REQUIRE_BROWSER) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.mark.expected_seconds(20)
def test_widgets_in_jupyterlab(tmp_path, course_server):
    if not CHROMIUM.exists():
        skip_or_fail("Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    try:
        from playwright import sync_api
    except ImportError:
        skip_or_fail("playwright is not installed: pip install -e '.[dev]' (never `playwright install`)")
    started = time.monotonic()
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_notebook(folder)
    lab, url = start_lab(folder, tmp_path / "home", course_server)
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.set_default_timeout(WAIT_MS)
            try:
                page.goto(url)
                page.locator(".jp-Notebook .jp-Cell").first.wait_for()
                page.locator("#jp-main-statusbar", has_text="Idle").wait_for()  # kernel started: no kernel dialog
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

                run = page.locator("button.widget-button").filter(has_text=re.compile(r"^\s*Run\s*$"))
                run.click()  # waits until the widget has rendered
                answer = page.locator(".widget-output", has_text="estimated cost")
                answer.wait_for()
                text = answer.inner_text()
                assert "Tokens:" in text and "Error" not in text, text
                playground = page.locator(".jp-OutputArea-output").filter(has=run)
                print(f"answer streamed after {time.monotonic() - started:.0f} s")
                playground.screenshot(path=tmp_path / "playground.png")

                question = QUIZZES["01"][0]
                wrong = next(o["text"] for o in question["options"] if not o["correct"])
                right = next(o["text"] for o in question["options"] if o["correct"])
                page.locator(".widget-button", has_text=wrong).first.click()
                page.get_by_text("✗ Not quite.").wait_for()
                page.locator(".widget-button", has_text=right).first.click()
                page.get_by_text("✓ Correct.").wait_for()
                quiz_view = page.locator(".jp-OutputArea-output").filter(has_text="✓ Correct.")
                quiz_view.screenshot(path=tmp_path / "quiz.png")

                page.get_by_placeholder("Type a message, then press Send").fill("Hi!")
                page.locator("button.widget-button", has_text="Send").click()
                page.locator(".widget-output", has_text="assistant: ").wait_for()
                page.locator("button.widget-toggle-button", has_text="Show messages sent").click()
                page.get_by_text("The last call sent 2 messages").wait_for()
                page.locator(".jp-OutputArea-output").filter(has_text="Show messages sent").screenshot(
                    path=tmp_path / "chat.png"
                )

                tokens = page.locator(".jp-OutputArea-output").filter(has_text="this course's local model")
                tokens.get_by_text("2 tokens").first.wait_for()
                assert tokens.get_by_text("2 tokens").count() == 2  # SmolLM2's tokens and OpenAI's (tiktoken)
                tokens.screenshot(path=tmp_path / "tokens.png")
                page.screenshot(path=tmp_path / "notebook.png", full_page=True)
            except Exception:
                page.screenshot(path=tmp_path / "failure.png", full_page=True)  # what the browser showed
                raise
            browser.close()
    finally:
        end_process(lab, timeout=20)
    reports = PROJECT_ROOT / "reports" / "screenshots"
    reports.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "playground.png", reports / "playground.png")
    print(f"e2e took {time.monotonic() - started:.0f} s; screenshots in {tmp_path}")
