"""Set-up files agree with each other: pins, environment.yml, Colab badges and setup cells."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request

import nbformat
import pytest
import yaml
from packaging.specifiers import SpecifierSet

from helpers.colab import SETUP_BLOCK, badge_markdown, colab_url
from helpers.settings import ENV_REQUIRE_MODES, NOTEBOOKS_DIR, PROJECT_ROOT, REPO_SLUG
from tools import check_pythons

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.lower())


def constraints() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[normalise(name)] = version.strip()
    return pins


def environment_pins() -> tuple[dict, dict[str, str]]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {}
    for line in pip_section:
        if "==" in line:
            name, version = line.split("==")
            pins[normalise(re.sub(r"\[.*\]", "", name))] = version
    return env, pins


def pyproject_dependencies() -> list[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + sum(project["optional-dependencies"].values(), [])
    return [normalise(re.split(r"[\[<>=!~ ;]", dep, maxsplit=1)[0]) for dep in deps]


TESTED_PYTHONS = ("3.11", "3.12", "3.13")  # CI: 3.11 runs everything, 3.13 the Colab simulation, and the
# pinned stack must resolve to wheels on 3.12 (tools/check_pythons.py, below)


def test_requires_python_admits_exactly_the_tested_pythons_and_the_readme_names_them():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    admitted = SpecifierSet(project["requires-python"])
    assert [v for v in TESTED_PYTHONS if f"{v}.0" not in admitted] == []
    assert "3.10.0" not in admitted and "3.14.0" not in admitted  # untested: pip says so instead of failing later
    assert (
        "Python " + ", ".join(TESTED_PYTHONS[:-1]) + f" or {TESTED_PYTHONS[-1]}"
        in (PROJECT_ROOT / "README.md").read_text()
    )


def test_torch_is_pinned_to_the_cpu_wheel_everywhere():
    assert constraints()["torch"] == "2.13.0"
    assert environment_pins()[1]["torch"] == "2.13.0"


def test_environment_yml_uses_python_311_and_the_same_pins_as_constraints():
    env, pins = environment_pins()
    assert "python=3.11" in env["dependencies"]
    locked = constraints()
    assert pins, "environment.yml pins nothing"
    for name, version in pins.items():
        assert locked.get(name) == version, f"{name}: environment.yml {version} != constraints {locked.get(name)}"


def test_every_direct_dependency_is_locked_and_in_environment_yml():
    locked, (_, env_pins) = constraints(), environment_pins()
    for name in pyproject_dependencies():
        assert name in locked, f"{name} is not pinned in constraints.txt"
        assert name in env_pins, f"{name} is missing from environment.yml"


def test_environment_yml_installs_the_course_with_the_constraints():
    env, _ = environment_pins()
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-c constraints.txt" in pip_section
    assert any(line.startswith("-e .") for line in pip_section)


def test_kit_packages_are_pinned():
    lines = [l for l in (PROJECT_ROOT / "requirements-kit.txt").read_text().splitlines() if l and not l.startswith("#")]
    assert lines and all("==" in line for line in lines)


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badge_points_at_its_own_notebook(path):
    notebook = nbformat.read(path, as_version=4)
    first_markdown = next(c for c in notebook.cells if c.cell_type == "markdown")
    assert first_markdown.source.startswith(badge_markdown(path.name))
    urls = re.findall(r"colab\.research\.google\.com/github/[^)\s]+", first_markdown.source)
    assert urls == [colab_url(path.name).removeprefix("https://")]
    assert f"github/{REPO_SLUG}/blob/" in urls[0] and urls[0].endswith("/notebooks/" + path.name)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_installs_only_on_colab(path):
    notebook = nbformat.read(path, as_version=4)
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    assert first_code.source.startswith(SETUP_BLOCK)
    installs = [l for l in SETUP_BLOCK.splitlines() if "colab_install" in l or "git clone" in l]
    assert installs and all(l.startswith("    ") for l in installs)  # only inside the Colab `if`


def test_repository_url_lives_in_one_place():
    hits = [p for p in PROJECT_ROOT.rglob("*.py") if ".venv" not in p.parts and REPO_SLUG in p.read_text()]
    assert [p.relative_to(PROJECT_ROOT).as_posix() for p in hits] == ["helpers/settings.py"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lock_takes_torchs_version_from_the_environment(tmp_path):
    """`make lock` wrote a hard-coded torch==2.13.0: after upgrading torch, the lock went stale silently."""
    fake_python = tmp_path / "python"
    fake_python.write_text("#!/bin/sh\nprintf 'numpy==2.3.1\\ntorch==2.99.0+cpu\\ntqdm==4.67.1\\n'\n")
    fake_python.chmod(0o755)
    subprocess.run(
        ["make", "-s", "-f", str(PROJECT_ROOT / "Makefile"), "lock", f"PY={fake_python}"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "constraints.txt").read_text().splitlines() == ["numpy==2.3.1", "torch==2.99.0", "tqdm==4.67.1"]


def pypi_unreachable() -> str | None:
    try:
        urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=5).close()
    except OSError as error:
        return f"PyPI unreachable ({error})"
    return None


@pytest.mark.expected_seconds(20)
@pytest.mark.parametrize("version", ["3.12"])  # ~25 s; 3.13 is installed for real by the Colab simulation
def test_the_pinned_stack_resolves_to_wheels_on(version):
    """Pins that exist only for 3.11 (or an sdist to compile) break `make course` on another Python."""
    reason = pypi_unreachable()
    if reason:
        (pytest.fail if os.environ.get(ENV_REQUIRE_MODES) == "1" else pytest.skip)(reason)
    result = check_pythons.resolve(version)
    assert result.returncode == 0, result.stderr[-2000:]


def make_dry_run(*args: str) -> str:
    return subprocess.run(
        ["make", "-n", "-f", str(PROJECT_ROOT / "Makefile"), *args],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_uv_is_given_pips_configuration_and_pips_choice_among_indexes(tmp_path):
    """uv reads no pip.conf: without pip's find-links it installs PyPI's CUDA torch, not the CPU wheel."""
    config = tmp_path / "pip.conf"
    config.write_text("[global]\nfind-links = /wheels/cpu\nextra-index-url = file:///mirror/simple\n")
    env = {**os.environ, "PIP_CONFIG_FILE": str(config), "PIP_NO_INDEX": "1"}
    show = 'show-uv-options: ; @$(PY) -c "$$PIP_CONFIG_AS_UV_OPTIONS"'
    options = subprocess.run(
        ["make", "-s", "-f", str(PROJECT_ROOT / "Makefile"), "--eval", show, "show-uv-options", f"PY={sys.executable}"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "--find-links /wheels/cpu" in options and "--extra-index-url file:///mirror/simple" in options
    assert "--index-strategy unsafe-best-match" in options and "--no-index" in options
    assert "-c constraints.txt" in make_dry_run("setup", "VENV=/nonexistent")  # the pins hold with uv too


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_course_installs_and_downloads_the_kit_at_once_and_make_prepare_builds_everything():
    course = make_dry_run("course")
    assert "-j2" in course and ".course-installed" in course and "packages/.course-installed" in course
    assert "prepare(tasks=FIRST)" in course and "jupyter lab" in course
    assert "course prepare\n" in make_dry_run("prepare", "STAMP=/dev/null")  # no arguments: the whole kit
