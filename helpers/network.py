"""Is the network there? One cached check per question, so a lesson can say what it would have done offline.

settings.py holds the addresses and the timeout; this module is the only one that asks the network.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request

from .settings import ENV_HF_OFFLINE, HF_HUB_URL, PROBE_TIMEOUT_S


def http_ok(url: str, timeout: float = PROBE_TIMEOUT_S, headers: dict[str, str] | None = None) -> bool:
    """True when GET `url` answers 2xx within `timeout` seconds."""
    try:
        request = urllib.request.Request(url, headers=headers or {})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (OSError, urllib.error.URLError, ValueError):
        return False


_hub_reachable: bool | None = None


def hub_reachable() -> bool:
    """Whether the Hugging Face Hub answers (cached; HF_HUB_OFFLINE=1 means no)."""
    global _hub_reachable
    if os.environ.get(ENV_HF_OFFLINE, "").lower() in {"1", "true", "yes"}:
        return False
    if _hub_reachable is None:  # an HTTP answer, not just a TCP connect: proxies accept those
        _hub_reachable = http_ok(f"{HF_HUB_URL}/api/models?limit=1")
    return _hub_reachable
