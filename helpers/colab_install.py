"""Colab's setup cell: install what the course needs, upgrading only that, and check it before a lesson runs.

The course itself is not installed: it runs from its folder, which the setup cell puts on `sys.path` (the
course server runs there too), so pip builds nothing and only fetches the missing or too old packages.

The setup cell runs this file alone with `runpy.run_path` (importing `helpers` would load the old
versions of the packages it is about to upgrade; `%run` would print an error and let the cell go on). Only the standard library and `packaging` (in every pip stack).
A failed install raises one `SetupError` that says what failed and what to do, so the notebook
stops there instead of failing cell after cell.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

WHAT_TO_DO = (
    "What to do: Runtime > Restart session, then run this cell again. If it fails again, "
    "copy this message to your instructor or the course's issue tracker."
)


class SetupError(RuntimeError):
    """The course is not usable in this runtime; the message says why and what to do."""


def requirements(course_dir: Path) -> tuple[str, list[Requirement]]:
    """The course's requires-python and its dependencies, from its pyproject.toml."""
    project = tomllib.loads((course_dir / "pyproject.toml").read_text())["project"]
    return project["requires-python"], [Requirement(line) for line in project["dependencies"]]


def installed(name: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def declared(name: str) -> list[str] | None:
    """The requirements an installed distribution declares (its extras' too, with their markers), or None."""
    try:
        return metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return None


def extras_need(requirement: Requirement, requires: Callable[[str], list[str] | None] = declared) -> list[Requirement]:
    """What a requirement's extras add (transformers[serving]: fastapi, uvicorn, ...), from the installed
    package's own metadata; empty without extras or when the package is not installed."""
    found = []
    for line in (requires(requirement.name) or []) if requirement.extras else []:
        dependency = Requirement(line)
        if dependency.marker and any(dependency.marker.evaluate({"extra": e}) for e in requirement.extras):
            found.append(dependency)
    return found


def unmet(
    requires_python: str,
    needed: list[Requirement],
    version: Callable[[str], str | None] = installed,
    python: str = platform.python_version(),
    requires: Callable[[str], list[str] | None] = declared,
) -> list[str]:
    """What stops the course from running here: one line per problem, empty when all is well."""
    problems = (
        []
        if SpecifierSet(requires_python).contains(python, prereleases=True)
        else [f"Python {python}: the course needs {requires_python}"]
    )
    for requirement in [*needed, *(d for r in needed for d in extras_need(r, requires))]:
        have = version(requirement.name)
        if have is None:
            problems.append(f"{requirement.name} is not installed")
        elif not requirement.specifier.contains(have, prereleases=True):
            problems.append(f"{requirement.name} {have}: the course needs {requirement.specifier}")
    return list(dict.fromkeys(problems))


def snapshot() -> dict[str, str]:
    """Every installed distribution's version, by canonical name: the first on sys.path, the one imported."""
    versions: dict[str, str] = {}
    for dist in metadata.distributions():
        if dist.metadata["Name"]:
            versions.setdefault(canonicalize_name(dist.metadata["Name"]), dist.version)
    return versions


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """'name old -> new' for each upgraded or downgraded package, 'name new' for each added one."""
    return [
        f"{name} {before[name]} -> {after[name]}" if name in before else f"{name} {after[name]}"
        for name in sorted(after)
        if before.get(name) != after[name]
    ]


def stale_modules(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Modules this kernel imported before pip replaced their package: they stay old until a restart."""
    changed = {name for name in after if name in before and before[name] != after[name]}
    owners = metadata.packages_distributions()
    return sorted(
        m for m in list(sys.modules) if "." not in m and any(canonicalize_name(d) in changed for d in owners.get(m, []))
    )


def to_install(course_dir: Path, needed: list[Requirement], names: list[str]) -> list[str]:
    """What pip gets for the named packages: the version CI tested (constraints.txt) where there is one, else
    the course's requirement, else the name; with the course's extras (transformers[serving])."""
    path = course_dir / "constraints.txt"
    lines = path.read_text().splitlines() if path.is_file() else []
    tested = [Requirement(line) for line in lines if "==" in line and not line.lstrip().startswith("#")]
    pins = {canonicalize_name(r.name): str(r.specifier) for r in tested}
    ours = {canonicalize_name(r.name): r for r in needed}
    packages = []
    for name in dict.fromkeys(canonicalize_name(n) for n in names):
        requirement = ours.get(name, Requirement(name))
        extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
        packages.append(f"{requirement.name}{extras}{pins.get(name, str(requirement.specifier))}")
    return packages


def pip_install(packages: list[str]) -> subprocess.CompletedProcess:
    """pip install these packages (the rest of Colab's stays as it is); output captured."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",  # no .pyc for every file (simulated Colab: 21 s -> 9 s); imports compile what they use
        *packages,
    ]
    return subprocess.run(command, capture_output=True, text=True)


def failure(problems: list[str], pip: subprocess.CompletedProcess | None) -> SetupError:
    lines = ["The course could not be installed, so its lessons cannot run:", *(f"  - {p}" for p in problems)]
    if pip is not None and pip.returncode:
        said = [l for l in (pip.stderr + pip.stdout).splitlines() if l.strip()][-6:]
        lines += ["pip said:", *(f"    {l}" for l in said)]
    return SetupError("\n".join([*lines, WHAT_TO_DO]))


def install(course_dir: str | Path) -> list[str]:
    """Install what the course needs if any of it is missing or too old; print one line; return the changes."""
    course_dir, start = Path(course_dir), time.perf_counter()
    requires_python, needed = requirements(course_dir)
    todo = unmet(requires_python, needed)
    if not todo:
        print("The course and everything it needs are installed: nothing to do.")
        return []
    if todo[0].startswith("Python "):
        raise failure(todo, None)
    before = snapshot()
    pip = pip_install(to_install(course_dir, needed, [p.split()[0] for p in todo]))
    after = snapshot()
    problems = unmet(requires_python, needed)
    if problems:
        raise failure(problems, pip)
    stale = stale_modules(before, after)
    if stale:
        raise SetupError(
            f"The course is installed, but this session imported {', '.join(stale)} before it "
            "was upgraded. Runtime > Restart session, then run this cell again (it will be quick)."
        )
    done = changes(before, after)
    print(
        f"Installed the course in {time.perf_counter() - start:.0f} s; changed {len(done)} packages "
        f"(Colab's others untouched): {', '.join(done)}"
    )
    return done
