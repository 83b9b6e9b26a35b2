"""multipart/form-data parsing with the standard library (no python-multipart dependency needed)."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

from .errors import bad_request


def parse_form(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """{field name: (filename or None, raw bytes)}."""
    if not content_type.startswith("multipart/form-data"):
        raise bad_request("Send this request as multipart/form-data (the openai client does this for you).")
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + body
    )
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            fields[name] = (part.get_filename(), part.get_payload(decode=True) or b"")
    return fields
