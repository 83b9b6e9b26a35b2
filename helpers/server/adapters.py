"""Serve a LoRA adapter a learner trained and saved: POST /v1/load_lora_adapter, as vLLM's server does.

OpenAI's API has no such endpoint (a fine-tuned model only comes from a job). vLLM's OpenAI-compatible
server has `POST /v1/load_lora_adapter {"lora_name", "lora_path"}` (and `/v1/unload_lora_adapter`);
the course server takes the same body, so notebook 05's code also works against vLLM. The path is read
on the server's machine: the course server a notebook starts shares the learner's disk, a classroom's
does not. The adapter's two files are copied into the server's run folder (deleting the model later,
`client.models.delete`, removes the copy, never the learner's folder). Only safetensors weights are read:
a pickled `adapter_model.bin` could run code.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from .errors import APIError, bad_request, not_found

CONFIG, WEIGHTS = "adapter_config.json", "adapter_model.safetensors"
MAX_ADAPTER_BYTES = 256 * 2**20  # a LoRA of a 135M model is a few MB


def _short(model: str) -> str:
    return str(model).rstrip("/").split("/")[-1]


def check_adapter(folder: Path, base_model_id: str) -> None:
    """Raise a 400/404 APIError unless `folder` holds a LoRA adapter (safetensors) trained on the base model."""
    try:
        _check(folder, base_model_id)
    except (OSError, ValueError) as error:  # e.g. a NUL byte in the path, a folder it may not read
        raise bad_request(f"lora_path cannot be read ({type(error).__name__}).", "lora_path") from None


def _check(folder: Path, base_model_id: str) -> None:
    if not folder.is_absolute():
        raise bad_request(
            f"lora_path must be an absolute path on the server's machine, not {str(folder)[:200]!r}.", "lora_path"
        )
    if not (folder / CONFIG).is_file():
        raise not_found(
            f"No LoRA adapter at {str(folder)[:200]!r}: the folder needs {CONFIG} (what "
            "model.save_pretrained(folder) writes for a PEFT model).",
            "lora_path",
        )
    if not (folder / WEIGHTS).is_file():
        raise bad_request(
            f"The adapter needs its weights as {WEIGHTS}; the course server does not read "
            "pickled .bin weights (they can run code).",
            "lora_path",
        )
    if (folder / WEIGHTS).stat().st_size > MAX_ADAPTER_BYTES:
        raise bad_request(
            f"{WEIGHTS} is over {MAX_ADAPTER_BYTES // 2**20} MB: not a LoRA of the course model.", "lora_path"
        )
    try:
        config = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise bad_request(f"{CONFIG} is not valid JSON ({type(error).__name__}).", "lora_path") from None
    if not isinstance(config, dict) or config.get("peft_type") != "LORA":
        raise bad_request(f"{CONFIG} is not a LoRA adapter's (peft_type must be 'LORA').", "lora_path")
    base = config.get("base_model_name_or_path") or ""
    if _short(base) != _short(base_model_id):
        raise bad_request(
            f"The adapter was trained on {str(base)[:100]!r}; this server's model is {base_model_id!r}.",
            "lora_path",
            "model_mismatch",
        )


def load_adapter(engine, name: str, path: str, base_model_id: str, folder: Path) -> None:
    """Copy the adapter at `path` into `folder` and serve it as model `name` (raises APIError)."""
    if name in (base_model_id, _short(base_model_id)) or name in engine.adapters:
        raise APIError(
            400,
            f"The model {name!r} already exists on this server; pick another lora_name, or "
            "delete the old one with client.models.delete(...).",
            "model_exists",
            "lora_name",
        )
    source = Path(path)
    check_adapter(source, base_model_id)
    copy = folder / f"lora-{uuid.uuid4().hex[:12]}"
    copy.mkdir(parents=True)
    for file in (CONFIG, WEIGHTS):
        shutil.copyfile(source / file, copy / file)
    engine.adapters[name] = copy
