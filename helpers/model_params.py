"""Which request parameters a chat model takes, so a lesson sends only what the model documents.

OpenAI's reasoning models refuse some sampling parameters with HTTP 400 "Unsupported parameter": the
SDK documents `stop` as "Not supported with latest reasoning models `o3` and `o4-mini`", and GPT-5-family
models answered 400 "Unsupported parameter: 'stop'". The course's OpenAI chat model is a reasoning model
(settings.py), so in openai mode the course does not send it `stop`. Other servers may refuse anything:
the notebooks catch `openai.BadRequestError` around the parameters they teach and say what happened.
"""

from __future__ import annotations

from .settings import OPENAI_CHAT_MODEL

# model -> {parameter: why it is not sent}; only OpenAI's models, checked in openai mode only
REFUSED = {
    OPENAI_CHAT_MODEL: {
        "stop": (
            f"{OPENAI_CHAT_MODEL} is a reasoning model: OpenAI's reasoning models answer 400 "
            "\"Unsupported parameter: 'stop'\" (the openai SDK: not supported with the latest reasoning "
            "models). Ask for the format in the prompt instead, or cut the answer in Python."
        ),
    },
}


def unsupported(parameter: str, model: str, mode_name: str | None = None) -> str | None:
    """Why `model` is not sent `parameter` in this mode (documented refusals of OpenAI's models), or None."""
    if mode_name is None:
        from .client import current_mode

        mode_name = current_mode().name
    return REFUSED.get(model, {}).get(parameter) if mode_name == "openai" else None


def supported(model: str, mode_name: str | None = None, **params) -> dict:
    """`params` without those `model` does not take in this mode: `create(..., **supported(MODEL, stop=["."]))`."""
    return {name: value for name, value in params.items() if unsupported(name, model, mode_name) is None}
