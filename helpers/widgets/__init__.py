"""Interactive widgets for the notebooks (ipywidgets 8). Each shows itself and returns the widget.

In a headless run (tests, nbconvert) they print plain text instead: see `common.frontend_available`.
Assign the result (`pg = playground(client, MODEL)`) so a notebook does not show it twice.
"""

from .chat import Chat, chat
from .common import ENV_WIDGETS, frontend_available
from .playground import Playground, playground
from .quiz import quiz
from .tokens import TokenViewer, token_viewer

__all__ = [
    "ENV_WIDGETS",
    "Chat",
    "Playground",
    "TokenViewer",
    "chat",
    "frontend_available",
    "playground",
    "quiz",
    "token_viewer",
]
