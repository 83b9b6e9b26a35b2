"""The Colab simulation: Colab's Python (3.13) with Colab's own versions of the packages the course touches,
the fake `google.colab`, each notebook alone in an empty folder standing for /content, and a clone source
made from this checkout (COURSE_REPO_URL). The notebook's real setup cell installs the course with real pip.

- Python 3.13: tools/python313.sh finds one or builds it from Debian's source package.
- Colab's packages: colab_backend/pip-freeze.txt (googlecolab/backend-info, see colab_backend/SOURCE.md).
  Every package of the course's locked stack (constraints.txt) that Colab preinstalls goes into a base
  venv at Colab's version, with what those need (held at Colab's versions too), built once into the cache.
  Torch is Colab's 2.11.0, but PyPI's CUDA build (Colab's +cpu wheel is on PyTorch's own index).
- Each notebook's kernel runs in its own empty venv that sees the base's packages after its own, so its
  setup cell installs and upgrades into that venv, as on a fresh Colab runtime, and the base stays as Colab.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from helpers.settings import BRANCH, CACHE_DIR, ENV_REPO_URL, PROJECT_ROOT

HERE = Path(__file__).parent
FAKE_COLAB = HERE / "fake_colab"
FREEZE = HERE / "colab_backend" / "pip-freeze.txt"
OS_INFO = HERE / "colab_backend" / "os-info.txt"
KERNEL_NAME = "colab-sim"
BASE_RECIPE = "2"  # bump when colab_base() changes what it installs
NO_PIP_CONFIG = {"PIP_CONFIG_FILE": "/dev/null", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # as Colab: PyPI only


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def colab_pins() -> dict[str, str]:
    """Colab's preinstalled versions by canonical name; a wheel URL gives its public version (2.11.0+cpu -> 2.11.0)."""
    pins = {}
    for line in FREEZE.read_text().splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonical(name)] = version.strip()
        elif " @ " in line and ".whl" in line:
            name, url = line.split(" @ ", 1)
            wheel = url.rsplit("/", 1)[1].replace("%2B", "+")
            pins[canonical(name)] = wheel.split("-")[1].split("+")[0]
    return pins


def colab_python() -> str:
    """Colab's Python version, as backend-info's os-info.txt says (e.g. 3.13.15)."""
    return re.search(r"^Python (\S+)", OS_INFO.read_text(), re.M).group(1)


def course_locked() -> set[str]:
    """Every package of the course's locked stack (constraints.txt), by canonical name."""
    lines = (PROJECT_ROOT / "constraints.txt").read_text().splitlines()
    return {canonical(l.split("==")[0]) for l in lines if "==" in l and not l.startswith("#")}


def touched() -> list[str]:
    """name==version at Colab's version for each package of the course's stack that Colab preinstalls."""
    pins = colab_pins()
    return sorted(f"{name}=={pins[name]}" for name in course_locked() & pins.keys())


def python313() -> str:
    """A Python 3.13 interpreter (tools/python313.sh finds or builds one)."""
    script = PROJECT_ROOT / "tools" / "python313.sh"
    return subprocess.run(["bash", str(script)], capture_output=True, text=True, check=True).stdout.strip()


def python313_missing() -> str | None:
    """Why the simulation cannot have Colab's Python here (no 3.13 and no build), or None."""
    try:
        python313()
    except subprocess.CalledProcessError as error:
        return "no Python 3.13 and tools/python313.sh could not build one: " + error.stderr.strip()[-300:]
    return None


def colab_base(python: str) -> Path:
    """The venv holding Colab's versions of the course's packages, built once into the cache."""
    recipe = "\n".join([BASE_RECIPE, python, FREEZE.read_text(), *touched()])
    base = CACHE_DIR / f"colab-sim-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}"
    if (base / ".complete").is_file():
        return base
    for old in CACHE_DIR.glob("colab-sim-*"):  # an older freeze or recipe: 4-5 GB each
        shutil.rmtree(old, ignore_errors=True)
    subprocess.run([python, "-m", "venv", "--without-pip", str(base)], check=True)
    pins = colab_pins()
    constraints = base / "colab-constraints.txt"
    # Held at Colab's versions: all but pip and the CUDA libraries (PyPI's torch needs its own; Colab's is +cpu)
    held = {n: v for n, v in pins.items() if n != "pip" and not n.startswith(("nvidia-", "cuda-"))}
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in sorted(held.items())))
    install_into(base, [f"pip=={pins['pip']}", "-c", str(constraints), *touched()])
    (base / ".complete").write_text(json.dumps({"python": python, "packages": touched()}))
    return base


def install_into(venv: Path, args: list[str]) -> None:
    """Install into `venv` from PyPI only, as Colab's image gets its packages. With uv where the course's .venv
    has it (the base's 5.6 GB from an empty cache: 44 s instead of pip's ~175 s here; the same versions,
    bytecode compiled as pip does); else, or if uv fails (a proxy's certificate...), with pip."""
    python, env = str(venv / "bin" / "python"), {**os.environ, **NO_PIP_CONFIG}
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    uv_install = [uv, "pip", "install", "--quiet", "--python", python, "--compile-bytecode", "--no-config"]
    if uv and subprocess.run([*uv_install, *args], env=env).returncode == 0:
        return
    subprocess.run([python, "-m", "ensurepip", "--upgrade"], check=True, capture_output=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", *args], check=True, env=env)


def purelib(python: str | Path) -> str:
    return subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def snapshot_repo(dest: Path) -> Path:
    """A git repository with one commit on BRANCH holding this checkout's files (tracked and new)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-C", str(dest), "-c", "user.name=course", "-c", "user.email=course@example.invalid"]
    subprocess.run(["git", "init", "--quiet", "--initial-branch", BRANCH, str(dest)], check=True)
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run([*git, "commit", "--quiet", "--message", "snapshot"], check=True)
    return dest


def kernel_venv(dest: Path, python: str, base: Path) -> Path:
    """An empty venv whose kernel sees google.colab, then the base's packages after its own; returns its python."""
    subprocess.run([python, "-m", "venv", "--without-pip", str(dest)], check=True)
    own = dest / "bin" / "python"
    # Colab's kernel has google.colab installed and imported at start (the setup cell looks for it)
    lines = [str(FAKE_COLAB), "import google.colab", purelib(base / "bin" / "python")]
    Path(purelib(own), "colab_sim.pth").write_text("\n".join(lines) + "\n")
    return own


def kernelspec(jupyter_dir: Path, python: Path) -> None:
    """Register the simulation's kernel under jupyter_dir (put it on JUPYTER_PATH)."""
    spec = jupyter_dir / "kernels" / KERNEL_NAME
    shutil.rmtree(spec, ignore_errors=True)
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Colab simulation", "language": "python"})
    )


def colab_environment(work: Path) -> tuple[dict[str, str], dict[str, str], Callable[[str], None]]:
    """Build the shared parts under `work`. Returns the kernels' environment variables, notes for the report,
    and new_runtime(name), which gives the next notebook a fresh runtime (its own empty venv as the kernel)."""
    python = python313()
    base = colab_base(python)
    repo = snapshot_repo(work / "repo")
    version = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {
        ENV_REPO_URL: repo.as_uri(),
        "JUPYTER_PATH": str(work / "jupyter"),
        **NO_PIP_CONFIG,
        "COURSE_WIDGETS": "widgets",
    }  # Colab draws widgets: take the display path, custom widget manager on
    notes = {
        "python": f"{version} (Colab: {colab_python()})",
        "Colab's packages": f"{len(touched())} of the course's stack at Colab's versions ({FREEZE.name})",
    }

    def new_runtime(name: str) -> None:
        kernelspec(work / "jupyter", kernel_venv(work / f"venv-{name}", python, base))

    return env, notes, new_runtime
