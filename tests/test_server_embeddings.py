"""Embeddings: a string or a list, float and base64, usage, the same vectors as sentence-transformers."""

from __future__ import annotations

import asyncio
import base64

import numpy as np
import openai
import pytest


def test_single_string_and_list(client, embedding_model):
    one = client.embeddings.create(model=embedding_model, input="The cat sat on the mat.")
    assert len(one.data) == 1 and len(one.data[0].embedding) == 384
    assert one.usage.prompt_tokens > 0 and one.usage.total_tokens == one.usage.prompt_tokens
    many = client.embeddings.create(model=embedding_model, input=["A cat.", "A kitten.", "Tax law."])
    vectors = np.array([d.embedding for d in many.data])
    assert [d.index for d in many.data] == [0, 1, 2]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # similar meaning, closer vectors


def test_matches_sentence_transformers(client, embedding_model):
    """The server runs the kit's folder with transformers alone, in bf16: the same directions as
    sentence-transformers' float32 vectors (padded and truncated alike), and the same nearest neighbours."""
    from sentence_transformers import SentenceTransformer

    from helpers.models import KIT

    texts = ["Hello world", "A much longer sentence about cats, dogs and the weather today.", "tide " * 400]
    texts += ["Keep your API key in an environment variable.", "LoRA trains small matrices beside frozen weights."]
    direct = SentenceTransformer(str(KIT["embeddings"].path), device="cpu").encode(texts, normalize_embeddings=True)
    served = np.array([d.embedding for d in client.embeddings.create(model=embedding_model, input=texts).data])
    assert np.allclose(np.linalg.norm(served, axis=1), 1, atol=1e-5)
    assert (np.sum(direct * served, axis=1) > 0.9995).all()
    assert (np.argsort(-(direct @ direct.T), axis=1) == np.argsort(-(served @ served.T), axis=1)).all()


def test_float32_encoder_equals_sentence_transformers():
    """`MeanPooled(fast=False)` is sentence-transformers' own computation: pooling, padding and truncation."""
    from sentence_transformers import SentenceTransformer

    from helpers.models import KIT
    from helpers.server.embeddings import MeanPooled

    texts = ["Hello world", "A much longer sentence about cats, dogs and the weather today.", "tide " * 400]
    direct = SentenceTransformer(str(KIT["embeddings"].path), device="cpu").encode(texts, normalize_embeddings=True)
    assert np.allclose(direct, MeanPooled(KIT["embeddings"].path, fast=False).encode(texts), atol=1e-5)


def test_the_kits_folder_is_run_without_sentence_transformers():
    from helpers.models import KIT
    from helpers.server.embeddings import MeanPooled

    assert MeanPooled.fits(KIT["embeddings"].path)  # else the server imports sentence-transformers (~5 s)


def test_base64_encoding_matches_float(client, embedding_model):
    floats = client.embeddings.create(model=embedding_model, input="Hello world").data[0].embedding
    # the client decodes base64 itself when asked for floats; check the raw base64 payload too
    raw = client.embeddings.with_raw_response.create(
        model=embedding_model, input="Hello world", encoding_format="base64"
    )
    payload = raw.http_response.json()["data"][0]["embedding"]
    assert np.allclose(np.frombuffer(base64.b64decode(payload), dtype=np.float32), floats, atol=1e-6)


def test_bad_input_is_400(client, embedding_model):
    for bad in ([], [""], [1, 2]):
        with pytest.raises(openai.BadRequestError):
            client.embeddings.create(model=embedding_model, input=bad)


def test_async_embeddings(async_client, embedding_model):
    result = asyncio.run(async_client.embeddings.create(model=embedding_model, input=["a", "b"]))
    assert len(result.data) == 2
