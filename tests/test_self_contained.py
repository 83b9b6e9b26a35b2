"""The test suite needs nothing beside the checkout: no test or helper reads a path outside the repository."""

from __future__ import annotations

import re

from helpers.settings import PROJECT_ROOT

# ways code has reached outside the checkout: a parent of the repository root, or a sibling folder by name
OUTSIDE = re.compile(r"PROJECT_ROOT\.parent\b|parents\[(?:[2-9])\]|\.\./shared|[\"']shared[\"']\s*/")


def outside_reads(root=PROJECT_ROOT) -> list[str]:
    """'file:line: code' for each line of tests/, helpers/, tools/ and benchmarks/ that leaves the checkout."""
    found = []
    for folder in ("tests", "helpers", "tools", "benchmarks"):
        for path in sorted((root / folder).rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if OUTSIDE.search(line):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_code_reads_outside_the_checkout():
    assert outside_reads() == [], "Vendor what these need into the repository:\n" + "\n".join(outside_reads())


def test_the_check_finds_a_planted_outside_path(tmp_path):
    (tmp_path / "tests").mkdir()
    outside = "parents" + "[2]"  # written in two pieces so this file holds no outside path itself
    (tmp_path / "tests" / "test_planted.py").write_text(f'SPEC = Path(__file__).resolve().{outside} / "spec.yaml"\n')
    assert len(outside_reads(tmp_path)) == 1


def test_openai_spec_is_vendored_with_its_licence():
    folder = PROJECT_ROOT / "tests" / "openai-openapi"
    assert (folder / "openapi.yaml").read_text(encoding="utf-8").startswith("openapi:")
    assert "MIT" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert re.search(r"commit [0-9a-f]{40}", (folder / "README.md").read_text(encoding="utf-8"))
