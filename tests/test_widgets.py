"""The widgets' Python side: set values, click, read the output areas. A stub client keeps it fast."""

import json
import sys
import time
from types import SimpleNamespace

import pytest

from helpers.quizzes import QUIZZES
from helpers.widgets import chat, frontend_available, playground, quiz, token_viewer
from helpers.widgets.quiz import check_questions
from helpers.widgets.tokens import openai_encoder

MODEL = "HuggingFaceTB/SmolLM2-135M-Instruct"


class StubClient:
    """Answers every chat call with a fixed reply, streamed in three chunks, and records the calls."""

    def __init__(self, reply="Waves roll in.", fail=None):
        self.reply, self.fail, self.calls = reply, fail, []
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=self.create))

    def create(self, **request):
        self.calls.append(json.loads(json.dumps(request)))  # a deep copy of what was sent
        if self.fail:
            raise self.fail
        assert request["stream"] is True and request["stream_options"] == {"include_usage": True}
        pieces = [self.reply[i : i + 5] for i in range(0, len(self.reply), 5)]
        for piece in pieces:
            yield SimpleNamespace(choices=[SimpleNamespace(delta=SimpleNamespace(content=piece))], usage=None)
        usage = SimpleNamespace(prompt_tokens=10, completion_tokens=len(pieces), total_tokens=10 + len(pieces))
        yield SimpleNamespace(choices=[], usage=usage)


def text_of(output_widget) -> str:
    return "".join(item.get("text", "") for item in output_widget.outputs)


def test_headless_means_text(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_WIDGETS", raising=False)
    assert not frontend_available()  # pytest: no kernel, so no front end
    monkeypatch.setenv("COURSE_WIDGETS", "widgets")
    assert frontend_available()
    monkeypatch.setenv("COURSE_WIDGETS", "text")
    assert not frontend_available()


def test_playground_streams_answer_usage_and_cost(capsys):
    client = StubClient()
    widget = playground(client, MODEL)
    assert "Playground" in capsys.readouterr().out  # the headless text, printed instead of the widget
    widget.prompt.value, widget.system.value = "Say something about the sea.", "Be poetic."
    widget.temperature.value, widget.top_p.value, widget.max_tokens.value, widget.seed.value = 0.3, 0.9, 20, 7
    widget.button.click()
    sent = client.calls[0]
    assert sent["messages"] == [
        {"role": "system", "content": "Be poetic."},
        {"role": "user", "content": "Say something about the sea."},
    ]
    assert (sent["model"], sent["temperature"], sent["top_p"], sent["max_completion_tokens"], sent["seed"]) == (
        MODEL,
        0.3,
        0.9,
        20,
        7,
    )
    shown = text_of(widget.output)
    assert shown.startswith("Waves roll in.")
    assert "Tokens: 10 in + 3 out = 13" in shown and "$0" in shown and "local model" in shown
    assert not widget.button.disabled


def test_playground_prices_openai_models_and_shows_errors():
    widget = playground(StubClient(), "gpt-4o-mini")
    widget.button.click()
    assert "$0.000003 (price of 2025-06)" in text_of(widget.output)  # 10 * 0.15/1M + 3 * 0.60/1M, June 2025 list
    broken = playground(StubClient(fail=RuntimeError("server down")), MODEL)
    broken.button.click()
    assert text_of(broken.output) == "Error: RuntimeError: server down\n"


def test_chat_sends_whole_history_and_resets():
    client = StubClient(reply="Hello!")
    widget = chat(client, MODEL, system="Be brief.")
    widget.message.value = "Hi"
    widget.send_button.click()
    widget.message.value = "And again"
    widget.send_button.click()
    assert len(client.calls) == 2
    assert client.calls[1]["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "And again"},
    ]
    assert text_of(widget.transcript) == "user: Hi\nassistant: Hello!\nuser: And again\nassistant: Hello!\n"
    assert widget.sent.layout.display == "none"
    widget.show_sent.value = True
    assert widget.sent.layout.display == ""
    assert "The last call sent 4 messages" in text_of(widget.sent) and '"And again"' in text_of(widget.sent)
    widget.reset_button.click()
    assert widget.history == [] and widget.transcript.outputs == () and widget.sent.outputs == ()
    widget.message.value = "Fresh start"
    widget.send_button.click()
    assert [m["content"] for m in client.calls[2]["messages"]] == ["Be brief.", "Fresh start"]


def test_chat_ignores_empty_messages_and_reports_errors():
    client = StubClient(fail=ValueError("bad request"))
    widget = chat(client, MODEL)
    widget.send_button.click()
    assert client.calls == []
    widget.message.value = "Hi"
    widget.send_button.click()
    assert widget.history == [] and "Error: ValueError: bad request" in text_of(widget.transcript)


class FakeTokenizer:
    """Splits on spaces; enough to test the viewer without loading a model."""

    name_or_path = "/cache/FakeTok"

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": [len(word) for word in text.split()]}

    def decode(self, ids):
        return "x" * ids[0]


def test_token_viewer_chips_update_as_you_type(capsys):
    widget = token_viewer(FakeTokenizer(), text="ab cde")
    printed = capsys.readouterr().out
    assert "FakeTok (this course's local model): 2 tokens\n['xx'|2] ['xxx'|3]" in printed
    widget.text.value = "a bb ccc dddd"
    html = next(iter(widget.views.values())).value
    assert "4 tokens" in html and html.count("<small>") == 4 and "<small>4</small>" in html


def test_openai_tokenizer_missing_or_offline_is_explained(monkeypatch):
    monkeypatch.setitem(sys.modules, "tiktoken", None)  # "not installed"
    encoder, why = openai_encoder()
    assert encoder is None and "not installed" in why

    def offline(model):
        raise ConnectionError("no network")

    monkeypatch.setitem(sys.modules, "tiktoken", SimpleNamespace(encoding_for_model=offline))
    encoder, why = openai_encoder(timeout=2)
    assert encoder is None and "could not load its encoding file" in why


def test_openai_tokenizer_in_the_cache_is_shown_however_slow_the_machine(monkeypatch, tmp_path):
    pytest.importorskip("tiktoken")
    import helpers.models as models

    cached = tmp_path / "encoding"
    cached.write_text("in the cache")
    monkeypatch.setattr(models, "tiktoken_file", lambda: cached)

    def slow_load():
        time.sleep(0.5)  # a busy machine
        return SimpleNamespace(encode=lambda text: [1], decode=lambda ids: "x")

    monkeypatch.setattr(models, "openai_tokenizer", slow_load)
    encoder, why = openai_encoder(timeout=0.1)
    assert encoder is not None and not why, f"OpenAI's tokenizer was not shown: {why}"


def test_token_viewer_with_the_course_tokenizer(capsys):
    pytest.importorskip("transformers")
    from helpers.models import KIT

    if not KIT["chat"].ready():
        pytest.skip("offline chat model not prepared (`course prepare`)")
    token_viewer(text="Hello world")
    assert "SmolLM2-135M-Instruct (this course's local model): 2 tokens" in capsys.readouterr().out


def test_quiz_feedback_per_option(capsys):
    widget = quiz(QUIZZES["01"])
    printed = capsys.readouterr().out
    first_question = QUIZZES["01"][0]["question"]
    assert printed.startswith(f"Review quiz: {len(QUIZZES['01'])} questions.") and f"1. {first_question}" in printed
    assert "Correct." not in printed and "Not quite" not in printed  # headless text does not give answers away
    first = widget.children[0]
    wrong = next(b for b, o in zip(first.buttons, first.question["options"]) if not o["correct"])
    right = next(b for b, o in zip(first.buttons, first.question["options"]) if o["correct"])
    wrong.click()
    assert "✗ Not quite.</b>" in first.feedback.value and wrong.button_style == "danger"
    right.click()
    assert "✓ Correct.</b>" in first.feedback.value
    assert right.button_style == "success" and wrong.button_style == ""


def test_every_quiz_is_well_formed():
    for questions in QUIZZES.values():  # tests/test_quizzes.py checks what each quiz asks
        check_questions(questions)
    with pytest.raises(ValueError, match="exactly one"):
        check_questions([{"question": "?", "options": [{"text": "a", "why": "b"}, {"text": "c", "why": "d"}]}])


def test_playground_against_the_local_server(local_mode):
    """One real call: the local course server (shared with the server tests, see conftest.py) streams."""
    from helpers import chat_model, get_client

    widget = playground(get_client(), chat_model(), prompt="Say hello.", max_tokens=8)
    widget.temperature.value = 0
    widget.button.click()
    shown = text_of(widget.output)
    assert "Tokens:" in shown and "estimated cost:" in shown and not shown.startswith("Error")


def test_frontend_follows_the_kernels_allow_stdin(monkeypatch):
    import IPython

    monkeypatch.delenv("COURSE_WIDGETS", raising=False)
    kernel = SimpleNamespace(_allow_stdin=True)  # what JupyterLab, Notebook and VS Code send
    monkeypatch.setattr(IPython, "get_ipython", lambda: SimpleNamespace(kernel=kernel))
    assert frontend_available()
    kernel._allow_stdin = False  # what nbclient, nbconvert and nbval send
    assert not frontend_available()


def test_headless_kernel_prints_text_and_saves_no_widget_state(tmp_path):
    """A real headless run (nbclient, as nbval and nbconvert use): plain text, nothing to click."""
    import nbformat
    from nbclient import NotebookClient

    cells = [
        'from helpers import QUIZZES, quiz\nreview = quiz(QUIZZES["02"])',
        "from helpers.widgets import frontend_available\nprint(frontend_available())",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    quiz_output, detection = (cell.outputs for cell in notebook.cells)
    assert quiz_output[0]["text"].startswith(f"Review quiz: {len(QUIZZES['02'])} questions.") and len(quiz_output) == 1
    assert detection[0]["text"] == "False\n"
    assert "widgets" not in notebook.metadata  # no widget models were announced to anyone
