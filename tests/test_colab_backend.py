"""Colab's runtime as vendored (tests/modes/colab_backend/): a refreshed freeze that changes Colab's Python
or its versions of the course's packages fails here until the simulation has run on it and it is recorded."""

import tomllib

from packaging.specifiers import SpecifierSet

from helpers.settings import PROJECT_ROOT
from tests.modes.colab import colab_pins, colab_python, touched
from tools.refresh_colab import BACKEND, course_packages


def test_colabs_python_is_one_the_course_installs_on():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert colab_python() in SpecifierSet(project["requires-python"])


def test_colab_is_as_recorded_when_the_simulation_last_passed():
    recorded = (BACKEND / "course-packages.txt").read_text().splitlines()
    changed = sorted(set(course_packages()) ^ set(recorded))
    assert changed == [], (
        "Colab's runtime (or the course's dependencies) changed: run `make colab-sim`, then "
        "`python tools/refresh_colab.py record` (tests/modes/colab_backend/SOURCE.md)"
    )


def test_the_freeze_is_read_whole():
    pins = colab_pins()
    assert len(pins) > 500 and pins["torch"] == "2.11.0"  # a wheel URL line: Colab's +cpu build
    assert "torch==2.11.0" in touched() and not any(p.startswith("pip==") for p in touched())
