"""Multiple-choice review questions; every option explains why it is right or wrong."""

from __future__ import annotations

import html
from typing import Any, Mapping, Sequence

import ipywidgets as widgets

from .common import show

Question = Mapping[str, Any]  # {"question": str, "options": [{"text": str, "correct": bool, "why": str}, ...]}
LETTERS = "abcdefgh"


def check_questions(questions: Sequence[Question]) -> None:
    """Raise ValueError unless every question has options with text and a reason, and one correct option."""
    for number, question in enumerate(questions, 1):
        options = question.get("options", [])
        if not question.get("question") or len(options) < 2:
            raise ValueError(f"Question {number} needs a 'question' and at least two 'options'.")
        if sum(bool(option.get("correct")) for option in options) != 1:
            raise ValueError(f"Question {number} needs exactly one option with 'correct': True.")
        if not all(option.get("text") and option.get("why") for option in options):
            raise ValueError(f"Question {number}: every option needs 'text' and 'why'.")


def feedback_html(option: Mapping[str, Any]) -> str:
    """'✓ Correct. why' (green) or '✗ Not quite. why' (red)."""
    colour, verdict = ("#15803d", "✓ Correct.") if option["correct"] else ("#b91c1c", "✗ Not quite.")
    return f'<b style="color:{colour}">{verdict}</b> {html.escape(option["why"])}'


class QuizQuestion(widgets.VBox):
    """One question: a button per option, and the feedback for the one last clicked."""

    def __init__(self, number: int, question: Question) -> None:
        self.question = question
        self.buttons = [
            widgets.Button(
                description=f"{LETTERS[i]}) {option['text']}",
                tooltip=option["text"],
                layout=widgets.Layout(width="auto", max_width="95%"),
            )
            for i, option in enumerate(question["options"])
        ]
        self.feedback = widgets.HTML()
        for button, option in zip(self.buttons, question["options"]):
            button.on_click(lambda clicked, option=option: self.choose(clicked, option))
        title = widgets.HTML(f"<b>{number}. {html.escape(question['question'])}</b>")
        super().__init__([title, *self.buttons, self.feedback])

    def choose(self, clicked: widgets.Button, option: Mapping[str, Any]) -> None:
        for button in self.buttons:
            button.button_style = ""
        clicked.button_style = "success" if option["correct"] else "danger"
        self.feedback.value = feedback_html(option)


def quiz_text(questions: Sequence[Question]) -> str:
    """The questions and options as plain text (for headless runs; answers are not revealed)."""
    lines = [
        f"Review quiz: {len(questions)} questions. Open this notebook in JupyterLab, Notebook or Colab "
        "to click an answer and see why it is right or wrong."
    ]
    for number, question in enumerate(questions, 1):
        lines += ["", f"{number}. {question['question']}"]
        lines += [f"   {LETTERS[i]}) {option['text']}" for i, option in enumerate(question["options"])]
    return "\n".join(lines)


def quiz(questions: Sequence[Question]) -> widgets.VBox:
    """Show multiple-choice questions with feedback for each option, and return the widget."""
    check_questions(questions)
    return show(
        lambda: widgets.VBox([QuizQuestion(n, q) for n, q in enumerate(questions, 1)]), lambda _: quiz_text(questions)
    )
