"""The local OpenAI-compatible course server (see docs/architecture.md). Importing this package is cheap:
torch and the models load only in the server process."""

from .process import ServerHandle, current_server, start_server, stop_server
from .serve import serve_forever

__all__ = ["ServerHandle", "current_server", "serve_forever", "start_server", "stop_server"]
