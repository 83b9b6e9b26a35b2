"""Classroom kit: local progress records, `course progress`, the student edition, slides, the serve guard."""

import json
import subprocess
import sys
import types

import nbformat
import pytest

from helpers.classroom import lab, progress
from helpers.classroom.slides import build_slides
from helpers.classroom.student import WITHHELD, build_student_edition
from helpers.classroom.cli import main
from helpers.exercises import REGISTRY, check, load_all
from helpers.settings import NOTEBOOKS_DIR, PROJECT_ROOT

RIGHT_02_1 = ["C", "E", "A", "D", "B"]


@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "alice" / "progress.json"
    monkeypatch.setenv(progress.ENV_PROGRESS, str(path))
    return path


def test_a_passed_check_is_recorded_and_reported(progress_file, capsys):
    assert check("02.1", ["A"]) is False
    assert not progress_file.exists()  # wrong answers record nothing
    assert check("02.1", RIGHT_02_1) is True
    assert check("02.1", RIGHT_02_1) is True
    assert list(json.loads(progress_file.read_text())["passed"]) == ["02.1"]
    capsys.readouterr()
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    load_all()
    assert f"1/{len(REGISTRY)} exercises passed" in out
    others = sorted(i for i in REGISTRY if i.startswith("02.") and i != "02.1")
    assert "02_api_key_setup" in out and f"1/{len(others) + 1}  passed: 02.1  to do: {', '.join(others)}" in out


def test_teacher_reports_progress_files_collected_from_students(tmp_path, capsys):
    bob = tmp_path / "bob.json"
    progress.record_pass("03.1", bob)
    progress.record_pass("03.2", bob)
    broken = tmp_path / "carol.json"
    broken.write_text("not json")
    assert main(["progress", str(bob), str(broken)]) == 0
    out = capsys.readouterr().out
    assert "Progress in bob.json: 2/" in out and "03_openai_api" in out and "2/3  passed: 03.1, 03.2" in out
    assert "Progress in carol.json: 0/" in out


def test_check_still_works_when_progress_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(progress.ENV_PROGRESS, str(blocker / "progress.json"))  # parent is a file
    assert check("02.1", RIGHT_02_1) is True


def test_student_edition_has_no_solutions_and_its_checks_still_work(tmp_path):
    out = tmp_path / "student"
    stripped = build_student_edition(out)
    assert len(stripped) >= 6 and not (out / "tests").exists()
    assert (out / "notebooks" / "03_openai_api.ipynb").is_file()
    load_all()
    texts = [
        p.read_text(errors="replace") for p in out.rglob("*") if p.is_file() and p.suffix in {".py", ".ipynb", ".md"}
    ]
    leaked = [eid for eid, item in REGISTRY.items() if any(item.solution in text for text in texts)]
    assert leaked == []
    script = (
        "from helpers.exercises import REGISTRY, load_all, show_solution\nload_all()\n"
        f"print(REGISTRY['02.1'].checker({RIGHT_02_1!r}))\nshow_solution('03.2')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=out,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(out), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["None", WITHHELD]  # checks work, solutions are gone


def test_student_edition_refuses_an_existing_folder(tmp_path):
    with pytest.raises(FileExistsError):
        build_student_edition(tmp_path)


def test_slides_build_one_slide_per_section(tmp_path):
    notebook = NOTEBOOKS_DIR / "02_api_key_setup.ipynb"
    before = notebook.read_bytes()
    (html_path,) = build_slides(tmp_path, [notebook])
    html = html_path.read_text()
    cells = nbformat.read(notebook, as_version=4).cells
    headings = sum(c.cell_type == "markdown" and c.source.lstrip().startswith(("# ", "## ")) for c in cells)
    assert headings >= 5 and "reveal" in html
    assert html.count("<section") >= headings
    assert "Exercise 02.1" in html  # the content is there, not just the frame
    assert notebook.read_bytes() == before  # metadata went on a copy only


def test_course_slides_builds_every_notebook(tmp_path, capsys):
    assert main(["slides", "--out", str(tmp_path)]) == 0
    notebooks = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{nb.stem}.slides.html" for nb in notebooks]
    assert str(PROJECT_ROOT) not in (tmp_path / f"{notebooks[0].stem}.slides.html").read_text()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_serving_on_localhost_needs_no_token(host):
    assert lab.serve_warning(host, None) is None


def test_serving_on_the_network_needs_a_token_and_warns(monkeypatch, capsys):
    calls = []
    fake = types.ModuleType("helpers.server")
    fake.serve_forever = lambda **kwargs: calls.append(kwargs)
    monkeypatch.setitem(sys.modules, "helpers.server", fake)
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err and calls == []
    assert main(["serve", "--host", "192.168.1.20", "--port", "8123", "--token", "class-token-42"]) == 0
    assert "WARNING" in capsys.readouterr().err
    assert calls == [{"host": "192.168.1.20", "port": 8123, "token": "class-token-42"}]


def test_bundle_install_script_uses_only_the_bundle(tmp_path):
    """install.sh (run with a stand-in `make`) installs with pip's index off and the bundle as the only source."""
    from helpers.classroom.bundle import EXTRAS, install_script

    bundle = tmp_path / "bundle"
    for part in ("wheels", "kit", "course", "models/all-MiniLM-L6-v2"):
        (bundle / part).mkdir(parents=True)
    (bundle / "models/all-MiniLM-L6-v2/.ready").write_text("")
    (bundle / "course/Makefile").write_text("")
    (bundle / "python-version.txt").write_text("0.0.0\n")
    (bundle / "install.sh").write_text(install_script())
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "make").write_text('#!/bin/sh\necho "make $* no_index=$PIP_NO_INDEX links=$PIP_FIND_LINKS" >> "$LOG"\n')
    (fake_bin / "make").chmod(0o755)
    env = {
        "PATH": f"{fake_bin}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LOG": str(tmp_path / "log"),
        "COURSE_CACHE": str(tmp_path / "cache"),
        "PYTHON": sys.executable,
    }
    result = subprocess.run(
        ["bash", str(bundle / "install.sh"), str(tmp_path / "course")], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "built with Python 0.0.0" in result.stdout  # a version mismatch is pointed out
    links = f"links={bundle}/wheels {bundle}/kit"
    assert (tmp_path / "log").read_text().splitlines() == [
        f"make setup EXTRAS={EXTRAS} PYTHON={sys.executable} no_index=1 {links}",
        f"make prepare no_index=1 {links}",
    ]
    assert (tmp_path / "cache/all-MiniLM-L6-v2/.ready").is_file() and (tmp_path / "course/Makefile").is_file()


def test_section_timer_reads_the_recorded_timings_per_section(capsys):
    """tools/time_sections.py --saved: one row per `##` section with its code cells, then the total."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("time_sections", PROJECT_ROOT / "tools" / "time_sections.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    notebook = NOTEBOOKS_DIR / "02_api_key_setup.ipynb"
    assert tool.main(["--saved", str(notebook)]) == 0
    rows = [line.split("|")[1:-1] for line in capsys.readouterr().out.splitlines()[2:]]
    sections = [cells[1].strip() for cells in rows]
    assert "Your turn" in sections and "Review quiz" in sections
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(notebook, as_version=4).cells)
    assert int(rows[-1][2]) == code_cells == sum(int(r[2]) for r in rows[:-1])
    assert float(rows[-1][3]) > 0
