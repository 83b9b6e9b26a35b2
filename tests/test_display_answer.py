"""show_answer: who wrote an answer, the answer, and a caption only when the small local model wrote it."""

from types import SimpleNamespace

from helpers.display import answer_text, is_small_model, show_answer


def _chat(model: str, text: str) -> SimpleNamespace:
    return SimpleNamespace(model=model, choices=[SimpleNamespace(message=SimpleNamespace(content=text))])


def test_small_model_answer_is_captioned(capsys):
    show_answer(
        _chat("SmolLM2-135M-Instruct", "A token is a small, portable device."),
        "Wrong: a token is a piece of text. A larger model defines it correctly.",
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "SmolLM2-135M-Instruct wrote:"
    assert "    A token is a small, portable device." in out
    assert "Note: a 135M-parameter model wrote this. Wrong: a token is a piece of text." in out


def test_larger_model_answer_is_not_captioned(capsys):
    show_answer(_chat("gpt-6-luna", "A token is a piece of text."), "Wrong: a token is a piece of text.")
    out = capsys.readouterr().out
    assert "gpt-6-luna wrote:" in out and "Note:" not in out


def test_every_answer_shape():
    assert answer_text(SimpleNamespace(output_text="hi", model="m")) == "hi"
    assert answer_text(SimpleNamespace(choices=[SimpleNamespace(text="legacy")])) == "legacy"
    assert is_small_model("ft:HuggingFaceTB/SmolLM2-135M-Instruct:course:pirate")
    assert is_small_model("SmolLM2-135M-Instruct.Q4_1.gguf") and not is_small_model("gpt-6-luna")
