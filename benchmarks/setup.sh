#!/usr/bin/env bash
# Measure the set-up a learner feels: fresh clone -> `make course` -> JupyterLab answering (its /api gives 200),
# with an empty HOME and empty caches (pip, uv, course kit), then the warm re-run overhead of `make setup`
# and the sizes. The machine's load (`uptime`) is printed with each run: on a shared machine
# other work slows the run down.
# Usage: bash benchmarks/setup.sh [--runs N] [--ref GIT_REF]   (N fresh clones, median; default 2 runs of HEAD)
set -euo pipefail
runs=2 ref=HEAD
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --ref) ref="$2"; shift 2 ;;
        *) echo "usage: bash benchmarks/setup.sh [--runs N] [--ref GIT_REF]" >&2; exit 2 ;;
    esac
done
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill -- -"$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
pip_config="$HOME/.config/pip"  # the machine's pip configuration (indexes, find-links) is kept: it is not a cache
load() { cut -d' ' -f1-3 /proc/loadavg; }

# One fresh clone with an empty home and caches; sets $clone and exports the cache variables.
fresh() {
    local home="$work/run$1"
    mkdir -p "$home/.config"
    [ -d "$pip_config" ] && cp -r "$pip_config" "$home/.config/pip"
    git clone --quiet "$repo" "$home/course"
    git -C "$home/course" checkout --quiet "$ref"
    export HOME="$home" XDG_CACHE_HOME="$home/.cache" PIP_CACHE_DIR="$home/.cache/pip" \
        UV_CACHE_DIR="$home/.cache/uv" COURSE_CACHE="$home/.cache/genai-course" HF_HUB_OFFLINE=1
    clone="$home/course"
}

# Sets $t: seconds from `make course` to JupyterLab answering on its port, and $k: until what notebooks
# 00-03 need is prepared too (built beside JupyterLab since issue 21; before, all of it came first).
# The server is stopped afterwards.
time_to_lab() {
    local port=$((18800 + $1)) start=$SECONDS
    setsid make -C "$clone" course PORT="$port" > "$work/course$1.log" 2>&1 &
    pid=$!  # setsid makes it the leader of its own process group: killed whole below
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api")" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/course$1.log" >&2; echo "make course failed" >&2; exit 1; }
        sleep 0.5
    done
    t=$((SECONDS - start))
    while pgrep -g "$pid" -f 'prepare[(]tasks=FIRST' > /dev/null; do sleep 0.5; done  # make course's background
    k=$((SECONDS - start))                                                          # preparation of the kit
    kill -- -"$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
}

times=() kits=()
echo "| run | fresh clone -> JupyterLab answering | ... and the kit of 00-03 ready | load before (1, 5, 15 min) | load after |"
echo "|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
    fresh "$i"
    before="$(load)"
    time_to_lab "$i"
    times+=("$t") kits+=("$k")
    echo "| $i | ${t} s | ${k} s | $before | $(load) |"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
cd "$clone"
warm_setup=$( { /usr/bin/time -f %e make setup > /dev/null; } 2>&1 | tail -1)
echo
echo "| measure ($(git log -1 --format=%h), $(nproc) cores) | value |"
echo "|---|---|"
echo "| fresh clone -> \`make course\` -> JupyterLab answering, empty caches (median of $runs) | $(median "${times[@]}") s |"
echo "| ... and what notebooks 00-03 need prepared (median) | $(median "${kits[@]}") s |"
echo "| warm \`make setup\` (nothing to do) | ${warm_setup} s |"
echo "| \`.venv\` size | $(du -sm .venv | cut -f1) MB |"
echo "| model cache size (after \`make course\`) | $(du -sm "$COURSE_CACHE" | cut -f1) MB |"
