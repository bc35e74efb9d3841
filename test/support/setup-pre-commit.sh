#!/usr/bin/env bash
# Idempotent: a venv of its own at <repo>/.cache/pre-commit-venv with the pinned pre-commit
# (from PyPI), for the test that runs falpub's hook with pre-commit itself. Reused when it
# already holds that version. Prints the pre-commit executable's path. Quiet on success.
set -euo pipefail

PRE_COMMIT_VERSION="4.7.0"
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.cache/pre-commit-venv"
bin="$venv/bin/pre-commit"

if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "pre-commit $PRE_COMMIT_VERSION" ]; then
  echo "$bin"; exit 0
fi
python=""
for candidate in python3.11 python3.12 python3.13 python3.10 python3; do
  if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
done
[ -n "$python" ] || { echo "setup-pre-commit: no python3 found" >&2; exit 1; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
{
  mkdir -p "$root/.cache"
  if [ ! -x "$venv/bin/python" ]; then "$python" -m venv "$venv"; fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
} >"$log" 2>&1 || { echo "setup-pre-commit: installing pre-commit==$PRE_COMMIT_VERSION into $venv failed:" >&2; cat "$log" >&2; exit 1; }
echo "$bin"
