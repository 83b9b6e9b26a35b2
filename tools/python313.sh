#!/usr/bin/env bash
# Print the path of a Python 3.13 (Colab's Python since 2026-08-25) for the Colab simulation, building one
# when this machine has none. Looks at $COURSE_PYTHON313, python3.13 on PATH, pyenv's 3.13; else builds
# CPython from Debian trixie's python3.13 source package (the upstream tarball, through apt's deb-src with
# this machine's own Debian mirror, in a private apt folder) into $CACHE/python3.13: ~4 min on 2 cores, once.
# Usage: tools/python313.sh [--build]   (--build: skip the search and build, e.g. to time it)
set -euo pipefail
CACHE="${COURSE_CACHE:-$HOME/.cache/genai-course}"
PREFIX="$CACHE/python3.13"
works() { [ -n "$1" ] && "$1" -c 'import sys, ssl, sqlite3, lzma, bz2, ctypes, zlib, venv, ensurepip
assert sys.version_info[:2] == (3, 13)' 2>/dev/null; }

if [ "${1:-}" != "--build" ]; then
    for python in "${COURSE_PYTHON313:-}" "$(command -v python3.13 || true)" "$PREFIX/bin/python3.13" \
                  "$HOME"/.pyenv/versions/3.13*/bin/python3.13; do
        if works "$python"; then echo "$python"; exit 0; fi
    done
fi

log() { echo "python3.13: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
log "building CPython 3.13 from Debian's source package into $PREFIX (about 4 minutes)"
apt-get update -qq >&2
apt-get install -y -qq build-essential libssl-dev zlib1g-dev libffi-dev libsqlite3-dev libbz2-dev \
    liblzma-dev libreadline-dev uuid-dev xz-utils >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A private apt folder: trixie's deb-src from the mirror this machine already uses (its own sources untouched)
mirror="$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | awk '{print $2}')"
[ -n "$mirror" ] || mirror="$(grep -hoE '^deb +\S+' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}')"
mkdir -p "$work/lists/partial" "$work/src"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$work/sources.list"
apt_private=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
             -o "Dir::State::Lists=$work/lists" -o Debug::NoLocking=1)
apt-get "${apt_private[@]}" update -qq >&2
(cd "$work/src" && apt-get "${apt_private[@]}" source --download-only -qq python3.13 >&2)
tar -xf "$(ls "$work"/src/python3.13_*.orig.tar.* | grep -v "\.asc$")" -C "$work/src"
cd "$work"/src/Python-3.13*/
./configure --prefix="$PREFIX" --disable-test-modules --quiet >&2
make -j"$(nproc)" --quiet >&2
make altinstall --quiet >&2
works "$PREFIX/bin/python3.13" || { log "the build does not work"; exit 1; }
echo "$PREFIX/bin/python3.13"
