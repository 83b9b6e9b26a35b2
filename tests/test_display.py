"""helpers.display: charts, token tables and transcripts."""
import matplotlib

matplotlib.use("Agg")

from types import SimpleNamespace  # noqa: E402

from helpers.display import bar_chart, show_messages, token_table  # noqa: E402


class FakeTokenizer:
    def __call__(self, text):
        return {"input_ids": [ord(c) for c in text]}

    def convert_ids_to_tokens(self, ids):
        return [f"<{chr(i)}>" for i in ids]

    def decode(self, ids):
        return "".join(chr(i) for i in ids)


def test_token_table():
    table = token_table(FakeTokenizer(), "hi")
    assert list(table.columns) == ["token id", "token", "text"]
    assert table["token id"].tolist() == [104, 105]
    assert table["text"].tolist() == ["h", "i"]


def test_bar_chart_runs():
    bar_chart(["a", "b"], {"T=1": [0.6, 0.4], "T=2": [0.55, 0.45]}, title="t")
    bar_chart(["a"], {"p": [1.0]})


def test_show_messages(capsys):
    show_messages([{"role": "user", "content": "Hello   there"},
                   SimpleNamespace(role="assistant", content="Hi!")])
    out = capsys.readouterr().out.splitlines()
    assert out == ["     user: Hello there", "assistant: Hi!"]
