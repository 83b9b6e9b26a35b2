"""Write bytecode (.pyc) for what the course imports, where Python would not write it itself.

uv installs without compiling, and where PYTHONDONTWRITEBYTECODE is set (CI images, some containers) Python
never writes .pyc either: every kernel, server and test process would compile torch and transformers again
(~7 s each). `compileall` over all of site-packages (313 MB of source) took 30 s on 2 cores, and the course
imports about a third of it. So this script lets two processes write .pyc for exactly what they import, side
by side: a Jupyter kernel that runs every import statement of the course (helpers/, benchmarks/, tools/ and
the notebooks' code cells), and pytest collecting tests/ (its plugins, and what each test module imports).
A module imported only later, lazily, is compiled by each process that needs it, as before.

Usage (from the repository root): .venv/bin/python tools/write_bytecode.py
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("helpers", "benchmarks", "tools")
# Imported at run time, not by an import statement: the openai client's API areas on first use, and the
# server's protocols when its first request arrives
AT_RUN_TIME = [
    "import openai; client = openai.OpenAI(api_key='unused', base_url='http://127.0.0.1:9/v1')",
    "[getattr(client, area) for area in ('audio', 'chat', 'embeddings', 'files', 'fine_tuning', 'images', 'models', "
    "'moderations', 'responses')]; client.chat.completions, client.fine_tuning.jobs",
    "import anyio._backends._asyncio, uvicorn.protocols.http.auto, uvicorn.protocols.websockets.auto, uvicorn.lifespan.on",
]


def import_lines(source: str) -> list[str]:
    """Each import statement of this source, as a line of code (relative imports left out)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("!", "%"))]  # IPython syntax
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    return [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and not node.level)
    ]


def course_imports(root: Path = ROOT) -> list[str]:
    """Every distinct import statement of the course's code and notebooks, in a stable order."""
    sources = [path.read_text() for folder in FOLDERS for path in sorted((root / folder).rglob("*.py"))]
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        sources += [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
    return list(dict.fromkeys(line for source in sources for line in import_lines(source))) + AT_RUN_TIME


def in_a_kernel(lines: list[str]) -> int:
    """Run each line in a fresh Jupyter kernel of this interpreter (its own start-up imports too); how many
    raised."""
    folder = Path(tempfile.mkdtemp(prefix="bytecode-kernel-"))
    spec = folder / "kernels" / "bytecode"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "bytecode", "language": "python"}))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(folder), os.environ.get("JUPYTER_PATH")]))
    manager, client = start_new_kernel(kernel_name="bytecode", cwd=str(ROOT))
    try:
        failed = 0
        for line in lines:  # one at a time: a package missing here (google.colab) stops only its own line
            reply = client.execute_interactive(line, timeout=300, output_hook=lambda message: None)
            failed += reply["content"]["status"] != "ok"
        return failed
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # for the kernel and pytest started below
    start = time.perf_counter()
    collect = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"]
    pytest = subprocess.Popen(collect, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = course_imports()
    failed = in_a_kernel(lines)
    pytest.wait()
    print(
        f"bytecode written for {len(lines) - failed} of {len(lines)} import lines and tests/'s collection "
        f"in {time.perf_counter() - start:.0f} s"
    )


if __name__ == "__main__":
    main()
