"""Uploaded files (kept in memory and in a per-run folder) and validation of fine-tuning JSONL."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..finetune import check_chat_jsonl
from .errors import bad_request, not_found

MAX_FILE_BYTES = 20 * 1024 * 1024  # OpenAI takes up to 512 MB; a 2-core CPU fine-tunes far less
MAX_EXAMPLES = 10_000  # lines of a fine-tuning file, checked before any line is parsed


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    path: Path
    bytes: int
    created_at: int

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "object": "file",
            "bytes": self.bytes,
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }
        # expires_at and status_details are left out, not null: OpenAI's spec types them as integer/string


def training_examples(raw: bytes) -> list[dict]:
    """The examples of an uploaded fine-tuning file; every bad line is reported with its number and reason
    (HTTP 400) by helpers.finetune's check, the one notebook 05 teaches."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request("The file is not UTF-8 text. Save it as UTF-8 JSONL (one JSON object per line).", "file")
    if text.count("\n") > MAX_EXAMPLES:
        raise bad_request(
            f"The file has more than {MAX_EXAMPLES} lines; the course server fine-tunes small "
            "files (a few hundred examples teach a style). Use fewer examples.",
            "file",
            "invalid_file_format",
        )
    records, problems = check_chat_jsonl(text)
    if problems:
        shown = "; ".join(map(str, problems[:20])) + (
            f"; ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        )
        raise bad_request(
            f"Invalid fine-tuning file ({len(problems)} bad line(s)): {shown}. Fix these lines and upload again.",
            "file",
            "invalid_file_format",
        )
    if not records:
        raise bad_request(
            "The file has no training examples. Add one JSON object per line.", "file", "invalid_file_format"
        )
    return records


class FileStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, StoredFile] = {}

    def add(self, filename: str, purpose: str, raw: bytes) -> StoredFile:
        if len(raw) > MAX_FILE_BYTES:
            raise bad_request(
                f"The file is larger than {MAX_FILE_BYTES // 2**20} MB; the course server is for small files.", "file"
            )
        if purpose == "fine-tune":
            training_examples(raw)
        file_id = f"file-{uuid.uuid4().hex[:24]}"
        path = self.folder / file_id
        path.write_bytes(raw)
        stored = StoredFile(file_id, filename, purpose, path, len(raw), int(time.time()))
        self.files[file_id] = stored
        return stored

    def get(self, file_id: str, param: str = "file_id") -> StoredFile:
        if file_id not in self.files:
            raise not_found(f"No such file: {file_id[:100]!r}. List uploaded files with client.files.list().", param)
        return self.files[file_id]

    def delete(self, file_id: str) -> None:
        self.get(file_id).path.unlink(missing_ok=True)
        del self.files[file_id]

    def read_records(self, file_id: str, param: str) -> list[dict]:
        return training_examples(self.get(file_id, param).path.read_bytes())
