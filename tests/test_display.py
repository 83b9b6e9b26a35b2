"""helpers.display: charts, token tables and transcripts."""

import matplotlib
import pytest

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


def test_bar_chart_groups_one_bar_per_series_at_each_label():
    import matplotlib.pyplot as plt

    plt.close("all")
    bar_chart(["a", "b"], {"T=1": [0.6, 0.4], "T=2": [0.55, 0.45]}, title="t")
    ax = plt.gcf().axes[0]
    assert [bar.get_width() for bar in ax.patches] == [0.6, 0.4, 0.55, 0.45]  # series T=1, then T=2
    assert [label.get_text() for label in ax.get_yticklabels()] == ["'a'", "'b'"]
    for tick, bars in zip(ax.get_yticks(), [ax.patches[0::2], ax.patches[1::2]]):  # a label's bars centred on it
        assert sum(bar.get_y() + bar.get_height() / 2 for bar in bars) / len(bars) == pytest.approx(tick)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["T=1", "T=2"]
    assert ax.get_title() == "t" and ax.yaxis_inverted()  # the first (most likely) token on top
    plt.close("all")
    bar_chart(["a"], {"p": [1.0]})
    assert plt.gcf().axes[0].get_legend() is None  # one series needs no legend
    plt.close("all")


def test_show_messages(capsys):
    show_messages([{"role": "user", "content": "Hello   there"}, SimpleNamespace(role="assistant", content="Hi!")])
    out = capsys.readouterr().out.splitlines()
    assert out == ["     user: Hello there", "assistant: Hi!"]
