#!/usr/bin/env bash
# Idempotent: build the pinned actionlint (a Go module, from the Go module proxy) into
# <repo>/.cache/bin once; later runs reuse it. Prints the binary's path. Quiet on success.
set -euo pipefail

ACTIONLINT_VERSION="1.7.12"
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin_dir="$root/.cache/bin"
bin="$bin_dir/actionlint"

if [ -x "$bin" ] && [ "$("$bin" -version 2>/dev/null | head -n1)" = "v$ACTIONLINT_VERSION" ]; then
  echo "$bin"; exit 0
fi
command -v go >/dev/null 2>&1 || { echo "setup-actionlint: Go is needed to build actionlint (https://go.dev/dl/)" >&2; exit 1; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
mkdir -p "$bin_dir"
GOBIN="$bin_dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" >"$log" 2>&1 \
  || { echo "setup-actionlint: go install actionlint@v$ACTIONLINT_VERSION failed:" >&2; cat "$log" >&2; exit 1; }
echo "$bin"
