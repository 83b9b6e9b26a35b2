#!/usr/bin/env bash
# Measure the set-up: cold `make setup` in a fresh clone (pip cache as it is), .venv size,
# `course prepare` into an empty cache, and the warm re-run overhead of `make setup` / `make prepare`.
# Usage: bash benchmarks/setup.sh   (takes a few minutes; prints a Markdown table)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/course"
cd "$work/course"
export COURSE_CACHE="$work/cache" HF_HUB_OFFLINE=1
seconds() { local start=$SECONDS; "$@" > "$work/log" 2>&1 || { cat "$work/log"; exit 1; }; echo $((SECONDS - start)); }
cold_setup=$(seconds make setup)
venv_size="$(du -sm .venv | cut -f1) MB"
cold_prepare=$(seconds make prepare)
warm_setup=$( { /usr/bin/time -f %e make setup > /dev/null; } 2>&1 )
warm_prepare=$( { /usr/bin/time -f %e make prepare > /dev/null; } 2>&1 | tail -1)
echo "| measure | value |"
echo "|---|---|"
echo "| cold \`make setup\` (venv + pinned installs) | ${cold_setup} s |"
echo "| \`.venv\` size | ${venv_size} |"
echo "| cold \`course prepare\` (kit download + conversion) | ${cold_prepare} s |"
echo "| warm \`make setup\` (nothing to do) | ${warm_setup} s |"
echo "| warm \`make prepare\` (nothing to do) | ${warm_prepare} s |"
echo "| model cache size | $(du -sm "$COURSE_CACHE" | cut -f1) MB |"
make setup-dev > /dev/null 2>&1
echo "| \`.venv\` after \`make setup-dev\` (adds pytest, nbval, Playwright, ctranslate2) | $(du -sm .venv | cut -f1) MB |"
