"""Sharing the course server with a class: bind beyond this machine only with a token, and say so."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """True when `host` is reachable from this machine only (127.0.0.1, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name or 0.0.0.0-like wildcard: other machines may reach it


def serve_warning(host: str, token: str | None) -> str | None:
    """None on localhost; a warning to print when sharing; ValueError when sharing without a token."""
    if is_loopback(host):
        return None
    if not token or not token.strip():
        raise ValueError(
            f"Refusing to serve on {host} without a token: anyone on the network could use it. "
            "Add --token CLASS_TOKEN (students set it as OPENAI_API_KEY)."
        )
    return (
        f"WARNING: serving on {host}: every machine that can reach this address can use the server "
        "with the class token. Share the token with your class only, use it on a lab network you "
        "trust (plain HTTP, no encryption), and stop the server (Ctrl+C) after class."
    )
