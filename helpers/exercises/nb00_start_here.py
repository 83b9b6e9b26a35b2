"""Exercises for notebook 00."""
from __future__ import annotations

from ..settings import MODES
from .core import exercise


@exercise("00.1", solution='my_mode = current_mode().name  # "local" when you have no key',
          praise="That is the mode every notebook will use on this machine.")
def mode_name(my_mode: object) -> str | None:
    from ..client import current_mode

    if not isinstance(my_mode, str):
        return 'Type the mode as text between quotes, e.g. my_mode = "...". Which word did the setup cell print?'
    if my_mode.strip().lower() not in MODES:
        return f"A mode is one of {sorted(MODES)}. Look at the line the setup cell printed."
    if my_mode.strip().lower() != current_mode().name:
        return "That is a real mode, but not the one in use here: read the setup cell's line again."
    return None
