#!/usr/bin/env bash
# Idempotent: make sure <repo>/.venv has the pinned fal CLI (falpub's integration tests
# run it for real). Reuses the venv when it already holds the pin.
# Quiet on success; on failure prints the pip/venv log. FALPUB_VENV overrides the location.
set -euo pipefail

FAL_VERSION="1.83.0"
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${FALPUB_VENV:-$root/.venv}"

# Fast path, taken on every test run: pip's record of the pinned version (starting fal itself
# to ask costs seconds of Python imports). The integration tests then run the real fal anyway.
shopt -s nullglob
installed=("$venv"/lib/python3*/site-packages/fal-"$FAL_VERSION".dist-info/METADATA)
if [ -x "$venv/bin/fal" ] && [ ${#installed[@]} -gt 0 ]; then
  exit 0
fi
if [ -x "$venv/bin/fal" ] && [ "$("$venv/bin/fal" --version 2>/dev/null || true)" = "$FAL_VERSION" ]; then
  exit 0
fi

# fal's CI covers Python 3.10–3.14; prefer 3.11 (the interpreter the recordings used).
python=""
for candidate in python3.11 python3.12 python3.10 python3.13 python3; do
  if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
done
[ -n "$python" ] || { echo "setup-fal-venv: no python3 found (need Python >= 3.10)" >&2; exit 1; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
{
  if [ ! -x "$venv/bin/python" ]; then "$python" -m venv "$venv"; fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "fal==$FAL_VERSION"
} >"$log" 2>&1 || { echo "setup-fal-venv: installing fal==$FAL_VERSION into $venv failed:" >&2; cat "$log" >&2; exit 1; }

got="$("$venv/bin/fal" --version 2>&1 || true)"
[ "$got" = "$FAL_VERSION" ] || { echo "setup-fal-venv: $venv/bin/fal --version printed '$got', expected $FAL_VERSION" >&2; exit 1; }
