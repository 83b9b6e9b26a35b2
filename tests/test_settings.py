"""The mode is chosen from the key, OPENAI_BASE_URL and COURSE_MODE, and explained in one line."""
import time

import pytest

from helpers import settings
from helpers.settings import detect_mode


def test_no_key_means_local_with_plain_line():
    mode = detect_mode(None, env={})
    assert mode.name == "local"
    assert mode.describe() == ("No OpenAI key found: using the local course server with "
                               "SmolLM2-135M-Instruct. Add a key to use OpenAI.")


def test_key_means_openai():
    mode = detect_mode("sk-test-placeholder", env={})
    assert mode.name == "openai"
    assert mode.base_url == "https://api.openai.com/v1"
    assert "OpenAI key found" in mode.describe()


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


@pytest.mark.parametrize("env, message", [
    ({"COURSE_MODE": "cloud"}, "is not a mode"),
    ({"COURSE_MODE": "openai"}, "no OpenAI key was found"),
    ({"COURSE_MODE": "compatible"}, "needs OPENAI_BASE_URL"),
])
def test_bad_forced_modes_say_what_to_do(env, message):
    with pytest.raises(ValueError, match=message):
        detect_mode(None, env=env)


def test_probe_of_unreachable_host_returns_quickly():
    start = time.perf_counter()
    # The .invalid top-level domain never resolves (RFC 2606).
    assert settings.can_connect("https://hub.example.invalid", timeout=0.5) is False
    assert settings.http_ok("https://hub.example.invalid/api", timeout=0.5) is False
    assert time.perf_counter() - start < 3


def test_http_ok_on_closed_port_is_false():
    assert settings.http_ok("http://127.0.0.1:9/health", timeout=0.5) is False


def test_hub_offline_flag_short_circuits(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert settings.hub_reachable() is False


def test_paths_live_in_one_place():
    assert (settings.PROJECT_ROOT / "pyproject.toml").is_file()
    assert settings.NOTEBOOKS_DIR.is_dir()
