"""Embeddings with sentence-transformers (all-MiniLM-L6-v2), loaded on first use so the server is ready fast."""

from __future__ import annotations

import base64
import os
import threading
import time
from pathlib import Path

import numpy as np

from .errors import bad_request
from .loading import MODEL_LOADING

MAX_INPUTS = 2048


class Embedder:
    def __init__(self, path: str | Path):
        self.path = str(path)
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                with MODEL_LOADING:  # from_pretrained is not thread-safe (loading.py)
                    self._model = SentenceTransformer(self.path, device="cpu")
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
        vectors = model.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
        if dimensions is not None:
            vectors = vectors[:, :dimensions]
            vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        tokens = sum(len(ids) for ids in model.tokenizer(texts)["input_ids"])
        data = []
        for i, vec in enumerate(vectors.astype(np.float32)):
            emb = base64.b64encode(vec.tobytes()).decode() if encoding_format == "base64" else vec.tolist()
            data.append({"object": "embedding", "index": i, "embedding": emb})
        return data, tokens
