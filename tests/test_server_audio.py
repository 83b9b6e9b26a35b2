"""Speech to text: offline Whisper when `ctranslate2` is installed, else a clear OpenAI-shaped error."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import openai
import pytest

from helpers.models import KIT
from helpers.settings import DATA_DIR, OPENAI_TRANSCRIBE_MODEL

AVAILABLE = KIT["speech-to-text"].path.is_dir() and importlib.util.find_spec("ctranslate2") is not None


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    shipped = DATA_DIR / "audio" / "welcome.wav"
    if shipped.is_file():
        return shipped
    if not shutil.which("espeak-ng"):  # pragma: no cover
        pytest.skip("no data/audio/welcome.wav and no espeak-ng to make a clip")
    path = tmp_path_factory.mktemp("audio") / "welcome.wav"
    subprocess.run(["espeak-ng", "-w", str(path), "Generative AI creates new content."], check=True)
    return path


@pytest.mark.skipif(not AVAILABLE, reason="offline Whisper needs the optional ctranslate2 package")
def test_transcription(client, clip):
    with clip.open("rb") as audio:
        result = client.audio.transcriptions.create(model=OPENAI_TRANSCRIBE_MODEL, file=audio)
    assert "generative ai" in result.text.lower()  # data/audio/welcome.txt
    assert "openai/whisper-tiny.en" in [m.id for m in client.models.list()]


@pytest.mark.skipif(not AVAILABLE, reason="offline Whisper needs the optional ctranslate2 package")
def test_a_prompt_is_read_as_the_text_before_the_clip(client, clip):
    """`prompt` is honoured (Whisper's previous-text tokens): a prompt of the clip's own words keeps them, and
    a prompt in capitals changes how the same words are written."""
    with clip.open("rb") as audio:
        plain = client.audio.transcriptions.create(model=OPENAI_TRANSCRIBE_MODEL, file=audio).text
    with clip.open("rb") as audio:
        prompted = client.audio.transcriptions.create(
            model=OPENAI_TRANSCRIBE_MODEL,
            file=audio,
            language="en",
            prompt="GENERATIVE AI. ARTIFICIAL INTELLIGENCE. TEXT, IMAGES.",
        ).text
    assert "generative ai" in prompted.lower() and prompted != plain


@pytest.mark.skipif(AVAILABLE, reason="offline Whisper is available here")
def test_without_whisper_the_error_says_what_to_do(client, clip):
    with clip.open("rb") as audio, pytest.raises(openai.BadRequestError) as error:
        client.audio.transcriptions.create(model=OPENAI_TRANSCRIBE_MODEL, file=audio)
    assert error.value.code == "model_not_available" and "ctranslate2" in error.value.message


def test_unknown_audio_model_is_404(client, clip):
    with clip.open("rb") as audio, pytest.raises(openai.NotFoundError):
        client.audio.transcriptions.create(model="no-such-whisper", file=audio)
