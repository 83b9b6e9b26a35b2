"""Imports run one way: no circle between the course's modules (imports inside functions count too), the
installed package imports nothing from tests/, and the server process and the `course` command load no
widget code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from helpers.settings import PROJECT_ROOT


def module_names(package: Path) -> dict[str, Path]:
    """{dotted module name: file} for every module of `package` (a folder under its root's parent)."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The course modules `name` imports anywhere in its file (top level or inside a function)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            # `from .pkg import mod` imports the module mod; `from .mod import name` imports mod
            targets = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules and "." in target:
                target = target.rpartition(".")[0]
            if target in modules and target != name:
                found.add(target)
    return found


def circles(package: Path) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's strongly connected parts)."""
    modules = module_names(package)
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for other in sorted(graph[name]):
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in on_stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            group = []
            while not group or group[-1] != name:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return groups


def test_no_import_circle_in_helpers():
    assert circles(PROJECT_ROOT / "helpers") == []


def test_a_planted_circle_through_a_function_import_is_found(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import helper\n")
    (package / "b.py").write_text("def helper():\n    from . import a\n    return a\n")
    (package / "c.py").write_text("from pkg import a\n")
    assert circles(package) == [["pkg.a", "pkg.b"]]


def test_the_installed_package_imports_nothing_from_tests():
    modules = module_names(PROJECT_ROOT / "helpers")
    leaks = []
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and not node.level
                and (node.module or "").split(".")[0] == "tests"
                or isinstance(node, ast.Import)
                and any(a.name.split(".")[0] == "tests" for a in node.names)
            ):
                leaks.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert leaks == []


def test_the_server_and_the_course_command_load_no_widgets():
    code = (
        "import sys, helpers.server.serve, helpers.classroom.cli, helpers.server.app; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'ipywidgets', 'tests'}))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"HF_HUB_OFFLINE": "1", "PATH": ""},
    ).stdout.strip()
    assert shown == "[]"


def test_docs_architecture_names_every_module():
    """docs/architecture.md covers every module of the package, by its path."""
    text = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [
        p.relative_to(PROJECT_ROOT).as_posix()
        for p in sorted((PROJECT_ROOT / "helpers").rglob("*.py"))
        if p.name != "__init__.py"
    ]
    assert [m for m in modules if f"`{m}`" not in text] == []
