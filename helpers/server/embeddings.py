"""Embeddings (all-MiniLM-L6-v2), loaded in the background after the server is up.

The kit's model is a sentence-transformers folder: a BERT encoder, mean pooling, then normalisation. The
server runs exactly that with transformers alone (`MeanPooled`): importing sentence-transformers would pull
in its training stack (datasets, scipy, pandas, peft): 2.9 s of CPU in every server start. Any other folder
layout is loaded with sentence-transformers itself.

Like the chat model, the encoder runs in bf16 with its linear layers packed once for oneDNN where the CPU
has bf16 (`fast_linear.py`): notebook 07's 194 chunks take 3.7 s instead of 6.4 s on 2 cores
(`benchmarks/embeddings.py`). The vectors differ from float32's in the fourth decimal (cosine >= 0.9999);
the same chunks rank first.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from pathlib import Path

import numpy as np

from .errors import bad_request
from .loading import MODEL_LOADING

MAX_INPUTS = 2048
BATCH_SIZE = 16  # texts per forward pass: on 2 cores (bf16) 07's 194 chunks took 3.6 s at 8, 3.4 s at 16, 4.3 s at 64
MEAN_POOLED = [
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
]


class MeanPooled:
    """A sentence-transformers folder of Transformer + mean Pooling + Normalize, run with transformers alone."""

    def __init__(self, path: Path, fast: bool = True):
        """`fast`: bf16 with packed linear layers where the CPU has bf16 (else float32, as the folder ships)."""
        import torch
        from transformers import AutoModel, AutoTokenizer

        from .fast_linear import can_pack, pack_linears

        self.tokenizer = AutoTokenizer.from_pretrained(path)
        dtype = torch.bfloat16 if fast and can_pack(torch.bfloat16) else torch.float32
        self.encoder = AutoModel.from_pretrained(path, dtype=dtype).eval()
        pack_linears(self.encoder, four_bit=False)  # (does nothing in float32)
        self.max_length = json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"]

    @staticmethod
    def fits(path: Path) -> bool:
        """The folder is exactly the layout this class runs (else sentence-transformers loads it)."""
        try:
            modules = [m["type"] for m in json.loads((path / "modules.json").read_text())]
            pooling = json.loads((path / "1_Pooling" / "config.json").read_text())
            json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        modes = [key for key, on in pooling.items() if key.startswith("pooling_mode") and on]
        return modules == MEAN_POOLED and modes == ["pooling_mode_mean_tokens"]

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.encoder.config.hidden_size)

    def encode(self, texts: list[str], **_) -> np.ndarray:
        """Unit vectors, one row per text: the mean of each text's token states (pads left out), normalised.
        Longest first, as sentence-transformers does, so each batch pads to similar lengths (194 chunks of
        notebook 07, batches of 64: 5.0 -> 4.5 s)."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        ordered, rows = [texts[i] for i in order], []
        for start in range(0, len(ordered), BATCH_SIZE):
            batch = self.tokenizer(
                ordered[start : start + BATCH_SIZE],
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            )
            with torch.inference_mode():
                states = self.encoder(**batch).last_hidden_state
            states = states.float()
            mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            rows.append(torch.nn.functional.normalize(mean, dim=1).numpy())
        vectors = np.empty((len(texts), self.get_sentence_embedding_dimension()), dtype=np.float32)
        vectors[order] = np.concatenate(rows) if rows else vectors
        return vectors


class Embedder:
    def __init__(self, path: str | Path):
        self.path = str(path)
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                with MODEL_LOADING:  # from_pretrained is not thread-safe (loading.py)
                    self._model = _load(Path(self.path))
            return self._model

    def preload(self, delay: float = 2.0) -> None:
        """Load in the background, after the server is up and at low priority, so readiness is not delayed."""

        def load() -> None:
            time.sleep(delay)
            try:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # this thread only (Linux)
            except (AttributeError, OSError):
                pass
            _ = self.model

        threading.Thread(target=load, name="course-embedder-load", daemon=True).start()

    def embed(
        self, inputs: str | list, encoding_format: str = "float", dimensions: int | None = None
    ) -> tuple[list, int]:
        """Returns (OpenAI `data` list, prompt token count)."""
        texts = [inputs] if isinstance(inputs, str) else inputs
        if not texts or not all(isinstance(t, str) and t for t in texts):
            raise bad_request(
                "`input` must be a non-empty string or a list of non-empty strings "
                "(token-id lists are not supported by the course server).",
                "input",
            )
        if len(texts) > MAX_INPUTS:
            raise bad_request(f"At most {MAX_INPUTS} inputs per request; split the list into batches.", "input")
        if encoding_format not in ("float", "base64"):
            raise bad_request("`encoding_format` must be 'float' or 'base64'.", "encoding_format")
        model = self.model
        if dimensions is not None and not 0 < dimensions <= model.get_sentence_embedding_dimension():
            raise bad_request(
                f"`dimensions` must be between 1 and {model.get_sentence_embedding_dimension()} for this model.",
                "dimensions",
            )
        vectors = model.encode(texts, batch_size=BATCH_SIZE, convert_to_numpy=True, normalize_embeddings=True)
        if dimensions is not None:
            vectors = vectors[:, :dimensions]
            vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        tokens = sum(len(ids) for ids in model.tokenizer(texts)["input_ids"])
        data = []
        for i, vec in enumerate(vectors.astype(np.float32)):
            emb = base64.b64encode(vec.tobytes()).decode() if encoding_format == "base64" else vec.tolist()
            data.append({"object": "embedding", "index": i, "embedding": emb})
        return data, tokens


def _load(path: Path):
    if MeanPooled.fits(path):
        return MeanPooled(path)
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu")
