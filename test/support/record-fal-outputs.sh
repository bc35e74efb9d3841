#!/usr/bin/env bash
# Regenerates test/fixtures/fal-1.83.0/<case>/{cmd,stdout,stderr,exit_code} from the REAL
# fal CLI in .venv. No credentials, no network: an isolated HOME, no FAL_* from the caller,
# and FAL_GRPC_HOST/FAL_REST_HOST on a closed 127.0.0.1 port. With no key and no
# ~/.fal/auth0_token, fal raises UnauthenticatedException before any connection
# (auth/__init__.py _fetch_access_token); strace showed no connect() at all.
# Paths of the temp project and HOME are replaced by /PROJECT and /HOME.
# The deployed*, refused-key* and build-failed* cases come from test/control-plane/record.sh.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
fal="${FAL_BIN:-$root/.venv/bin/fal}"
version="$("$fal" --version)"
[ "$version" = "1.83.0" ] || { echo "expected fal 1.83.0, got $version" >&2; exit 1; }
out="$root/test/fixtures/fal-$version"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
proj="$work/proj"
home="$work/home"
mkdir -p "$proj" "$home"

# A port that was free a moment ago: nothing listens there.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

cat >"$proj/app.py" <<'EOF'
import fal


class MyApp(fal.App):
    app_auth = "shared"

    @fal.endpoint("/")
    def run(self) -> dict:
        return {"ok": True}
EOF
printf 'import fal\n\n\nclass Broken(fal.App:\n    pass\n' >"$proj/syntax_error.py"
printf 'import fal\n\nX = 1\n' >"$proj/no_app.py"
printf 'import fal\nimport torch_not_installed_here\n' >"$proj/import_error.py"

# rec <case> [VAR=value ...] -- <fal args...>
rec() {
  local name="$1"; shift
  local extra=()
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  shift
  local dir="$out/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '%s\n' "fal $*" >"$dir/cmd"
  local code=0
  (cd "$proj" && env -i PATH="/usr/bin:/bin" HOME="$home" LANG=C.UTF-8 NO_COLOR=1 TERM=dumb \
    PYTHONUNBUFFERED=1 PYTHONIOENCODING=utf-8 \
    FAL_GRPC_HOST="127.0.0.1:$port" FAL_REST_HOST="127.0.0.1:$port" "${extra[@]}" \
    "$fal" "$@" >"$dir/stdout" 2>"$dir/stderr") || code=$?
  echo "$code" >"$dir/exit_code"
  sed -i -e "s#$proj#/PROJECT#g" -e "s#$home#/HOME#g" -e "s#127.0.0.1:$port#127.0.0.1:PORT#g" "$dir/stdout" "$dir/stderr"
}

# Only our own case dirs are replaced: deployed*, refused-key*, build-failed* come from
# test/control-plane/record.sh.
mkdir -p "$out"
"$fal" --version >/dev/null
printf '%s\n' "$version" >"$out/VERSION"

# Independent runs in parallel: each fal start costs 1–2 s.
rec no-credentials -- deploy app.py --yes &
rec no-credentials-json -- deploy app.py --json --yes &
rec unreachable FAL_KEY=fakekeyid:fakekeysecret -- deploy app.py --yes &
rec unreachable-json FAL_KEY=fakekeyid:fakekeysecret -- deploy app.py --json --yes &
rec unreachable-rest FAL_KEY=fakekeyid:fakekeysecret -- deploy app.py --team some-team --json --yes &
rec bad-key-format FAL_KEY=no-colon-here -- deploy app.py --json --yes &
wait
rec syntax-error -- deploy syntax_error.py --json --yes &
rec no-app-class -- deploy no_app.py --json --yes &
rec missing-file -- deploy missing.py --json --yes &
rec import-error -- deploy import_error.py --json --yes &
rec class-not-found -- deploy app.py::Nope --json --yes &
rec bad-auth -- deploy app.py --auth everyone --json --yes &
wait
rec attach-detach -- deploy app.py --attach --detach --json --yes &
rec argcomplete-leak _ARGCOMPLETE=1 COMP_LINE="fal " COMP_POINT=4 -- deploy app.py --json --yes &
wait
echo "recorded into $out"
