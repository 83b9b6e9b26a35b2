"""A small secret scanner for tracked files and notebook outputs (run by tests/test_secrets.py)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

PATTERNS = {
    "OpenAI key": re.compile(r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}"),
    "Hugging Face token": re.compile(r"hf_[A-Za-z0-9]{30,}"),
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----"),
    "key assignment": re.compile(r"(?i)(api[_-]?key|secret|token)\s*[=:]\s*[\"'][A-Za-z0-9_\-]{32,}[\"']"),
}


def scan_text(text: str, where: str) -> list[str]:
    """Findings as 'where: kind' lines (the secret itself is never repeated)."""
    return [f"{where}: {kind}" for kind, pattern in PATTERNS.items() if pattern.search(text)]


def notebook_outputs(path: Path) -> str:
    """All text in a notebook's outputs, where a leaked key would hide from a code review."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    chunks = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            chunks.append(json.dumps(output))
    return "\n".join(chunks)


def scan_paths(paths: list[Path]) -> list[str]:
    findings = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (audio, images)
        findings += scan_text(text, str(path))
        if path.suffix == ".ipynb":
            findings += scan_text(notebook_outputs(path), f"{path} (outputs)")
    return findings


def tracked_files(root: Path) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [root / name for name in listed.split("\0") if name and (root / name).is_file()]
