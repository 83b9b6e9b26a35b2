"""Speech to text with the offline Whisper tiny.en (CTranslate2 format) when `ctranslate2` is installed.

Why not `faster-whisper`: it pulls ctranslate2 (145 MB installed), PyAV and onnxruntime; the course's
virtual environment must stay under 2 GB and is already at that limit, so they are not course
dependencies. Install the `audio` extra (`pip install -e ".[audio]"`: ctranslate2 only) to enable it: we
call it directly, with transformers' WhisperFeatureExtractor for the log-mel features and the
standard-library `wave` module for 16-bit PCM WAV input. Without it the endpoint answers with a clear
OpenAI-shaped error.
"""

from __future__ import annotations

import importlib.util
import io
import wave
from pathlib import Path

import numpy as np

from ..settings import LOCAL_TRANSCRIBE_MODEL, OPENAI_TRANSCRIBE_MODEL
from .errors import APIError, bad_request
from .names import TRANSCRIBE_IDS

MODEL_ID = LOCAL_TRANSCRIBE_MODEL
# OpenAI's speech-to-text name is accepted too, so the same notebook cell runs offline.
MAX_PROMPT_TOKENS = 223  # Whisper keeps at most half its 448-token context for the previous text


class Transcriber:
    def __init__(self, path: Path | None):
        self.path = path
        self.model_id = MODEL_ID
        self.available = bool(path and path.is_dir() and importlib.util.find_spec("ctranslate2"))
        self._model = self._features = self._tokenizer = None

    def _load(self) -> None:
        import ctranslate2
        from tokenizers import Tokenizer
        from transformers import WhisperFeatureExtractor

        self._model = ctranslate2.models.Whisper(str(self.path), device="cpu", compute_type="int8")
        self._features = WhisperFeatureExtractor(feature_size=80)
        self._tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))

    def transcribe(self, raw: bytes, model: str, language: str | None, prompt: str | None) -> str:
        if model not in TRANSCRIBE_IDS:
            raise APIError(
                404,
                f"The model {model!r} does not exist on the course server; use "
                f"{OPENAI_TRANSCRIBE_MODEL!r} or {MODEL_ID!r}.",
                "model_not_found",
                "model",
            )
        if language and language.strip().lower() not in ("en", "english"):
            raise bad_request(
                f"The offline Whisper tiny.en transcribes English only, not {language[:20]!r}: use "
                "language='en' (or leave it out), or OpenAI's model for other languages.",
                "language",
            )
        if not self.available:
            raise bad_request(
                "Speech to text is not available on this course server: the offline Whisper needs "
                "the `ctranslate2` package (145 MB, not installed to keep the course small) and the "
                "prepared whisper-tiny.en model (`course prepare`). Run `pip install ctranslate2` "
                "(the course's `audio` extra), restart the kernel, or use an OpenAI key.",
                "model",
                "model_not_available",
            )
        audio = _read_wav(raw)
        if self._model is None:
            self._load()
        import ctranslate2

        feats = self._features(audio, sampling_rate=16000, return_tensors="np").input_features
        start = ["<|startoftranscript|>", "<|notimestamps|>"]  # tiny.en: English only, no language token
        if prompt:  # Whisper reads a prompt as the text before this clip: spellings, names, style
            previous = self._tokenizer.encode(" " + prompt.strip(), add_special_tokens=False).tokens
            start = ["<|startofprev|>", *previous[-MAX_PROMPT_TOKENS:], *start]
        result = self._model.generate(
            ctranslate2.StorageView.from_array(feats.astype(np.float32)), [start], beam_size=1, max_length=224
        )
        return self._tokenizer.decode(result[0].sequences_ids[0], skip_special_tokens=True).strip()


def _read_wav(raw: bytes) -> np.ndarray:
    """16 kHz mono float32 from a PCM WAV file (other rates are resampled linearly)."""
    try:
        with wave.open(io.BytesIO(raw)) as wav:
            rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError):
        raise bad_request(
            "The course server reads WAV files (PCM). Convert your audio to .wav first, "
            "e.g. `ffmpeg -i clip.mp3 -ar 16000 -ac 1 clip.wav`.",
            "file",
        )
    if width != 2:
        raise bad_request("Only 16-bit PCM WAV is supported.", "file")
    audio = np.frombuffer(frames, dtype=np.int16).astype(np.float32) / 32768.0
    audio = audio.reshape(-1, channels).mean(axis=1)
    if rate != 16000:
        length = int(len(audio) * 16000 / rate)
        audio = np.interp(np.linspace(0, len(audio) - 1, length), np.arange(len(audio)), audio).astype(np.float32)
    return audio
