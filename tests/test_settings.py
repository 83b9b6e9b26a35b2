"""The mode is chosen from the key, OPENAI_BASE_URL and COURSE_MODE, and explained in one line."""

import re

import pytest

from helpers import network, settings
from helpers.settings import detect_mode


def test_no_key_means_local_with_plain_line():
    mode = detect_mode(None, env={})
    assert mode.name == "local"
    assert mode.describe() == (
        "No OpenAI key found: using the local course server with SmolLM2-135M-Instruct. Add a key to use OpenAI."
    )


def test_key_means_openai_and_the_line_reads_well():
    mode = detect_mode("sk-test-placeholder", env={}, key_found="found in the environment")
    assert mode.name == "openai"
    assert mode.base_url == "https://api.openai.com/v1"
    assert mode.describe() == "OpenAI key found in the environment: using the OpenAI API at https://api.openai.com/v1."


def test_base_url_elsewhere_means_compatible_even_with_key():
    mode = detect_mode("sk-test-placeholder", env={"OPENAI_BASE_URL": "http://lab-server:8000/v1"})
    assert mode.name == "compatible"
    assert mode.base_url == "http://lab-server:8000/v1"
    assert "lab-server:8000" in mode.describe()


def test_base_url_pointing_at_openai_stays_openai():
    mode = detect_mode("sk-test-placeholder", env={"OPENAI_BASE_URL": "https://api.openai.com/v1"})
    assert mode.name == "openai"


def test_course_mode_forces_local_even_with_key():
    assert detect_mode("sk-test-placeholder", env={"COURSE_MODE": "local"}).name == "local"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"COURSE_MODE": "cloud"}, "is not a mode"),
        ({"COURSE_MODE": "openai"}, "no OpenAI key was found"),
        ({"COURSE_MODE": "compatible"}, "needs OPENAI_BASE_URL"),
    ],
)
def test_bad_forced_modes_say_what_to_do(env, message):
    with pytest.raises(ValueError, match=message):
        detect_mode(None, env=env)


def test_probe_of_unreachable_host_says_no_and_passes_its_timeout(monkeypatch):
    """The .invalid top-level domain never resolves (RFC 2606): False, and the probe's timeout reaches the
    request (checked by what is passed, not by the clock: a busy machine must not fail this)."""
    import urllib.request

    assert network.http_ok("https://hub.example.invalid/api", timeout=0.5) is False
    seen = []
    real = urllib.request.urlopen
    monkeypatch.setattr(
        urllib.request, "urlopen", lambda request, timeout: (seen.append(timeout), real(request, timeout=timeout))[1]
    )
    assert network.http_ok("https://hub.example.invalid/api", timeout=0.5) is False and seen == [0.5]


def test_http_ok_on_closed_port_is_false():
    assert network.http_ok("http://127.0.0.1:9/health", timeout=0.5) is False


def test_hub_offline_flag_short_circuits(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert network.hub_reachable() is False


def test_paths_live_in_one_place():
    """Only settings.py finds the project or the cache folder: no other module derives a path from its own
    file or names the cache, so moving either is a one-line change."""
    others = [p for p in (settings.PROJECT_ROOT / "helpers").rglob("*.py") if p.name != "settings.py"]
    offenders = [
        str(p.relative_to(settings.PROJECT_ROOT))
        for p in others
        if re.search(r"__file__|\.cache/genai-course", p.read_text())
    ]
    assert offenders == []


def test_every_course_variable_is_named_in_settings_and_documented():
    """A COURSE_* variable read somewhere but missing from settings.py or the README is one a teacher
    cannot find (COURSE_CHAT_MODEL and COURSE_EMBEDDING_MODEL once were)."""
    root = settings.PROJECT_ROOT
    files = [
        *(root / "helpers").rglob("*.py"),
        *(root / "tests").glob("*.py"),
        *(root / "tools").glob("*.py"),
        *(root / "notebooks").glob("*.ipynb"),
        *(root / "docs").glob("*.md"),
        root / "Makefile",
    ]
    used = {name for path in files for name in re.findall(r"\bCOURSE_[A-Z_]+\b", path.read_text())}
    used -= {"COURSE_DIR"}  # the Colab set-up cell's variable for the folder it clones into, not a setting
    defined = {value for name, value in vars(settings).items() if name.startswith("ENV_")}
    readme = (root / "README.md").read_text()
    assert sorted(used - defined) == []
    assert sorted(name for name in defined if name.startswith("COURSE_") and f"`{name}" not in readme) == []
