"""Every key source, its precedence, masking, and Colab Secrets errors (simulated)."""

import os
import sys
import types

import pytest

from helpers import keys
from helpers.client import chat_model, connection, current_mode, get_client, show_mode
from helpers.keys import find_openai_key, mask

FAKE = "sk-test-" + "placeholder" + "0000"  # not a real key, built so the secret scan stays quiet


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No key in the environment, an empty working directory, no Colab; the environment restored after
    (should anything write to os.environ behind monkeypatch's back)."""
    saved = dict(os.environ)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("COURSE_MODE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(keys, "PROJECT_ROOT", tmp_path)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delitem(sys.modules, "google", raising=False)
    yield
    os.environ.clear()
    os.environ.update(saved)


def fake_colab(monkeypatch, get):
    """Install a stand-in for google.colab.userdata whose get() behaves like `get`."""
    google = types.ModuleType("google")
    colab = types.ModuleType("google.colab")
    colab.userdata = types.SimpleNamespace(get=get)
    google.colab = colab
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab)


def colab_error(name):
    def get(_):
        raise type(name, (Exception,), {})("simulated")

    return get


def test_no_key_anywhere():
    found = find_openai_key()
    assert (found.key, found.source) == (None, "none")
    assert current_mode().name == "local"


def test_key_from_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE)
    assert find_openai_key().source == "environment"


def test_key_from_dotenv_file(tmp_path):
    (tmp_path / ".env").write_text(f"OPENAI_API_KEY={FAKE}\n")
    found = find_openai_key()
    assert (found.key, found.source) == (FAKE, ".env file")
    assert current_mode().name == "openai"


def test_environment_wins_over_dotenv(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("OPENAI_API_KEY=from-dotenv-file\n")
    monkeypatch.setenv("OPENAI_API_KEY", FAKE)
    found = find_openai_key()
    assert (found.key, found.source) == (FAKE, "environment")


def test_dotenv_is_read_never_copied_into_the_environment(tmp_path):
    """Copying .env into os.environ made the second lookup say "environment" instead of ".env file"."""
    (tmp_path / ".env").write_text(f"OPENAI_API_KEY={FAKE}\n")
    for _ in range(2):
        assert connection(refresh=True).key.source == ".env file"
    assert "OPENAI_API_KEY" not in os.environ
    assert show_mode(always=True).describe() == (
        "OpenAI key found in the .env file: using the OpenAI API at https://api.openai.com/v1."
    )


def test_dotenv_settings_count_and_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=http://from-file/v1\nCOURSE_CHAT_MODEL=from-file\n")
    conn = connection(refresh=True)
    assert (conn.mode.name, conn.base_url, conn.chat_model) == ("compatible", "http://from-file/v1", "from-file")
    assert "OPENAI_BASE_URL" not in os.environ
    monkeypatch.setenv("OPENAI_BASE_URL", "http://already-set/v1")
    assert connection().base_url == "http://already-set/v1"  # a changed setting resolves again by itself


def test_the_key_is_looked_up_once_per_connection(monkeypatch):
    """A set-up cell (mode line, client, model name) looked the key up three times, Colab Secrets included."""
    asked = []
    fake_colab(monkeypatch, lambda name: asked.append(name) or FAKE)
    connection(refresh=True)
    show_mode(always=True)
    get_client()
    chat_model()
    assert current_mode().name == "openai" and len(asked) == 1
    connection(refresh=True)  # after adding a Colab secret or editing .env
    assert len(asked) == 2


def test_key_from_colab_secrets(monkeypatch):
    fake_colab(monkeypatch, lambda name: FAKE if name == "OPENAI_API_KEY" else None)
    found = find_openai_key()
    assert (found.key, found.source) == (FAKE, "Colab Secrets")
    assert current_mode().name == "openai"
    assert current_mode().describe().startswith("OpenAI key found in Colab Secrets: using the OpenAI API")


@pytest.mark.parametrize(
    "error, words",
    [
        ("SecretNotFoundError", "No secret named OPENAI_API_KEY"),
        ("NotebookAccessError", "Notebook access"),
        ("TimeoutException", "did not answer"),
        ("SomethingNew", "Could not read Colab Secrets"),
    ],
)
def test_colab_errors_become_clear_messages(monkeypatch, error, words):
    fake_colab(monkeypatch, colab_error(error))
    found = find_openai_key()
    assert found.key is None
    assert words in found.problem
    assert current_mode().name == "local"


def test_getpass_only_when_asked(monkeypatch):
    monkeypatch.setattr(keys.getpass, "getpass", lambda prompt: FAKE)
    assert find_openai_key().key is None
    found = find_openai_key(ask=True)
    assert (found.key, found.source) == (FAKE, "typed in")


def test_getpass_empty_input_means_no_key(monkeypatch):
    monkeypatch.setattr(keys.getpass, "getpass", lambda prompt: "  ")
    assert find_openai_key(ask=True).key is None


def test_mask_shows_only_last_four():
    assert mask(FAKE) == "sk-...0000"
    assert FAKE[4:-4] not in mask(FAKE)
    assert mask(None) == "(none)"
    assert mask("short") == "*****"


def test_lookup_repr_never_shows_the_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE)
    assert FAKE not in repr(find_openai_key())
    assert FAKE not in repr(connection()) and "sk-...0000" in repr(connection())


def test_doctor_masks_the_key(monkeypatch, capsys):
    from helpers import doctor

    monkeypatch.setenv("OPENAI_API_KEY", FAKE)
    doctor()
    out = capsys.readouterr().out
    assert FAKE not in out and "sk-...0000 from environment" in out
    assert "Python" in out and "torch" in out and "Offline chat" in out
