// `falpub deploy` through the built bin with the fake fal (test/support/fake-fal.mjs), which
// records argv/cwd/env and replays outputs recorded from the real fal 1.83.0.
import { execa } from "execa";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FIXTURES, makeFakeFal, type FakeFal } from "../support/fal-env.js";
import { BIN, edit, ensureBuilt, falpub, STACK_FRAME, tempDirs } from "./helpers.js";
import { APP_REF, BASE_ARGV, copyBase, DEFAULT_ARGV, deployWith, gitCommit, pidsWithEnv, scaffoldBase } from "./deploy-helpers.js";

const dirs = tempDirs();
const fakes: FakeFal[] = [];
let base: string;
const REVISION = "00000000-0000-4000-8000-00000000c0de"; // in test/fixtures/fal-1.83.0/deployed-json

beforeAll(async () => {
  await ensureBuilt();
  base = await scaffoldBase(dirs.make());
});
afterAll(() => {
  dirs.cleanup();
  for (const f of fakes) f.cleanup();
});

const app = () => copyBase(base, () => dirs.make());
const deploy = (args: string[], opts: Omit<Parameters<typeof deployWith>[1], "fakes" | "cwd"> & { cwd?: string } = {}) =>
  deployWith(args, { cwd: opts.cwd ?? app(), fakes, ...opts });

describe("falpub deploy: the argv fal gets", () => {
  // [falpub flags, exact argv of `fal deploy`] with the plain scaffold (no git repo). Flags
  // that cannot interact share a run (falpub starts in ~0.5 s); pairs where the last wins do not.
  const cases: Array<[string[], string[]]> = [
    [["--strategy", "recreate", "--no-scale", "--message=-starts-with-dash"], ["deploy", APP_REF, "--app-name", "demo-app", "--auth", "shared", "--strategy", "recreate", "--no-scale", "--message=-starts-with-dash", "--json", "--yes"]],
    [["--attach", "--detach"], [...BASE_ARGV, "--detach", "--json", "--yes"]],
    [["--detach", "--attach"], [...BASE_ARGV, "--attach", "--json", "--yes"]],
    [["--reset-scale", "--no-scale"], [...BASE_ARGV, "--no-scale", "--json", "--yes"]],
    [["--no-scale", "--reset-scale"], [...BASE_ARGV, "--reset-scale", "--json", "--yes"]],
    [["app.py"], ["deploy", "app.py", "--app-name", "demo-app", "--auth", "shared", "--strategy", "rolling", "--json", "--yes"]],
    // An app-name ref: fal rejects --app-name/--auth with it, and takes strategy from pyproject.
    [["demo-app"], ["deploy", "demo-app", "--json", "--yes"]],
  ];
  test.concurrent.each(cases)("falpub deploy %j", async (args, argv) => {
    const r = await deploy(args);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys).toHaveLength(1);
    expect(r.deploys[0]!.argv).toEqual(argv);
  });

  test.concurrent("every other flag in one run, in fal's order; --yes and --json are passed anyway", async () => {
    const r = await deploy([
      "--output", "pretty", "--check", "--team", "acme", "--env", "staging", "--annotation", "A=1", "--annotation", "B=x=y", "--message", "first release",
      "--force-env-build", "--no-cache", "--auth", "shared", "--app-name", "other-name", "--yes",
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys[0]!.argv).toEqual([
      "deploy", APP_REF, "--app-name", "other-name", "--auth", "shared", "--strategy", "rolling", "--no-cache", "--force-env-build",
      "--message", "first release", "--annotation", "A=1", "--annotation", "B=x=y", "--env", "staging", "--team", "acme", "--json", "--check", "--yes",
    ]);
    expect(r.stderr).toMatch(/note: --force-env-build is deprecated by fal; use --no-cache/);
  });

  test.concurrent("manifest values fill what flags leave out; flags win", async () => {
    const dir = app();
    edit(path.join(dir, "falpub.yaml"), "  strategy: rolling\n", "  strategy: recreate\n  team: acme\n  environment: staging\n  reset_scale: true\n");
    const fromManifest = await deploy([], { cwd: dir });
    expect(fromManifest.exitCode, fromManifest.stderr).toBe(0);
    expect(fromManifest.deploys[0]!.argv).toEqual(["deploy", APP_REF, "--app-name", "demo-app", "--auth", "shared", "--strategy", "recreate", "--reset-scale", "--env", "staging", "--team", "acme", "--json", "--yes"]);
    const flagsWin = await deploy(["--strategy", "rolling", "--no-scale", "--env", "prod", "--team", "other", "--app-name", "demo-two"], { cwd: dir });
    expect(flagsWin.exitCode, flagsWin.stderr).toBe(0);
    expect(flagsWin.deploys[0]!.argv).toEqual(["deploy", APP_REF, "--app-name", "demo-two", "--auth", "shared", "--strategy", "rolling", "--no-scale", "--env", "prod", "--team", "other", "--json", "--yes"]);
  });

  test.concurrent.each(["path", "flag", "env"] as const)("no flags, fal found via %s: the default argv, run in the manifest's directory", async (via) => {
    const dir = app();
    const r = await deploy([], { cwd: dir, via });
    expect(r.exitCode, r.stderr).toBe(0);
    // After the deploy, the platform is asked for the app fal reported (my-app in the fixture).
    expect(r.all.map((x) => x.argv)).toEqual([["--version"], DEFAULT_ARGV, ["apps", "list", "--json", "--filter", "my-app"]]);
    expect(r.all[2]!.cwd).toBe(dir);
    expect(r.deploys[0]!.cwd).toBe(dir);
    expect(r.stdout).toContain(`Running: ${r.fake.falPath} deploy ${APP_REF}`);
  });

  test.concurrent("from another directory: --manifest and a file ref are made relative to the manifest's directory", async () => {
    const dir = app();
    const parent = path.dirname(dir);
    const r = await deploy(["app/app.py::DemoApp", "--manifest", "app/falpub.yaml"], { cwd: parent });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys[0]!.cwd).toBe(dir);
    expect(r.deploys[0]!.argv).toEqual(DEFAULT_ARGV);
    expect(r.stdout).toMatch(/Running: /);
  });
});

describe("falpub deploy: refusals before fal runs", () => {
  const refusals: Array<[string, string[], number, RegExp, ((dir: string) => void)?]> = [
    ["--auth private", ["--auth", "private"], 1, /Refusing to deploy with auth `private`/],
    ["a manifest without billing", [], 1, /billing/i, (d) => edit(path.join(d, "falpub.yaml"), /^billing:\n  strategy: .*\n/m, "")],
    ["check errors (class says private)", [], 1, /falpub check found \d+ errors?; nothing was deployed/, (d) => edit(path.join(d, "app.py"), 'app_auth = "shared"', 'app_auth = "private"')],
    ["--auth with an app-name ref", ["demo-app", "--auth", "shared"], 2, /Cannot use --app-name or --auth with app name reference/],
    ["--attach with --strategy recreate", ["--attach", "--strategy", "recreate"], 2, /--attach\/--detach only applies to rolling deployments/],
    ["a bad annotation", ["--annotation", "no-equals-sign"], 2, /invalid annotation 'no-equals-sign'; expected KEY=VALUE/],
    ["--listing-request naming a directory", ["--listing-request", "."], 2, /--listing-request .*: is a directory/],
    ["--listing-request in a missing directory", ["--listing-request", "nope/listing.md"], 2, /--listing-request .*: the directory .*nope does not exist/],
    ["--json with --output pretty", ["--json", "--output", "pretty"], 2, /--json and --output pretty contradict each other/],
    ["a duplicate annotation key", ["--annotation", "A=1", "--annotation", "A=2"], 2, /Duplicate annotation key 'A'/],
    ["a bad --timeout", ["--timeout", "soon"], 2, /--timeout must be a positive number/],
    // Past Node's timer limit (2^31-1 ms) the timer fired at once and every deploy "timed out".
    ["a --timeout past ~24.8 days", ["--timeout", "1e9"], 2, /--timeout must be a positive number of seconds \(at most 2147483\)/],
    ["an unknown flag", ["--bogus"], 2, /unknown option '--bogus'/],
  ];
  test.concurrent.each(refusals)("%s: falpub deploy %j → exit %i, fal never runs", async (_name, args, code, message, prepare) => {
    const dir = app();
    prepare?.(dir);
    const r = await deploy(args, { cwd: dir });
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.all).toEqual([]); // not even `fal --version`
  });

  test.concurrent("check errors are shown as findings on stderr (with --json: also in the document)", async () => {
    const dir = app();
    edit(path.join(dir, "app.py"), 'app_auth = "shared"', 'app_auth = "private"');
    const r = await deploy(["--json"], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\[FP102\]/);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, refused: { reason: expect.stringMatching(/nothing was deployed/) } });
    expect(doc.findings.map((f: { code: string }) => f.code)).toContain("FP102");
    expect(r.all).toEqual([]);
  });

  test.concurrent("no manifest → exit 2", async () => {
    const r = await deploy([], { cwd: dirs.make() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/No falpub\.yaml in the current directory/);
    expect(r.all).toEqual([]);
  });
});

describe("falpub deploy: the fal executable", () => {
  test.concurrent("fal missing → exit 4 with how to install it", async () => {
    const r = await falpub(["deploy"], { cwd: app() });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/The fal CLI was not found on PATH/);
    expect(r.stderr).toMatch(/pip install fal/);
    expect(r.stdout).toBe("");
  });

  test.concurrent("--fal pointing nowhere → exit 4 (never falls back to PATH)", async () => {
    const r = await deploy(["--fal", "/nonexistent/fal"]);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/--fal \/nonexistent\/fal: .* is not an executable file/);
    expect(r.all).toEqual([]);
  });

  test.concurrent("fal too old (1.60.0) → exit 4; only --version was run", async () => {
    const r = await deploy([], { version: "1.60.0" });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/fal 1\.60\.0 is too old: falpub needs fal >= 1\.72\.4/);
    expect(r.all.map((x) => x.argv)).toEqual([["--version"]]);
  });

  test.concurrent("a fal whose --version crashes → exit 4", async () => {
    const r = await deploy([], { version: "crash" });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/--version` failed \(exit 1\)/);
    expect(r.deploys).toEqual([]);
  });

  test.concurrent.each([
    [["--message", "m"], "1.78.0", /fal 1\.78\.0 does not have --message \(added in fal 1\.79\.0\)/],
    [["--attach"], "1.78.1", /fal 1\.78\.1 does not have --attach \(added in fal 1\.78\.2\)/],
  ])("%j with fal %s → exit 4 naming the version that added it", async (args, version, message) => {
    const r = await deploy(args, { version });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/pip install -U fal/);
    expect(r.deploys).toEqual([]);
  });

  test.concurrent("an untested but supported fal (1.79.1) runs, with a note", async () => {
    const r = await deploy([], { version: "1.79.1" });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: fal 1\.79\.1 has not been tested with falpub/);
    expect(r.deploys).toHaveLength(1);
  });
});

describe("falpub deploy: outcomes replayed from real fal 1.83.0 runs", () => {
  test.concurrent("deployed → exit 0, revision and checklist on stdout", async () => {
    const r = await deploy([]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✔ Deployed my-app, revision ${REVISION} (deployed)`);
    expect(r.stdout).toMatch(/Publishing checklist\n  ✔ done   Deployed in shared mode\n +revision 0+-0000-4000-8000-00000000c0de of my-app/);
    expect(r.stdout).toMatch(/steps left before the Marketplace listing/);
    // fal's own log lines stream through; its JSON result line is for falpub only.
    expect(r.stdout).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(r.stdout).not.toContain(`{"revision"`);
  });

  // [fixture, fal's own line (streamed live) followed by falpub's message]
  const failures: Array<[string, RegExp]> = [
    ["no-credentials-json", /You must be authenticated[\s\S]*✖ fal is not authenticated\.\n  Set FAL_KEY=<key_id>:<key_secret>/],
    ["unreachable-json", /Could not reach fal host[\s\S]*✖ fal could not reach its server\./],
    ["unreachable-rest", /Connection refused[\s\S]*✖ fal could not reach its server\./],
    ["syntax-error", /invalid syntax \(syntax_error\.py, line 4\)[\s\S]*✖ fal could not load the app/],
    ["class-not-found", /Function 'Nope' not found in module[\s\S]*✖ fal could not load the app/],
    ["import-error", /No module named 'torch_not_installed_here'[\s\S]*✖ fal could not load the app/],
    ["build-failed-json", /An internal failure occurred while building the environment[\s\S]*✖ fal deploy failed \(exit 1\)\./],
    ["refused-key-json", /No user found for Key ID and Secret[\s\S]*✖ fal is not authenticated\./],
    ["attach-detach", /not allowed with argument --attach[\s\S]*✖ fal deploy failed \(exit 2\)/],
    // fal exited 0 but printed no deploy JSON (its pretty output): never guessed to be a success.
    ["deployed", /✖ fal deploy failed \(exit 0\)/],
  ];
  test.concurrent.each(failures)("%s → exit 3 with the right message and a failed checklist item", async (replay, message) => {
    const r = await deploy([], { replay });
    expect(r.exitCode).toBe(3);
    // fal's stderr (argparse errors) is streamed to falpub's stderr, the rest to stdout.
    expect(r.stderr + r.stdout).toMatch(message);
    expect(r.stdout).toMatch(/✖ failed Deployed in shared mode/);
    expect(r.stdout).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test.concurrent("--timeout 2 with a hanging fal → exit 3 within seconds; the fake is gone", async () => {
    const r = await deploy(["--timeout", "2"], { replay: "hang" });
    expect(r.exitCode).toBe(3);
    expect(r.durationMs).toBeLessThan(15_000);
    expect(r.stdout).toMatch(/fal did not finish within 2 s and was stopped/);
    expect(r.deploys).toHaveLength(1);
    expect(pidsWithEnv(r.fake.recordPath)).toEqual([]);
  });

  test.concurrent("SIGINT while fal runs → exit 130; fal got it and is gone", async () => {
    const dir = app();
    const fake = makeFakeFal({ replay: "hang" });
    fakes.push(fake);
    const child = execa(process.execPath, [BIN(), "deploy"], { cwd: dir, env: fake.env({ NO_COLOR: "1", CI: "true" }), extendEnv: false, stdin: "ignore", reject: false, encoding: "utf8" });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    // Wait until fal is running and has printed its first line.
    const deadline = Date.now() + 20_000;
    while (!out.includes("Deploying 'MyApp'") && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(out).toContain("Deploying 'MyApp'");
    expect(pidsWithEnv(fake.recordPath)).toHaveLength(1);
    child.kill("SIGINT");
    const r = await child;
    expect(r.exitCode).toBe(130);
    // The hang fake prints fal's own "✘ Aborted." on SIGINT: proof that it got the signal.
    expect(String(r.stdout)).toContain("✘ Aborted.");
    expect(String(r.stdout)).toMatch(/Interrupted; fal was stopped/);
    expect(pidsWithEnv(fake.recordPath)).toEqual([]);
  });
});

describe("falpub deploy: the platform check after a deploy (fal apps list)", () => {
  // The recorded `fal apps list --json --filter my-app --env staging` against the control plane.
  const APPS_LIST = path.join(FIXTURES, "apps-list-json");
  /** A replay file for `fal apps list`: the recorded output with `edit` applied to its stdout. */
  const appsList = (edit: (stdout: string) => string, exitCode = 0, stderr = ""): string => {
    const file = path.join(dirs.make(), "apps-list.json");
    writeFileSync(file, JSON.stringify({ stdout: edit(readFileSync(path.join(APPS_LIST, "stdout"), "utf8")), stderr, exitCode }));
    return file;
  };
  // The fixture deployed with --env staging; the same env here makes its alias my-app--staging.
  const withList = (replay: string, args: string[] = ["--env", "staging"]) => deploy(args, { env: { FAKE_FAL_REPLAY_APPS_LIST: replay } });

  test.concurrent("shared on the platform → exit 0, the item is done with the platform's evidence", async () => {
    const r = await withList(APPS_LIST);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.all.at(-1)!.argv).toEqual(["apps", "list", "--json", "--filter", "my-app", "--env", "staging"]);
    expect(r.stdout).toMatch(/✔ done   Deployed in shared mode\n(?: +.*\n)*? +platform: auth_mode shared, revision 00000000-0000-4000-8000-00000000c0de\n/);
    expect(r.stderr).not.toMatch(/NOT shared/);
  });

  test.concurrent("private on the platform → exit 3, one clear line with the fix, the item failed; --json has platform", async () => {
    const replay = appsList((out) => out.replace('"auth_mode": "shared"', '"auth_mode": "private"'));
    const r = await withList(replay, ["--env", "staging", "--team", "acme"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(
      "falpub: my-app is live but NOT shared: the platform reports auth_mode private. Run `fal apps set-rev my-app 00000000-0000-4000-8000-00000000c0de --auth shared --env staging --team acme`, or deploy again with --auth shared.",
    );
    expect(r.stdout).toMatch(/✖ failed Deployed in shared mode\n(?: +.*\n)*? +platform: auth_mode private, revision /);
    expect(r.all.at(-1)!.argv).toEqual(["apps", "list", "--json", "--filter", "my-app", "--env", "staging", "--team", "acme"]);

    const j = await withList(replay, ["--env", "staging", "--json"]);
    expect(j.exitCode).toBe(3);
    const doc = JSON.parse(j.stdout);
    expect(doc.platform).toEqual({ authMode: "private", revision: REVISION });
    expect(doc.checklist[0]).toMatchObject({ id: "deployed-shared", status: "failed" });
    expect(j.stderr).toMatch(/is live but NOT shared/);
  });

  // [case, apps list replay, the evidence line]
  const broken: Array<[string, () => string, string[], RegExp]> = [
    ["fal apps list exits 1", () => appsList(() => "✘ Could not reach fal host.\n", 1), ["--env", "staging"], /platform check failed: fal apps list failed \(exit 1\): Could not reach fal host\./],
    ["the app is not listed (other env)", () => APPS_LIST, [], /platform check failed: my-app is not in `fal apps list`/],
    ["no JSON", () => appsList(() => "Traceback (most recent call last):\n"), ["--env", "staging"], /platform check failed: fal apps list printed no JSON app list/],
    ["another revision", () => appsList((out) => out.replace(REVISION, "11111111-0000-4000-8000-000000000000")), ["--env", "staging"], /platform check failed: my-app--staging points to revision 11111111-0000-4000-8000-000000000000, not the deployed /],
  ];
  test.concurrent.each(broken)("%s → exit 0, the item stays done with 'platform check failed'", async (_name, replay, args, evidence) => {
    const r = await withList(replay(), args);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✔ done   Deployed in shared mode/);
    expect(r.stdout).toMatch(evidence);
    expect(r.all.map((x) => x.argv[0])).toEqual(["--version", "deploy", "apps"]);
  });

  test.concurrent("dry-run and failed deploys never call fal apps list", async () => {
    const dry = await withList(APPS_LIST, ["--dry-run"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.all.map((x) => x.argv[0])).toEqual(["--version"]);
    const failed = await deploy([], { replay: "build-failed-json", env: { FAKE_FAL_REPLAY_APPS_LIST: APPS_LIST } });
    expect(failed.exitCode).toBe(3);
    expect(failed.all.map((x) => x.argv[0])).toEqual(["--version", "deploy"]);
    expect(failed.stdout).not.toMatch(/platform/);
  });
});

describe("falpub deploy: provenance from git", () => {
  test.concurrent("in a git repo: --message with the short sha and --annotation GIT_SHA=<sha>", async () => {
    const dir = app();
    const sha = gitCommit(dir, "Add the demo app");
    const r = await deploy([], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys[0]!.argv).toEqual([...BASE_ARGV, "--message", `Add the demo app (${sha.slice(0, 12)})`, "--annotation", `GIT_SHA=${sha}`, "--json", "--yes"]);

    // Uncommitted changes are said so.
    writeFileSync(path.join(dir, "notes.txt"), "wip\n");
    const dirty = await deploy([], { cwd: dir });
    const argv = dirty.deploys[0]!.argv;
    expect(argv[argv.indexOf("--message") + 1]).toBe(`Add the demo app (${sha.slice(0, 12)}, with uncommitted changes)`);
    expect(argv[argv.indexOf("--annotation") + 1]).toBe(`GIT_SHA=${sha}-dirty`);
  });

  test.concurrent("the user's own --message and GIT_SHA annotation win", async () => {
    const dir = app();
    const sha = gitCommit(dir, "Add the demo app");
    const own = await deploy(["--message", "mine", "--annotation", "GIT_SHA=custom"], { cwd: dir });
    expect(own.deploys[0]!.argv).toEqual([...BASE_ARGV, "--message", "mine", "--annotation", "GIT_SHA=custom", "--json", "--yes"]);
    const msgOnly = await deploy(["--message", "mine", "--annotation", "K=v"], { cwd: dir });
    expect(msgOnly.deploys[0]!.argv).toEqual([...BASE_ARGV, "--message", "mine", "--annotation", "K=v", "--annotation", `GIT_SHA=${sha}`, "--json", "--yes"]);
  });

  test.concurrent("outside a git repo: no message, no annotation", async () => {
    const r = await deploy([]);
    expect(r.deploys[0]!.argv).not.toContain("--message");
    expect(r.deploys[0]!.argv).not.toContain("--annotation");
  });
});

describe("falpub deploy: --dry-run, --json, --listing-request", () => {
  test.concurrent("--dry-run: prints the exact command and the checklist, never deploys, exit 0", async () => {
    const dir = app();
    const sha = gitCommit(dir, "Ship it");
    const r = await deploy(["--dry-run", "--no-cache"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `Would run (in .):\n  ${r.fake.falPath} deploy ${APP_REF} --app-name demo-app --auth shared --strategy rolling --no-cache --message 'Ship it (${sha.slice(0, 12)})' --annotation GIT_SHA=${sha} --json --yes\n`,
    );
    expect(r.stdout).toMatch(/Publishing checklist\n  ○ todo   Deployed in shared mode\n +dry run: would deploy app\.py::DemoApp/);
    // Only the version probe ran (to check the flags exist in this fal); never `fal deploy`.
    expect(r.deploys).toEqual([]);
    expect(r.all.map((x) => x.argv)).toEqual([["--version"]]);
  });

  test.concurrent("--dry-run without any fal installed still shows the command (exit 0)", async () => {
    const r = await falpub(["deploy", "--dry-run"], { cwd: app() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`fal deploy ${APP_REF} --app-name demo-app`);
    expect(r.stderr).toMatch(/note: The fal CLI was not found/);
  });

  test.concurrent("--dry-run --json: one JSON document with the argv and the checklist", async () => {
    const r = await deploy(["--dry-run", "--json"]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, dryRun: true, outcome: null, argv: DEFAULT_ARGV });
    expect(doc.checklist.map((i: { id: string }) => i.id)).toContain("deployed-shared");
    expect(r.deploys).toEqual([]);
  });

  test.concurrent("--json: stdout is exactly one JSON document; fal's output goes to stderr", async () => {
    const r = await deploy(["--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout); // throws if anything else is on stdout
    expect(doc).toMatchObject({ schemaVersion: 1, dryRun: false, outcome: { kind: "deployed", revision: REVISION, appName: "my-app" }, argv: DEFAULT_ARGV });
    expect(doc.checklist.find((i: { id: string }) => i.id === "deployed-shared").status).toBe("done");
    expect(r.stderr).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(r.stderr).toContain("✓ Build complete");
    expect(r.stdout).not.toContain("Deploying 'MyApp'");
  });

  test.concurrent.each([
    ["no-credentials-json", "not-authenticated"],
  ])("--json with %s: exit 3, one document with outcome %s", async (replay, kind) => {
    const r = await deploy(["--output", "json"], { replay });
    expect(r.exitCode).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.outcome.kind).toBe(kind);
    expect(doc.checklist.find((i: { id: string }) => i.id === "deployed-shared").status).toBe("failed");
  });

  test.concurrent("--listing-request writes the Markdown with endpoint, billing and price", async () => {
    const dir = app();
    edit(path.join(dir, "falpub.yaml"), "  # unit_price_usd: 0.01", "  unit_price_usd: 0.02");
    mkdirSync(path.join(dir, "out"));
    const r = await deploy(["--listing-request", "out/listing.md"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Wrote the listing request to out\/listing\.md/);
    const md = readFileSync(path.join(dir, "out", "listing.md"), "utf8");
    expect(md).toMatch(/^# Marketplace listing request: /);
    expect(md).toMatch(/\*\*Endpoint id:\*\* `<owner>\/demo-app`/);
    expect(md).toContain(`**Revision:** \`${REVISION}\``);
    expect(md).toMatch(/\*\*Billing unit:\*\* per_image/);
    expect(md).toMatch(/\*\*Proposed price:\*\* \$0\.02 per image/);
    expect(md).toMatch(/\*\*Auth mode:\*\* shared/);
  });

  test.concurrent("--help mentions every option", async () => {
    const r = await falpub(["deploy", "--help"], { cwd: dirs.make() });
    expect(r.exitCode).toBe(0);
    const opts = ["--app-name", "--auth", "--strategy", "--attach", "--detach", "--no-scale", "--reset-scale", "--no-cache", "--force-env-build", "--message", "--annotation", "--env", "--team", "--output", "--json", "--check", "--yes", "--dry-run", "--manifest", "--fal", "--timeout", "--strict", "--listing-request"];
    for (const o of opts) expect(r.stdout).toContain(o);
  });
});
