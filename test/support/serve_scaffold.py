"""Load and serve scaffolded falpub apps in-process with the real fal SDK, offline.

Usage: python serve_scaffold.py SPEC.json RESULT.json

SPEC is {"projects": [{"strategy", "dir", "className", "appName", "cases": [<input>...]}]}.
For each project this script
  1. imports app.py the way fal does (runpy) and reports the class's attributes;
  2. builds the FastAPI app fal serves (App._build_app), runs its lifespan (which calls
     setup()) through Starlette's TestClient, POSTs every case to "/" and POSTs "/health";
  3. runs fal deploy's own preparation (fal.api.deploy.prepare_deployment) for the
     pyproject app name and for "app.py::Class" with auth="shared": it loads the file,
     wraps the app and builds its OpenAPI metadata without contacting any server.
Assertions live in the TypeScript test; this script only reports what happened.
fal's own prints go to stderr so nothing here depends on stdout.
"""

import contextlib
import json
import os
import runpy
import sys
import traceback

# Never reach fal's hosts: point every host at a closed local port, no credentials.
os.environ.update(
    {
        "ISOLATE_AUTH_DISABLED": "1",
        "ISOLATE_TEST_MODE": "1",
        "FAL_GRPC_HOST": "127.0.0.1:1",
        "FAL_REST_HOST": "127.0.0.1:1",
    }
)
for name in ("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET", "FAL_HOST", "FAL_PROFILE"):
    os.environ.pop(name, None)

import fal  # noqa: E402
import fal.project  # noqa: E402
from fal.api.client import SyncServerlessClient  # noqa: E402
from fal.api.deploy import prepare_deployment  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402


def clear_fal_caches() -> None:
    # fal caches the project root and pyproject per process (keyed without the cwd).
    for fn in ("find_project_root", "_load_toml", "_cached_resolve"):
        getattr(getattr(fal.project, fn), "cache_clear", lambda: None)()


def loader_facts(prepared) -> dict:
    loaded = prepared.loaded
    host = loaded.function.options.host
    health = host.get("health_check_config")
    return {
        "appName": loaded.app_name,
        "appAuth": loaded.app_auth,
        "className": loaded.class_name,
        "deploymentStrategy": prepared.app_data.deployment_strategy,
        "machineType": host.get("machine_type"),
        "healthCheckPath": getattr(health, "path", None),
        "healthCheckMethod": getattr(health, "method", None),
    }


def run_project(project: dict) -> dict:
    os.chdir(project["dir"])
    clear_fal_caches()
    result: dict = {"strategy": project["strategy"]}

    module = runpy.run_path("app.py")
    cls = module[project["className"]]
    result["isFalApp"] = isinstance(cls, type) and issubclass(cls, fal.App) and cls is not fal.App
    result["appAuth"] = cls.app_auth
    result["appName"] = cls.app_name
    result["machineType"] = cls.machine_type
    config = cls.get_health_check_config()
    result["healthCheck"] = None if config is None else {
        "path": config.path,
        "method": config.method,
        "startPeriodSeconds": config.start_period_seconds,
        "timeoutSeconds": config.timeout_seconds,
        "failureThreshold": config.failure_threshold,
    }

    app = cls(_allow_init=True)
    result["openapi"] = app.openapi()
    responses = []
    with TestClient(app._build_app()) as client:  # entering runs the lifespan: setup()
        for case in project["cases"]:
            response = client.post("/", json=case)
            responses.append(
                {
                    "status": response.status_code,
                    "billableUnits": response.headers.get("x-fal-billable-units"),
                    "body": response.json(),
                }
            )
        health = client.post("/health")
        result["health"] = {
            "status": health.status_code,
            "body": health.json(),
            "billableUnits": health.headers.get("x-fal-billable-units"),
        }
    result["responses"] = responses

    fal_client = SyncServerlessClient(host="127.0.0.1:1")
    result["loadByName"] = loader_facts(prepare_deployment(fal_client, project["appName"]))
    clear_fal_caches()
    result["loadByRef"] = loader_facts(
        prepare_deployment(fal_client, f"app.py::{project['className']}", auth="shared")
    )
    return result


def main() -> None:
    spec_path, result_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    results = []
    for project in spec["projects"]:
        try:
            with contextlib.redirect_stdout(sys.stderr):
                results.append(run_project(project))
        except Exception:
            results.append({"strategy": project["strategy"], "error": traceback.format_exc()})
    with open(result_path, "w") as f:
        json.dump({"fal": fal.__version__, "results": results}, f)


if __name__ == "__main__":
    main()
