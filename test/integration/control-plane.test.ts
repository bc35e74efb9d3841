// The real, unmodified `fal deploy` (fal 1.83.0 in .venv) against the local
// control plane in test/control-plane/server.py. Nothing leaves 127.0.0.1.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  REPO_ROOT,
  TEST_KEY_ID,
  TEST_REVISION,
  VENV_FAL,
  startControlPlane,
  type ControlPlane,
  type ControlPlaneMode,
  type RecordedRequest,
} from "../support/control-plane.js";

// The app test/control-plane/record.sh deploys too.
const APP_PY = readFileSync(path.join(REPO_ROOT, "test/control-plane/app.py"), "utf8");

const DEPLOY_ARGS = [
  "deploy",
  "app.py::MyApp",
  "--auth",
  "shared",
  "--strategy",
  "rolling",
  "--reset-scale",
  "--message",
  "m",
  "--annotation",
  "GIT_SHA=abc",
  // fal sends --env as environment_name and suffixes the alias: my-app--staging
  // (fal/sdk.py construct_alias); the JSON result keeps the bare app name.
  "--env",
  "staging",
  "--yes",
];

let work: string;
let appDir: string;
let home: string;
let plane: ControlPlane | undefined;

beforeAll(() => {
  const setup = path.join(REPO_ROOT, "test/support/setup-fal-venv.sh");
  if (existsSync(setup)) {
    const r = spawnSync("bash", [setup], { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`${setup} failed`);
  }
  if (!existsSync(VENV_FAL)) throw new Error(`no fal CLI at ${VENV_FAL}`);
  work = mkdtempSync(path.join(tmpdir(), "falpub-cp-test-"));
  appDir = path.join(work, "app");
  home = path.join(work, "home");
  mkdirSync(appDir);
  mkdirSync(home);
  writeFileSync(path.join(appDir, "app.py"), APP_PY);
});

afterEach(async () => {
  await plane?.stop();
  plane = undefined;
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A clean env: nothing from the developer's own fal setup leaks in. */
function falEnv(p: ControlPlane): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, TZ: "UTC", ...p.env };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runFal(p: ControlPlane, args: string[], timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(VENV_FAL, args, { cwd: appDir, env: falEnv(p) });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function start(mode: ControlPlaneMode): Promise<ControlPlane> {
  plane = await startControlPlane({ mode });
  return plane;
}

function grpcCalls(reqs: RecordedRequest[], method: string) {
  return reqs.filter((r) => r.kind === "grpc" && r.method === method) as Extract<
    RecordedRequest,
    { kind: "grpc" }
  >[];
}

function expectRegistration(reqs: RecordedRequest[]) {
  const [reg] = grpcCalls(reqs, "RegisterApplication");
  expect(reg, "RegisterApplication was called").toBeDefined();
  expect(reg.metadata["auth-key-id"]).toBe(TEST_KEY_ID);
  expect(reg.metadata["auth-key"]).toBe("<redacted>");
  const r = reg.request!;
  expect(r.applicationName).toBe("my-app--staging");
  expect(r.environmentName).toBe("staging");
  expect(r.authMode).toBe("SHARED");
  expect(r.deploymentStrategy).toBe("ROLLING");
  expect(r.scale).toBe(true); // --reset-scale
  expect(r.metadata.message).toBe("m");
  expect(r.metadata.annotations).toEqual({ GIT_SHA: "abc" });
  expect(r.sourceCode).toBe(APP_PY);
}

describe("real fal deploy against the local control plane", () => {
  it("deploys with --json: the last stdout line carries the server's revision", async () => {
    const p = await start("ok");
    const run = await runFal(p, [...DEPLOY_ARGS, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const last = run.stdout.trimEnd().split("\n").at(-1)!;
    expect(JSON.parse(last)).toEqual({
      revision: TEST_REVISION,
      app_name: "my-app",
      status: "deployed",
    });

    const reqs = await p.requests();
    // The order the CLI talks to the controller in (fal/cli/deploy.py, api/deploy.py).
    expect(reqs.map((r) => r.method)).toEqual([
      "ListAliases",
      "BuildEnvironment",
      "RegisterApplication",
    ]);
    expect(grpcCalls(reqs, "ListAliases")[0].request).toEqual({ environmentName: "staging" });
    expect(grpcCalls(reqs, "BuildEnvironment")[0].request!.applicationName).toBe("my-app--staging");
    expectRegistration(reqs);
    // The secret never reaches the record file.
    expect(JSON.stringify(reqs)).not.toContain("test-key-secret");
  });

  it("deploys in pretty mode: summary with auth, URLs and build logs", async () => {
    const p = await start("ok");
    const run = await runFal(p, DEPLOY_ARGS);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(run.stdout).toContain("Resolving environment");
    expect(run.stdout).toContain("Deployed successfully");
    expect(run.stdout).toContain("Auth: shared");
    expect(run.stdout).toContain("https://fal.run/test-user/my-app--staging/");
    expect(run.stdout).not.toContain('"revision"');
    expectRegistration(await p.requests());
  });

  it("uses the REST API (GET /users/current) with the key when a team is given", async () => {
    const p = await start("ok");
    const run = await runFal(p, [...DEPLOY_ARGS, "--team", "test-user", "--json"]);
    expect(run.code).toBe(0);
    const rest = (await p.requests()).filter((r) => r.kind === "rest");
    expect(rest.length).toBeGreaterThan(0);
    for (const r of rest) {
      expect(r.kind === "rest" && [r.method, r.path]).toEqual(["GET", "/users/current"]);
      expect(r.kind === "rest" && r.headers.authorization).toBe(`Key ${TEST_KEY_ID}:<redacted>`);
    }
  });

  it("refuse-key: the gRPC UNAUTHENTICATED details are printed, exit 1", async () => {
    const p = await start("refuse-key");
    const run = await runFal(p, [...DEPLOY_ARGS, "--json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✘ No user found for Key ID and Secret");
    expect(run.stdout).not.toContain('"revision"');
    expect(grpcCalls(await p.requests(), "RegisterApplication")).toEqual([]);
  });

  it("refuse-key with a team: the REST 401 stops it before the build", async () => {
    const p = await start("refuse-key");
    const run = await runFal(p, [...DEPLOY_ARGS, "--team", "test-user"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✘ Failed to fetch user info: HTTP Error 401: Unauthorized");
    expect((await p.requests()).every((r) => r.kind === "rest")).toBe(true);
  });

  it("fail-build: build log lines, then the failure, exit 1, nothing registered", async () => {
    const p = await start("fail-build");
    const run = await runFal(p, [...DEPLOY_ARGS, "--json"]);
    expect(run.code).toBe(1);
    const tail = run.stdout.trimEnd().split("\n").slice(-3).join("\n");
    expect(tail).toContain("No matching distribution found for nosuchpkg==9.9");
    expect(tail).toContain("✘ An internal failure occurred while building the environment.");
    expect(grpcCalls(await p.requests(), "RegisterApplication")).toEqual([]);
  });

  it("hang: the call reaches the server and never returns; killing fal leaves no process", async () => {
    const p = await start("hang");
    const child = spawn(VENV_FAL, [...DEPLOY_ARGS, "--json"], { cwd: appDir, env: falEnv(p) });
    const closed = new Promise<NodeJS.Signals | null>((res) => child.on("close", (_c, s) => res(s)));
    // Wait until the server has the first call, then give fal a few seconds more.
    const deadline = Date.now() + 15_000;
    while ((await p.requests()).length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await p.requests()).map((r) => r.method)).toEqual(["ListAliases"]);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(child.exitCode).toBeNull(); // still waiting on our server
    child.kill("SIGKILL");
    expect(await closed).toBe("SIGKILL");
    expect(() => process.kill(child.pid!, 0)).toThrow(/ESRCH/);
  });
});
