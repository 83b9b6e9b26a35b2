"""The Colab setup cell's install check (helpers/colab_install.py): a failed install stops the notebook
with one clear error, and a good one says in one line what it changed."""

import re
import subprocess
import sys

import pytest
from packaging.requirements import Requirement

from helpers import colab_install
from helpers.colab_install import SetupError, changes, install, stale_modules, unmet

NEEDED = [Requirement("transformers>=5.20,<6"), Requirement("openai>=3.50,<4")]
VERSIONS = {"transformers": "5.24.0", "openai": "3.57.0"}


def test_unmet_is_empty_when_everything_is_there():
    assert unmet(">=3.11,<3.14", NEEDED, VERSIONS.get, python="3.13.15") == []


def test_unmet_names_a_too_old_package_and_what_the_course_needs():
    colab = {**VERSIONS, "transformers": "5.15.0"}  # Colab's own version on 2026-08-19
    assert unmet(">=3.11,<3.14", NEEDED, colab.get, python="3.13.15") == [
        "transformers 5.15.0: the course needs <6,>=5.20"
    ]


def test_unmet_names_a_missing_package_and_the_python():
    problems = unmet(">=3.11,<3.14", NEEDED, {"transformers": "5.24.0"}.get, python="3.14.1")
    assert problems == ["Python 3.14.1: the course needs >=3.11,<3.14", "openai is not installed"]


SERVING = ['fastapi; extra == "serving"', 'uvicorn>=0.30; extra == "serving"', "numpy>=1.17", 'rich; extra == "dev"']


def test_unmet_checks_what_an_extra_adds_as_the_course_is_not_installed_itself():
    needed = [Requirement("transformers[serving]>=5.20,<6")]
    versions = {"transformers": "5.24.0", "uvicorn": "0.29.0"}
    problems = unmet(">=3.11", needed, versions.get, python="3.13.15", requires={"transformers": SERVING}.get)
    assert problems == ["fastapi is not installed", "uvicorn 0.29.0: the course needs >=0.30"]  # not numpy, rich
    assert unmet(">=3.11", needed, {}.get, python="3.13.15", requires={}.get) == ["transformers is not installed"]


def test_pip_gets_the_tested_pins_with_the_courses_extras(tmp_path):
    (tmp_path / "constraints.txt").write_text("# tested\ntransformers==5.24.0\nFastAPI==0.165.0\n")
    needed = [Requirement("transformers[serving]>=5.20,<6"), Requirement("openai>=3.50,<4")]
    packages = colab_install.to_install(tmp_path, needed, ["transformers", "openai", "fastapi", "rich"])
    assert packages == ["transformers[serving]==5.24.0", "openai<4,>=3.50", "fastapi==0.165.0", "rich"]


def course_dir(tmp_path, dependency: str):
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "genai-course"\nrequires-python = ">=3.11"\ndependencies = ["{dependency}"]\n'
    )
    return tmp_path


def fake_pip(returncode: int, stderr: str = ""):
    return lambda packages: subprocess.CompletedProcess([], returncode, "", stderr)


def test_a_failed_install_raises_one_error_that_says_what_and_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(colab_install, "pip_install", fake_pip(1, "ERROR: No matching distribution found"))
    with pytest.raises(SetupError) as raised:
        install(course_dir(tmp_path, "packaging>=999"))  # planted: a newer packaging than exists
    message = str(raised.value)
    assert re.search(r"- packaging [\d.]+: the course needs >=999\n", message)
    assert "No matching distribution found" in message and "Restart session" in message


def test_pip_succeeding_is_not_enough_the_versions_are_checked_again(tmp_path, monkeypatch):
    monkeypatch.setattr(colab_install, "pip_install", fake_pip(0))
    with pytest.raises(SetupError, match="packaging .*: the course needs >=999"):
        install(course_dir(tmp_path, "packaging>=999"))


def test_nothing_to_do_is_one_line_and_runs_no_pip(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(colab_install, "pip_install", lambda *a: pytest.fail("pip ran"))
    assert install(course_dir(tmp_path, "packaging>=20")) == []
    assert capsys.readouterr().out.count("\n") == 1


def test_a_python_the_course_does_not_support_stops_before_pip(tmp_path, monkeypatch):
    monkeypatch.setattr(colab_install, "pip_install", lambda *a: pytest.fail("pip ran"))
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = "<3.0"\ndependencies = []\n')
    with pytest.raises(SetupError, match=r"Python 3\.\d+\.\d+: the course needs <3.0"):
        install(tmp_path)


def test_changes_lists_upgrades_and_additions_only():
    before = {"openai": "2.54.0", "numpy": "2.1.3"}
    after = {"openai": "3.57.0", "numpy": "2.1.3", "httpx2": "2.16.2"}
    assert changes(before, after) == ["httpx2 2.16.2", "openai 2.54.0 -> 3.57.0"]


def test_a_package_imported_before_its_upgrade_asks_for_a_restart():
    assert "packaging" in sys.modules
    assert stale_modules({"packaging": "1.0"}, {"packaging": "2.0"}) == ["packaging"]
    assert stale_modules({"packaging": "1.0"}, {"packaging": "1.0"}) == []


def test_snapshot_sees_the_version_that_imports_when_two_are_installed(tmp_path, monkeypatch):
    """Colab keeps packages in two folders; pip installs an upgrade in the first: report that one."""
    for folder, version in (("first", "5.24.0"), ("second", "5.15.0")):
        info = tmp_path / folder / f"transformers-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: transformers\nVersion: {version}\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "first"), str(tmp_path / "second")])
    assert colab_install.snapshot() == {"transformers": "5.24.0"}
