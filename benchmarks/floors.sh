#!/usr/bin/env bash
# What `%pip install` of the course does to a Colab-like environment, and whether the lowest versions
# pyproject.toml allows really work. Needs PyPI; not run in CI. Usage: bash benchmarks/floors.sh
#
# 1. A venv where torch and transformers are "preinstalled" at other versions than constraints.txt pins
#    (metadata only: a CUDA torch is several GB). `pip install --dry-run --report` of the course, as the
#    Colab setup cell runs it (no constraints file), must not list torch among what it would install.
# 2. Floors: each direct dependency (but torch) at the lowest version pyproject.toml allows, over the
#    course venv's pins, then what the notebooks import (peft 0.17.1 fails: no HybridCache in transformers 5).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PY=${PYTHON:-python3}

echo "== 1. course install into a Colab-like environment (torch 2.9.0, transformers 5.20.0 preinstalled)"
$PY -m venv "$WORK/colab"
SITE=$("$WORK/colab/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
for dist in torch:2.9.0 transformers:5.20.0; do  # metadata only: pip sees them as installed
    name=${dist%%:*}; version=${dist##*:}
    mkdir -p "$SITE/$name-$version.dist-info"
    printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$name" "$version" > "$SITE/$name-$version.dist-info/METADATA"
    echo pip > "$SITE/$name-$version.dist-info/INSTALLER"
    : > "$SITE/$name-$version.dist-info/RECORD"
done
"$WORK/colab/bin/python" -m pip install --quiet --dry-run --report "$WORK/report.json" -e .
"$WORK/colab/bin/python" - "$WORK/report.json" <<'PYEOF'
import json, sys
report = json.load(open(sys.argv[1]))
installs = {i["metadata"]["name"].lower(): i["metadata"]["version"] for i in report["install"]}
print(f"pip would install {len(installs)} distributions")
for name in ("torch", "transformers", "nvidia-cublas-cu12"):
    print(f"  {name}: {'would install ' + installs[name] if name in installs else 'kept as preinstalled / not pulled'}")
sys.exit(1 if "torch" in installs else 0)
PYEOF

echo
echo "== 2. floors: each direct dependency at the lowest version pyproject.toml allows, the rest as pinned"
# One throw-away venv per floor that borrows the course venv's packages through a .pth file (they count as
# installed), so pip installs only the floor and whatever it needs, which then come first on sys.path.
# torch is left out: Colab keeps its own (section 1), and the pin is the CPU wheel.
VENV_PY=${VENV_PY:-.venv/bin/python}
BORROWED=$("$VENV_PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
SMOKE='import importlib, sys; m = importlib.import_module(sys.argv[1]); from transformers import pipeline; import sentence_transformers, peft, datasets, openai, helpers; print(getattr(m, "__version__", "?"), "ok")'
"$VENV_PY" - <<'PYEOF' > "$WORK/floors.txt"
import re, tomllib
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
modules = {"python-dotenv": "dotenv", "huggingface-hub": "huggingface_hub", "scikit-learn": "sklearn",
           "sentence-transformers": "sentence_transformers"}
for dep in deps:
    name = re.split(r"[\[<>=!~ ;]", dep, maxsplit=1)[0]
    floor = re.search(r">=\s*([0-9][^,]*)", dep)
    if floor and name != "torch":
        print(name, floor.group(1), modules.get(name, name.replace("-", "_")))
PYEOF
failed=0
while read -r name version module; do
    env="$WORK/floor-$name"
    "$VENV_PY" -m venv --without-pip "$env"
    site=$("$env/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    printf '%s\n%s\n' "$BORROWED" "$PWD" > "$site/borrowed.pth"
    if ! added=$("$env/bin/python" -m pip install --quiet --report - "$name==$version" 2>/dev/null \
            | "$VENV_PY" -c "import json, sys; print(' '.join(i['metadata']['name'] + '==' + i['metadata']['version'] for i in json.load(sys.stdin)['install']))"); then
        echo "  $name==$version: cannot be installed with the pinned stack"; failed=1; continue
    fi
    if result=$(HF_HUB_OFFLINE=1 "$env/bin/python" -c "$SMOKE" "$module" 2>&1); then
        echo "  $name==$version: ok (pip added: $added)"
    else
        echo "  $name==$version: FAILS (pip added: $added): $(echo "$result" | grep -E 'Error' | tail -1)"; failed=1
    fi
done < "$WORK/floors.txt"
exit $failed
