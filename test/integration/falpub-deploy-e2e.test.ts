/**
 * `falpub deploy` end to end: the built falpub CLI runs the real, unmodified fal 1.83.0
 * (.venv) against the local control plane (test/control-plane/server.py) on 127.0.0.1.
 * Every app comes from `falpub init` and lives in its own git repo with one commit, so
 * falpub's provenance (message + GIT_SHA annotation) applies. HOME is a fresh temp dir
 * and the env holds nothing but what is set here: FAL_GRPC_HOST/FAL_REST_HOST point at
 * the local server, so nothing can reach fal's real hosts. FAL_KEY is set, so falpub's platform
 * check after the deploy asks the Platform API: the local imitation (test/support/platform-server.ts)
 * through FALPUB_*_URL, which knows the test key and the apps deployed here.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILLING_STRATEGIES, type BillingStrategy } from "../../src/core/vocabulary.js";
import {
  REPO_ROOT,
  TEST_FAL_KEY,
  TEST_KEY_ID,
  TEST_KEY_SECRET,
  TEST_REVISION,
  VENV_FAL,
  startControlPlane,
  type ControlPlaneMode,
  type RecordedRequest,
} from "../support/control-plane.js";
import { FIXTURES } from "../support/fal-env.js";
import { isAlive, pool, processesIn, runCli, type CliRun } from "../support/falpub-e2e.js";
import { commitAll } from "../support/git.js";
import { assertLoopback } from "../support/platform-harness.js";
import { OWNER, startPlatformServer, type PlatformServer } from "../support/platform-server.js";

let work: string;
let home: string;
/** The built CLI (the global setup builds dist/ once). */
const cli = path.join(REPO_ROOT, "bin", "falpub.js");

// Per scaffold: a pretty run whose manifest carries the environment (and strategy
// rolling, as init writes it) and a --json run whose flags carry them instead.
const PRETTY_ENV = "e2e-manifest-env";
const JSON_ENV = "staging";
const kebab = (s: string) => s.replace(/_/g, "-");

/** Results of the runs made up front, by name. */
const runs = new Map<string, Deploy>();
const rerecorded = new Map<string, { status: number | null; stdout: string; stderr: string }>();
let failApp: App;
let platform: PlatformServer;

/** The Platform API's view of what this file deploys: TEST_REVISION current, shared (e2e-failures private, like the ok-private plane). */
function registerApps(server: PlatformServer): void {
  const s = server.state;
  s.keys[TEST_FAL_KEY] = { owner: OWNER, scope: "ADMIN" };
  const apps: Array<[string, string, "shared" | "private"]> = [
    ...BILLING_STRATEGIES.flatMap((st): Array<[string, string, "shared"]> => [[`e2e-${kebab(st)}-pretty`, PRETTY_ENV, "shared"], [`e2e-${kebab(st)}-json`, JSON_ENV, "shared"]]),
    ["e2e-failures", JSON_ENV, "private"],
  ];
  s.apps = apps.map(([name, environment, auth_mode]) => ({ name, owner: OWNER, environment, auth_mode }));
  for (const [name] of apps) s.revisions[`${OWNER}/${name}`] = [{ revision_id: TEST_REVISION, created_at: new Date().toISOString(), is_current: true, message: null, annotations: null, status: "deployed", deployed_by: OWNER }];
}
const urlsOf = (name: string) => ({ run: `${platform.url}/run/${OWNER}/${name}`, queue: `${platform.url}/queue/${OWNER}/${name}`, playground: `https://fal.ai/models/${OWNER}/${name}` });

beforeAll(async () => {
  platform = await startPlatformServer();
  assertLoopback(platform.env());
  registerApps(platform);
  const setup = spawnSync("bash", [path.join(REPO_ROOT, "test/support/setup-fal-venv.sh")], { stdio: "inherit" });
  if (setup.status !== 0) throw new Error("test/support/setup-fal-venv.sh failed");
  work = realpathSync(mkdtempSync(path.join(tmpdir(), "falpub-e2e-")));
  home = path.join(work, "home");
  mkdirSync(home);

  const tasks: Array<() => Promise<void>> = BILLING_STRATEGIES.flatMap((strategy) => [
    async () => {
      const name = `e2e-${kebab(strategy)}-pretty`;
      const app = await scaffold(strategy, name, (y) => y.replace(/^( {2}strategy: rolling)$/m, `$1\n  environment: ${PRETTY_ENV}`));
      runs.set(name, await deployWith("ok", app, ["--reset-scale"]));
    },
    async () => {
      const name = `e2e-${kebab(strategy)}-json`;
      const app = await scaffold(strategy, name);
      runs.set(name, await deployWith("ok", app, ["--strategy", "recreate", "--reset-scale", "--env", JSON_ENV, "--json"]));
    },
  ]);
  failApp = await scaffold("per_request", "e2e-failures");
  tasks.push(
    async () => void runs.set("refuse-key", await deployWith("refuse-key", failApp, ["--json"])),
    async () => void runs.set("fail-build", await deployWith("fail-build", failApp, ["--json"])),
    // A platform that registers the alias private although fal asked for shared.
    async () => void runs.set("ok-private", await deployWith("ok-private", failApp, ["--env", JSON_ENV])),
    ...["deployed", "deployed-json"].map((name) => async () => void rerecorded.set(name, await rerecord(name))),
  );
  // Two cores: a few at a time keeps each fal well inside its own timeouts.
  const settled = await pool(4, tasks);
  const failed = settled.filter((r) => r.status === "rejected");
  if (failed.length) throw (failed[0] as PromiseRejectedResult).reason;
}, 240_000);

afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  await platform?.close();
});

/** Only what falpub and fal need; the developer's own FAL_* setup never leaks in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    // node for falpub, git for provenance; fal itself comes from --fal.
    PATH: [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
    HOME: home,
    LANG: "C.UTF-8",
    TZ: "UTC",
    NO_COLOR: "1",
    ...extra,
  };
}

/** `falpub init <dir> --billing <s> --name <name>` (through the built CLI), then edit, then one commit. */
interface App {
  dir: string;
  sha: string;
  subject: string;
  name: string;
}

async function scaffold(strategy: BillingStrategy, name: string, editManifest?: (yaml: string) => string): Promise<App> {
  const dir = path.join(work, name);
  const init = await runCli(cli, ["init", dir, "--billing", strategy, "--name", name], { cwd: work, env: cleanEnv() });
  expect(init.code, init.stderr).toBe(0);
  if (editManifest) {
    const file = path.join(dir, "falpub.yaml");
    writeFileSync(file, editManifest(readFileSync(file, "utf8")));
  }
  const subject = `Scaffold ${name}`;
  const sha = commitAll(dir, subject);
  return { dir, sha, subject, name };
}

interface Deploy extends App {
  run: CliRun;
  requests: RecordedRequest[];
}

/** One control plane per run: its record file then holds exactly this run's requests. */
async function deployWith(
  mode: ControlPlaneMode,
  app: App,
  args: string[],
  hooks: { onSpawn?: (pid: number) => void } = {},
): Promise<Deploy> {
  const plane = await startControlPlane({ mode });
  try {
    const run = await runCli(cli, ["deploy", "--fal", VENV_FAL, ...args], { cwd: app.dir, env: cleanEnv({ ...plane.env, ...platform.env() }), onSpawn: hooks.onSpawn });
    return { run, requests: await plane.requests(), ...app };
  } finally {
    await plane.stop();
  }
}

// The app test/control-plane/record.sh deploys too.
const RECORDED_APP = readFileSync(path.join(REPO_ROOT, "test/control-plane/app.py"), "utf8");

/** Run a fixture's recorded `cmd` with the real fal against a fresh `ok` control plane, as record.sh does. */
async function rerecord(name: string) {
  const cmd = readFileSync(path.join(FIXTURES, name, "cmd"), "utf8").trim().split(" ");
  // The recorded args are plain words (no quoting), so splitting on spaces is exact.
  if (cmd[0] !== "fal" || cmd[1] !== "deploy") throw new Error(`${name}/cmd is not a fal deploy: ${cmd.join(" ")}`);
  const app = path.join(work, `recorded-${name}`);
  mkdirSync(app);
  writeFileSync(path.join(app, "app.py"), RECORDED_APP);
  const plane = await startControlPlane({ mode: "ok" });
  try {
    // record.sh's environment, exactly (env -i ...): NO_COLOR or LANG would change the bytes.
    const env = { PATH: "/usr/bin:/bin", HOME: home, TZ: "UTC", ...plane.env, FAL_KEY: TEST_FAL_KEY };
    return await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      execFile(VENV_FAL, cmd.slice(1), { cwd: app, env, encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") return reject(err);
        resolve({ status: err ? (err.code as unknown as number) : 0, stdout, stderr });
      });
    });
  } finally {
    await plane.stop();
  }
}

type Grpc = Extract<RecordedRequest, { kind: "grpc" }>;
const grpcCalls = (reqs: RecordedRequest[], method: string) => reqs.filter((r): r is Grpc => r.kind === "grpc" && r.method === method);

/** What reached the platform: one RegisterApplication carrying every setting falpub passed. */
function expectRegistration(d: Deploy, want: { env: string; strategy: "ROLLING" | "RECREATE" }) {
  // fal deploy's own calls only: the platform check after it went to the Platform API, not to a second fal.
  expect(d.requests.map((r) => r.method)).toEqual(["ListAliases", "BuildEnvironment", "RegisterApplication"]);
  const [reg] = grpcCalls(d.requests, "RegisterApplication");
  expect(reg!.metadata["auth-key-id"]).toBe(TEST_KEY_ID);
  const r = reg!.request!;
  expect(r.authMode).toBe("SHARED");
  // fal suffixes the alias with a non-main environment (sdk.py construct_alias).
  expect(r.applicationName).toBe(`${d.name}--${want.env}`);
  expect(r.environmentName).toBe(want.env);
  expect(r.deploymentStrategy).toBe(want.strategy);
  expect(r.scale).toBe(true); // --reset-scale; proto3 drops false, so absent without it
  expect(r.metadata.message).toBe(`${d.subject} (${d.sha.slice(0, 12)})`);
  expect(r.metadata.annotations).toEqual({ GIT_SHA: d.sha });
  expect(r.sourceCode).toBe(readFileSync(path.join(d.dir, "app.py"), "utf8"));
}

function expectNoSecret(run: CliRun) {
  expect(run.stdout + run.stderr).not.toContain(TEST_KEY_SECRET);
}

describe("falpub deploy: every `falpub init` scaffold deploys through the real fal", () => {
  it("the scaffold manifests were edited as intended (so the pretty runs take env from the manifest)", () => {
    for (const strategy of BILLING_STRATEGIES) {
      const yaml = readFileSync(path.join(work, `e2e-${kebab(strategy)}-pretty`, "falpub.yaml"), "utf8");
      expect(yaml).toMatch(new RegExp(`^  environment: ${PRETTY_ENV}$`, "m"));
      expect(yaml).toMatch(/^  strategy: rolling$/m);
    }
  });

  describe.each(BILLING_STRATEGIES.map((s) => [s]))("%s", (strategy) => {
    it("pretty: exit 0, the server's revision and the checklist on stdout; env and strategy from the manifest reach the platform", () => {
      const d = runs.get(`e2e-${kebab(strategy)}-pretty`)!;
      expect(d.run.code, d.run.stderr).toBe(0);
      expect(d.run.stdout).toContain(`✔ Deployed ${d.name}, revision ${TEST_REVISION} (deployed)`);
      expect(d.run.stdout).toContain("Publishing checklist");
      expect(d.run.stdout).toMatch(/✔ done +Deployed in shared mode\n +revision 00000000-0000-4000-8000-00000000c0de of /);
      // The platform's own view, from the Platform API (the local imitation): auth mode, endpoint id, URLs.
      expect(d.run.stdout).toMatch(new RegExp(`✔ done +Deployed in shared mode\\n(?: +.*\\n)*? +platform: auth_mode shared, revision ${TEST_REVISION}\\n`));
      const u = urlsOf(d.name);
      expect(d.run.stdout).toContain(`✔ Deployed ${d.name}, revision ${TEST_REVISION} (deployed)\n    endpoint id ${OWNER}/${d.name}\n    run:        ${u.run}\n    queue:      ${u.queue}\n    playground: ${u.playground}\n`);
      expect(d.run.stdout).toMatch(/✔ done +Health check/);
      // fal's own progress streams through; its JSON line is for falpub only.
      expect(d.run.stdout).toContain("✓ Build complete");
      expect(d.run.stdout).not.toContain('"revision"');
      expect(d.run.stdout).toContain(`--env ${PRETTY_ENV}`); // the "Running:" line
      expectNoSecret(d.run);
      expectRegistration(d, { env: PRETTY_ENV, strategy: "ROLLING" });
    });

    it("--json: exit 0, stdout is one JSON document with the deployed outcome and checklist; fal's output on stderr", () => {
      const d = runs.get(`e2e-${kebab(strategy)}-json`)!;
      expect(d.run.code, d.run.stderr).toBe(0);
      const doc = JSON.parse(d.run.stdout); // throws unless stdout is exactly one document
      expect(doc.schemaVersion).toBe(1);
      expect(doc.outcome).toEqual({ kind: "deployed", appName: d.name, revision: TEST_REVISION, status: "deployed", exitCode: 0 });
      expect(doc.fal.version).toBe("1.83.0");
      expect(doc.argv).toEqual(expect.arrayContaining(["--app-name", d.name, "--auth", "shared", "--strategy", "recreate", "--reset-scale", "--env", JSON_ENV, "--json", "--yes"]));
      const ids = doc.checklist.map((i: { id: string }) => i.id);
      expect(ids).toEqual(expect.arrayContaining(["deployed-shared", "billing-header", "health-check", "scaling", "model-card", "unit-price"]));
      const item = (id: string) => doc.checklist.find((i: { id: string }) => i.id === id);
      expect(item("deployed-shared")).toMatchObject({ status: "done", evidence: expect.arrayContaining([`revision ${TEST_REVISION} of ${d.name} (deployed)`]) });
      expect(doc.platform).toEqual({ authMode: "shared", revision: TEST_REVISION, endpointId: `${OWNER}/${d.name}`, owner: OWNER, urls: urlsOf(d.name) });
      expect(item("deployed-shared").evidence).toContain(`platform: auth_mode shared, revision ${TEST_REVISION}`);
      expect(item("billing-header").status).toBe("done");
      expect(item("health-check").status).toBe("done");
      expect(d.run.stderr).toContain(`Deploying '`);
      expect(d.run.stderr).toContain("✓ Build complete");
      expect(d.run.stderr).toContain(`"revision": "${TEST_REVISION}"`); // fal's own JSON line
      expectNoSecret(d.run);
      expectRegistration(d, { env: JSON_ENV, strategy: "RECREATE" });
    });
  });
});

describe("falpub deploy: failures of the real fal map to typed outcomes", () => {
  const refuse = () => runs.get("refuse-key")!;
  const failBuild = () => runs.get("fail-build")!;

  it("refuse-key: exit 3, outcome not-authenticated, the human message on stderr, nothing registered", () => {
    expect(refuse().run.code, refuse().run.stderr).toBe(3);
    const doc = JSON.parse(refuse().run.stdout);
    expect(doc.outcome.kind).toBe("not-authenticated");
    expect(doc.outcome.tail.at(-1)).toBe("✘ No user found for Key ID and Secret");
    expect(doc.checklist.find((i: { id: string }) => i.id === "deployed-shared").status).toBe("failed");
    expect(refuse().run.stderr).toContain("✖ fal is not authenticated.");
    expect(refuse().run.stderr).toContain("Set FAL_KEY=<key_id>:<key_secret>");
    expect(grpcCalls(refuse().requests, "RegisterApplication")).toEqual([]);
    expect(refuse().requests.length).toBeGreaterThan(0); // it did reach the (local) platform
    expectNoSecret(refuse().run);
  });

  it("fail-build: exit 3, outcome failed, the tail holds the build's error lines", () => {
    expect(failBuild().run.code, failBuild().run.stderr).toBe(3);
    const doc = JSON.parse(failBuild().run.stdout);
    expect(doc.outcome).toMatchObject({ kind: "failed", exitCode: 1 });
    const tail: string = doc.outcome.tail.join("\n");
    expect(tail).toContain("ERROR: Could not find a version that satisfies the requirement nosuchpkg==9.9");
    expect(tail).toContain("ERROR: No matching distribution found for nosuchpkg==9.9");
    expect(doc.outcome.tail.at(-1)).toBe("✘ An internal failure occurred while building the environment.");
    expect(tail).not.toContain("\u001b"); // ANSI stripped
    expect(failBuild().run.stderr).toContain("✖ fal deploy failed (exit 1)");
    expect(grpcCalls(failBuild().requests, "BuildEnvironment")).toHaveLength(1);
    expect(grpcCalls(failBuild().requests, "RegisterApplication")).toEqual([]);
  });

  it("ok-private: the deploy succeeds but the platform registered the alias private → exit 3, told how to fix it", () => {
    const d = runs.get("ok-private")!;
    expect(d.run.code, d.run.stderr).toBe(3);
    expect(d.run.stdout).toContain(`✔ Deployed ${d.name}, revision ${TEST_REVISION}`);
    expect(d.run.stdout).toMatch(/✖ failed Deployed in shared mode\n(?: +.*\n)*? +platform: auth_mode private, revision /);
    expect(d.run.stderr).toContain(`falpub: ${d.name} is live but NOT shared: the platform reports auth_mode private. Run \`fal apps set-rev ${d.name} ${TEST_REVISION} --auth shared --env ${JSON_ENV}\``);
    // fal did ask for shared; the platform's answer is what falpub judged.
    expect(grpcCalls(d.requests, "RegisterApplication")[0]!.request!.authMode).toBe("SHARED");
    expect(d.requests.map((r) => r.method).at(-1)).toBe("RegisterApplication");
  });

  it("hang: --timeout 3 exits 3 with outcome timeout within ~10 s, and no fal process is left", async () => {
    // Alone (after the others): its timing must not depend on CPU contention.
    const seen = new Map<number, string[]>();
    const parents = new Map<number, number>();
    let falpubPid = -1;
    const watch = setInterval(() => {
      for (const p of processesIn(failApp.dir)) if (p.pid !== falpubPid) (seen.set(p.pid, p.cmdline), parents.set(p.pid, p.ppid));
    }, 50);
    let d: Deploy;
    try {
      d = await deployWith("hang", failApp, ["--timeout", "3", "--json"], { onSpawn: (pid) => (falpubPid = pid) });
    } finally {
      clearInterval(watch);
    }
    expect(d.run.code, d.run.stderr).toBe(3);
    expect(d.run.ms).toBeLessThan(10_000);
    const doc = JSON.parse(d.run.stdout);
    expect(doc.outcome).toMatchObject({ kind: "timeout", timeoutMs: 3000 });
    expect(d.run.stderr).toContain("fal did not finish within 3 s and was stopped");
    // fal is stopped while starting up or while waiting on its first call (ListAliases),
    // which the server never answers: on a busy 2-core machine 3 s is about fal's own
    // start-up, so either is possible; nothing past it ever is.
    expect([[], ["ListAliases"]]).toContainEqual(d.requests.map((r) => r.method));
    // The watcher saw the real `fal deploy` child; it and every other process in the app dir are gone.
    // falpub started one. A child between fork and exec still shows its parent's command line:
    // a fork of fal (fal's child), or one of falpub's git children, which shows falpub's own
    // (`node …/falpub.js deploy --fal …/fal`) when the watcher sees it before git's exec.
    const isFalDeploy = (argv: string[]) => argv.includes("deploy") && argv.some((a) => a.endsWith("/fal")) && !argv.some((a) => a.endsWith("falpub.js"));
    const deployPids = [...seen].filter(([pid, argv]) => parents.get(pid) === falpubPid && isFalDeploy(argv)).map(([pid]) => pid);
    expect(deployPids.length).toBe(1);
    for (const pid of [falpubPid, ...seen.keys()]) expect(isAlive(pid), `pid ${pid} ${seen.get(pid)?.join(" ")}`).toBe(false);
    expect(processesIn(failApp.dir)).toEqual([]);
    // Status 1 = no process matched (2 would be a usage error, hence the "--").
    const pgrep = spawnSync("pgrep", ["-f", "--", `--app-name ${failApp.name}`], { encoding: "utf8" });
    expect({ status: pgrep.status, stdout: pgrep.stdout }).toEqual({ status: 1, stdout: "" });
  });
});

describe("the recorded fal 1.83.0 fixtures are still what the real CLI prints", () => {
  it("VERSION says 1.83.0, which is what .venv/bin/fal --version prints", () => {
    const recorded = readFileSync(path.join(FIXTURES, "VERSION"), "utf8").trim();
    expect(recorded).toBe("1.83.0");
    const r = spawnSync(VENV_FAL, ["--version"], { env: cleanEnv(), encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(recorded);
  });

  it.each(["deployed", "deployed-json"])("%s: re-running its cmd against the control plane prints the recorded bytes", (name) => {
    const dir = path.join(FIXTURES, name);
    const r = rerecorded.get(name)!;
    expect(String(r.status)).toBe(readFileSync(path.join(dir, "exit_code"), "utf8").trim());
    expect(String(r.stdout).replaceAll(work, "/TMP")).toBe(readFileSync(path.join(dir, "stdout"), "utf8"));
    expect(String(r.stderr)).toBe(readFileSync(path.join(dir, "stderr"), "utf8"));
  });
});
