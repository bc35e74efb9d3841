#!/usr/bin/env bash
# npm run demo: the main job, end to end, without touching fal's servers:
# scaffold an app, check it, dry-run its deploy; then show check catching a broken app.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
falpub() { node "$root/bin/falpub.js" "$@"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Use the pinned fal from .venv when it is there (npm run setup:fal); otherwise fal on PATH.
[ -x "$root/.venv/bin/fal" ] && export FALPUB_FAL="$root/.venv/bin/fal"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step "falpub init $work/text-to-image --billing per_megapixel --machine-type GPU-A100"
falpub init "$work/text-to-image" --billing per_megapixel --machine-type GPU-A100 </dev/null || exit 1
cd "$work/text-to-image"

step "falpub check"
falpub check || exit 1

step "falpub deploy --dry-run --listing-request listing.md"
falpub deploy --dry-run --listing-request listing.md </dev/null || exit 1
step "cat listing.md"
cat listing.md

cd "$root"
step "falpub check test/fixtures/sample-broken   # a broken app: every problem at once"
falpub check test/fixtures/sample-broken
status=$?
echo "(exit code $status: 1 means the project has errors)"
[ "$status" -eq 1 ] || exit 1
echo
echo "Demo finished."
