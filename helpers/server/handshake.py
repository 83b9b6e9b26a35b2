"""The challenge a course server answers to prove it knows its token (the launcher checks it, the server
answers it on /health), so a client never sends the token to another process that took the port."""

from __future__ import annotations

import hashlib
import hmac


def proof(token: str, challenge: str) -> str:
    """What only a server that knows the token can answer to a challenge (HMAC-SHA256)."""
    return hmac.new(token.encode(), challenge.encode(), hashlib.sha256).hexdigest()
