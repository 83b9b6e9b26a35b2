#!/usr/bin/env bash
# Regenerate data/audio/welcome.wav from data/audio/welcome.txt.
# The committed welcome.wav was produced by this script.
# Requires: espeak-ng and sox  (Debian/Ubuntu: apt-get install -y espeak-ng sox)
# Output: 16 kHz, mono, 16-bit signed PCM WAV (sox -D: no dither, so the output is byte-for-byte repeatable).
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp --suffix=.wav)"
trap 'rm -f "$tmp"' EXIT
espeak-ng -v en-us -s 150 -w "$tmp" "$(cat welcome.txt)"
sox -D "$tmp" -r 16000 -c 1 -b 16 -e signed-integer welcome.wav
soxi welcome.wav
