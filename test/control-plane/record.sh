#!/usr/bin/env bash
# Regenerates test/fixtures/fal-<version>/<case>/{cmd,stdout,stderr,exit_code}: the
# real fal CLI in .venv deploying a small app against test/control-plane/server.py.
# The only normalisation: the temp work dir is replaced by /TMP.
#
#   bash test/control-plane/record.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
FAL="$ROOT/.venv/bin/fal"
SERVER="$ROOT/test/control-plane/server.py"
VERSION="$("$FAL" --version | awk '{print $NF}')"
OUT="$ROOT/test/fixtures/fal-$VERSION"

WORK="$(mktemp -d /tmp/falpub-record.XXXXXX)"
SERVER_PID=""
GRPC=""
REST=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/app" "$WORK/home"
# The app that test/integration/control-plane.test.ts and falpub-deploy-e2e.test.ts deploy too.
cp "$(dirname "$0")/app.py" "$WORK/app/app.py"
ARGS=(deploy app.py::MyApp --auth shared --strategy rolling --reset-scale
  --message m --annotation GIT_SHA=abc --env staging --yes)

# record <case> <server mode> [extra fal args...]
record() {
  local name=$1 mode=$2
  shift 2
  start_server "$name" "$mode"
  run_fal "$name" "${ARGS[@]}" "$@"
  stop_server
}

# start_server <name> <mode>: sets SERVER_PID, GRPC, REST
start_server() {
  local ready="$WORK/ready-$1"
  "$PY" "$SERVER" --mode "$2" --record "$WORK/requests-$1.jsonl" >"$ready" &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$ready" ] && break; sleep 0.1; done
  GRPC="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["grpc"])' "$ready")"
  REST="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["rest"])' "$ready")"
}

stop_server() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

# run_fal <case> <fal args...>: runs the real fal, writes the case's fixture files.
run_fal() {
  local name=$1
  shift
  local dir="$OUT/$name" code=0
  mkdir -p "$dir"
  # A minimal environment: nothing from the developer's own fal setup leaks in.
  (cd "$WORK/app" && env -i PATH=/usr/bin:/bin HOME="$WORK/home" TZ=UTC \
    FAL_GRPC_HOST="$GRPC" FAL_REST_HOST="$REST" ISOLATE_TEST_MODE=1 \
    FAL_KEY=test-key-id:test-key-secret \
    timeout 60 "$FAL" "$@" >"$WORK/stdout" 2>"$WORK/stderr") || code=$?
  sed "s#$WORK#/TMP#g" "$WORK/stdout" >"$dir/stdout"
  sed "s#$WORK#/TMP#g" "$WORK/stderr" >"$dir/stderr"
  echo "$code" >"$dir/exit_code"
  echo "fal $*" >"$dir/cmd"
  echo "$name: exit $code"
}

record deployed ok
record deployed-json ok --json
record refused-key refuse-key
record refused-key-json refuse-key --json
record build-failed fail-build
record build-failed-json fail-build --json

# `fal apps list` after a deploy against the same server (which now lists the alias);
# the deploy itself is not kept (it equals deployed-json).
start_server apps-list ok
run_fal apps-list-deploy "${ARGS[@]}" --json
rm -rf "$OUT/apps-list-deploy"
run_fal apps-list-json apps list --json --filter my-app --env staging
stop_server
