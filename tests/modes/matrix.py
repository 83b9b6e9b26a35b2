"""The modes matrix: every notebook, run each way learners meet the course; results in reports/modes.md.

`course run-all --mode M` starts this from a checkout (`python -m tests.modes.matrix [--report R] M ...`);
tests/test_modes.py runs each mode as a test. The installed course package imports nothing from here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from helpers.classroom.run_all import MODES, Result, kernel_env, notebooks, record, run_notebook
from helpers.settings import ENV_API_KEY, ENV_BASE_URL, ENV_MODE, PROJECT_ROOT

from . import servers
from .colab import KERNEL_NAME, colab_environment
from .servers import FAKE_KEY


def _openai_spec(paths: list[Path], work: Path) -> tuple[list[Result], dict]:
    log = work / "prism.log"
    with servers.prism(log) as url:
        env = kernel_env(**{ENV_MODE: "openai", ENV_BASE_URL: url, ENV_API_KEY: FAKE_KEY})
        results = [run_notebook(p, "openai-spec", env) for p in paths]
    notes = {
        "requests": servers.requests_seen(log),
        "validation_errors": servers.invalid_requests(log),
        "validation_details": servers.validation_errors(log)[:20],
    }
    return results, notes


def _compatible(paths: list[Path], work: Path) -> tuple[list[Result], dict]:
    with servers.transformers_serve(work / "transformers-serve.log") as url:
        return [run_notebook(p, "compatible", kernel_env(**{ENV_BASE_URL: url})) for p in paths], {}


def _llamacpp(paths: list[Path], work: Path) -> tuple[list[Result], dict]:
    with servers.llamacpp_standin(work) as url:
        return [run_notebook(p, "llamacpp", kernel_env(**{ENV_BASE_URL: url})) for p in paths], {}


def _colab(paths: list[Path], work: Path) -> tuple[list[Result], dict]:
    settings, notes, new_runtime = colab_environment(work)
    env = kernel_env(**settings, COURSE_SHARED_SERVER="0")  # a shared server would outlive this runtime
    env.pop("PYTHONPATH", None)  # helpers come from the clone only, as on Colab
    results = []
    with mock.patch.dict(os.environ, JUPYTER_PATH=env["JUPYTER_PATH"]):  # where Jupyter finds the kernel
        for path in paths:
            content = work / f"content-{path.stem}"  # stands for Colab's /content
            content.mkdir()
            shutil.copy2(path, content / path.name)
            new_runtime(path.stem)
            results.append(run_notebook(content / path.name, "colab", env, cwd=content, kernel=KERNEL_NAME))
            notes[f"setup cell, {path.stem[:2]}"] = results[-1].setup
    return results, notes


def run_mode(mode: str, work: Path, paths: list[Path] | None = None) -> tuple[list[Result], dict]:
    """Run the notebooks in one mode, with its server started and stopped. Returns (results, notes)."""
    paths = paths or notebooks()
    if mode == "local":
        return [run_notebook(p, mode, kernel_env()) for p in paths], {}
    runners = {"openai-spec": _openai_spec, "compatible": _compatible, "llamacpp": _llamacpp, "colab": _colab}
    if mode not in runners:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    return runners[mode](paths, work)


def run_modes(modes: list[str], report: str = "reports/modes.md") -> int:
    """Run the course in each mode, print each notebook's line, write the report. Exit code 1 if any fails."""
    failed = 0
    for mode in modes:
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"course-{mode}-") as work:
            results, notes = run_mode(mode, Path(work))
        for result in results:
            print(f"{mode:>12} {result.notebook}: {'pass' if result.ok else 'FAIL'} {result.seconds} s")
            for failure in result.failures:
                print(f"{'':>14}{failure}")
        failed += sum(not r.ok for r in results) + bool(notes.get("validation_errors"))
        out = record(mode, results, notes, time.perf_counter() - start, PROJECT_ROOT / report)
    print(f"Report written to {out}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", default="reports/modes.md")
    parser.add_argument("modes", nargs="*", help=f"any of {', '.join(MODES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = [mode for mode in args.modes if mode not in MODES]
    if unknown:
        parser.error(f"unknown mode {unknown[0]!r}; use any of {', '.join(MODES)}")
    return run_modes(args.modes or list(MODES), report=args.report)


if __name__ == "__main__":
    sys.exit(main())
