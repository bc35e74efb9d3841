"""A local stand-in for fal's control plane, for tests only.

Run with the fal venv's Python (it needs grpcio and isolate_proto):

    .venv/bin/python test/control-plane/server.py --mode ok --record /tmp/req.jsonl

Listens on 127.0.0.1 only (OS-chosen ports) and prints one JSON line when
ready: {"grpc": "127.0.0.1:P", "rest": "127.0.0.1:P"}. It never forwards
anything anywhere. Modes:

  ok          deploy succeeds (build logs, revision id, service URLs);
              ListAliases then lists each registered alias with the auth
              mode it asked for (none before the first registration)
  ok-private  as ok, but every alias is registered PRIVATE whatever the
              request asked for (a platform that did not honour --auth)
  refuse-key  every call is refused: gRPC UNAUTHENTICATED / REST 401
  fail-build  the environment build streams error logs, then INTERNAL_FAILURE
  hang        every call is accepted and never answered

Source references are to fal 1.83.0 (site-packages/fal) and isolate_proto 0.34.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import stat
import sys
import threading
import time
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import isolate_proto
from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp
from isolate_proto import controller_pb2 as pb
from isolate_proto import controller_pb2_grpc as pb_grpc

# The key the tests give the CLI as FAL_KEY=<id>:<secret>.
TEST_KEY_ID = "test-key-id"
TEST_KEY_SECRET = "test-key-secret"

# The revision id the `ok` mode returns; the tests compare the CLI's JSON to it.
REVISION = "00000000-0000-4000-8000-00000000c0de"
USER = {"user_id": "github|424242", "nickname": "test-user", "full_name": "Test User"}

# What fal's REST API answers for a key it does not know (seen in
# https://github.com/fal-ai/fal/issues/1068). The gRPC controller's wording is
# not public; we reuse the same sentence as the UNAUTHENTICATED details.
REFUSED_DETAIL = "No user found for Key ID and Secret"

SECRET_HEADERS = {"authorization", "auth-key", "cookie", "x-fal-key"}

MODE = "ok"
_record_path: str | None = None
_record_lock = threading.Lock()
_stop = threading.Event()
# alias -> AliasInfo, filled by RegisterApplication during this server's life.
_aliases: dict[str, pb.AliasInfo] = {}
_aliases_lock = threading.Lock()


def record(entry: dict) -> None:
    if not _record_path:
        return
    entry["t"] = time.time()
    with _record_lock, open(_record_path, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, sort_keys=True) + "\n")


def request_dict(request) -> dict:
    d = json_format.MessageToDict(request)
    # The pickled app is ~200 KB of base64: keep only its size in the record.
    fn = d.get("function")
    if fn and "definition" in fn:
        fn["definitionBytes"] = len(request.function.definition)
        del fn["definition"]
    return d


def public_headers(pairs) -> dict[str, str]:
    # Keep which credential was sent (the key id) but never the secret.
    out = {}
    for k, v in pairs:
        k = k.lower()
        if k == "authorization" and v.startswith("Key "):
            v = "Key " + v[4:].split(":", 1)[0] + ":<redacted>"
        elif k in SECRET_HEADERS:
            v = "<redacted>"
        out[k] = v
    return out


def log(message: str, level: str = "INFO"):
    # isolate common.proto Log; source BUILDER, as the real build stream.
    # A fixed time keeps the CLI's printed log lines identical across runs.
    ts = Timestamp()
    ts.FromJsonString("2025-01-01T12:00:00Z")
    return isolate_proto.Log(
        message=message,
        source=isolate_proto.LogSource.Value("BUILDER"),
        level=isolate_proto.LogLevel.Value(level),
        timestamp=ts,
    )


# --- gRPC ------------------------------------------------------------------


class Gate(grpc.ServerInterceptor):
    """Records every call and applies the mode before any handler runs.

    fal sends its key as call metadata `auth-key-id` / `auth-key`
    (fal/sdk.py FalServerlessKeyCredentials.to_grpc).
    """

    def intercept_service(self, continuation, details):
        handler = continuation(details)
        method = details.method.rsplit("/", 1)[-1]
        metadata = dict(details.invocation_metadata)
        if handler is None or handler.request_streaming:
            record({"kind": "grpc", "method": method, "metadata": public_headers(metadata.items())})
            return handler

        def gated(request, context):
            record(
                {
                    "kind": "grpc",
                    "method": method,
                    "metadata": public_headers(metadata.items()),
                    "request": request_dict(request),
                }
            )
            if MODE == "hang":
                _stop.wait()  # accept and never answer
                context.abort(grpc.StatusCode.UNAVAILABLE, "server stopping")
            if MODE == "refuse-key" or (
                metadata.get("auth-key-id"),
                metadata.get("auth-key"),
            ) != (TEST_KEY_ID, TEST_KEY_SECRET):
                context.abort(grpc.StatusCode.UNAUTHENTICATED, REFUSED_DETAIL)
            return behaviour(request, context)

        if handler.response_streaming:
            behaviour = handler.unary_stream
            return grpc.unary_stream_rpc_method_handler(
                gated, handler.request_deserializer, handler.response_serializer
            )
        behaviour = handler.unary_unary
        return grpc.unary_unary_rpc_method_handler(
            gated, handler.request_deserializer, handler.response_serializer
        )


class Controller(pb_grpc.IsolateControllerServicer):
    def ListAliases(self, request, context):
        # fal/cli/deploy_check.py _get_production_alias -> client.apps.list: before
        # any registration there are no aliases, so the CLI treats the deploy as a
        # first deployment. After one, `fal apps list` (sdk.py list_aliases) sees it.
        # An environment filters; none means main (the real server's rule for an
        # absent environment is not public).
        want = request.environment_name or "main"
        with _aliases_lock:
            found = [a for a in _aliases.values() if (a.environment_name or "main") == want]
        return pb.ListAliasesResult(aliases=found)

    def BuildEnvironment(self, request, context):
        # fal/api/api.py FalServerlessHost.build_environment: stream logs, then a
        # terminal status; INTERNAL_FAILURE raises "An internal failure occurred
        # while building the environment."
        yield pb.BuildEnvironmentResult(env_id="env-test", logs=[log("Resolving environment")])
        if MODE == "fail-build":
            yield pb.BuildEnvironmentResult(
                env_id="env-test",
                logs=[
                    log("ERROR: Could not find a version that satisfies the requirement nosuchpkg==9.9", "ERROR"),
                    log("ERROR: No matching distribution found for nosuchpkg==9.9", "ERROR"),
                ],
            )
            yield pb.BuildEnvironmentResult(
                env_id="env-test",
                status=pb.HostedRunStatus(state=pb.HostedRunStatus.INTERNAL_FAILURE),
            )
            return
        yield pb.BuildEnvironmentResult(
            env_id="env-test",
            logs=[log("Environment built")],
            status=pb.HostedRunStatus(state=pb.HostedRunStatus.SUCCESS),
        )

    def RegisterApplication(self, request, context):
        # fal/api/api.py FalServerlessHost.register returns the first partial
        # result that has `result`; fal/api/deploy.py then needs its
        # service_urls (playground/run/queue/log) to build the endpoint URLs.
        alias = request.application_name or REVISION
        # An unset auth_mode reads as PRIVATE (proto3 default 0), which is also what
        # fal displays for it (api/deploy.py).
        auth_mode = pb.ApplicationAuthMode.PRIVATE if MODE == "ok-private" else request.auth_mode
        if request.application_name:
            with _aliases_lock:
                _aliases[alias] = pb.AliasInfo(
                    alias=alias,
                    revision=REVISION,
                    auth_mode=auth_mode,
                    environment_name=request.environment_name,
                )
        yield pb.RegisterApplicationResult(logs=[log("Registering application")])
        yield pb.RegisterApplicationResult(
            logs=[log("Application registered")],
            result=pb.RegisterApplicationResultType(application_id=REVISION),
            service_urls=pb.ServiceURLs(
                playground=f"https://fal.ai/models/{USER['nickname']}/{alias}",
                run=f"https://fal.run/{USER['nickname']}/{alias}",
                queue=f"https://queue.fal.run/{USER['nickname']}/{alias}",
                ws=f"wss://ws.fal.run/{USER['nickname']}/{alias}",
                log=f"https://fal.ai/dashboard/logs?app={alias}",
            ),
        )


# --- REST ------------------------------------------------------------------


class Rest(BaseHTTPRequestHandler):
    """fal's REST API: only GET /users/current is known to be used by deploy
    (fal/sdk.py current_user_info, fal/cli/deploy_check.py
    _admin_requires_deploy_check). Anything else is recorded and 404s."""

    def _handle(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else None
        record(
            {
                "kind": "rest",
                "method": self.command,
                "path": self.path,
                "headers": public_headers(self.headers.items()),
                "body": body,
            }
        )
        if MODE == "hang":
            _stop.wait()
            return
        auth = self.headers.get("authorization", "")
        if MODE == "refuse-key" or auth != f"Key {TEST_KEY_ID}:{TEST_KEY_SECRET}":
            return self._json(401, {"detail": REFUSED_DETAIL})
        if self.command == "GET" and self.path.split("?")[0] == "/users/current":
            return self._json(200, USER)
        return self._json(404, {"detail": "Not Found"})

    def _json(self, status: int, payload: dict):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, *args):  # keep stderr quiet
        pass


def main() -> None:
    global MODE, _record_path
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["ok", "ok-private", "refuse-key", "fail-build", "hang"], default="ok")
    parser.add_argument("--record")
    args = parser.parse_args()
    MODE, _record_path = args.mode, args.record

    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), interceptors=[Gate()])
    pb_grpc.add_IsolateControllerServicer_to_server(Controller(), grpc_server)
    # fal in ISOLATE_TEST_MODE uses grpc.local_channel_credentials()
    # (fal/sdk.py LocalCredentials); the matching server side is local creds.
    grpc_port = grpc_server.add_secure_port("127.0.0.1:0", grpc.local_server_credentials())
    grpc_server.start()

    http = ThreadingHTTPServer(("127.0.0.1", 0), Rest)
    http.daemon_threads = True
    threading.Thread(target=http.serve_forever, daemon=True).start()

    print(json.dumps({"grpc": f"127.0.0.1:{grpc_port}", "rest": f"127.0.0.1:{http.server_port}"}), flush=True)

    # Stop on SIGTERM/SIGINT, or when the parent closes our stdin if that is a
    # pipe (so a crashed test run cannot leave the server behind).
    signal.signal(signal.SIGTERM, lambda *_: _stop.set())
    signal.signal(signal.SIGINT, lambda *_: _stop.set())
    mode = os.fstat(0).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):  # node uses socketpairs
        threading.Thread(target=lambda: (sys.stdin.read(), _stop.set()), daemon=True).start()
    _stop.wait()
    http.shutdown()
    grpc_server.stop(grace=0)


if __name__ == "__main__":
    main()
