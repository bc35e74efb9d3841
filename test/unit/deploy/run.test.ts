// `falpub deploy` in-process: the orchestration with fal replayed by argv from outputs recorded
// from the real fal 1.83.0 (test/fixtures/fal-1.83.0). What only a real process can show (the
// bin's streams and exit code, signals, killing fal) is in test/cli/deploy.test.ts.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { deployCommand, parseDeployArgs } from "../../../src/deploy/options.js";
import type { GitInfo } from "../../../src/deploy/plan.js";
import { recorded } from "../../support/replay-fal.js";
import { edit, STACK_FRAME } from "../../cli/helpers.js";
import { app, APP_REF, BASE_ARGV, cleanup, DEFAULT_ARGV, deploy, REVISION, tempDir } from "./harness.js";

afterAll(cleanup);

const SHA = "0123456789abcdef0123456789abcdef01234567";
const clean: GitInfo = { sha: SHA, subject: "Add the demo app", dirty: false };

describe("the argv fal gets", () => {
  // [falpub flags, exact argv of `fal deploy`] with the plain scaffold (no git repo).
  const cases: Array<[string[], string[]]> = [
    [["--strategy", "recreate", "--no-scale", "--message=-starts-with-dash"], ["deploy", APP_REF, "--app-name", "demo-app", "--auth", "shared", "--strategy", "recreate", "--no-scale", "--message=-starts-with-dash", "--json", "--yes"]],
    [["--attach", "--detach"], [...BASE_ARGV, "--detach", "--json", "--yes"]],
    [["--detach", "--attach"], [...BASE_ARGV, "--attach", "--json", "--yes"]],
    [["--reset-scale", "--no-scale"], [...BASE_ARGV, "--no-scale", "--json", "--yes"]],
    [["--no-scale", "--reset-scale"], [...BASE_ARGV, "--reset-scale", "--json", "--yes"]],
    [["--attach", "--detach", "--attach", "--no-scale", "--reset-scale", "--no-scale"], [...BASE_ARGV, "--attach", "--no-scale", "--json", "--yes"]],
    [["app.py"], ["deploy", "app.py", "--app-name", "demo-app", "--auth", "shared", "--strategy", "rolling", "--json", "--yes"]],
    // An app-name ref: fal rejects --app-name/--auth with it, and takes strategy from pyproject.
    [["demo-app"], ["deploy", "demo-app", "--json", "--yes"]],
  ];
  test.each(cases)("falpub deploy %j", async (args, argv) => {
    const r = await deploy(args);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys.map((c) => c.argv)).toEqual([argv]);
  });

  test("every other flag in one run, in fal's order; --yes and --json are passed anyway", async () => {
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

  test("manifest values fill what flags leave out; flags win", async () => {
    const dir = app();
    edit(path.join(dir, "falpub.yaml"), "  strategy: rolling\n", "  strategy: recreate\n  team: acme\n  environment: staging\n  reset_scale: true\n");
    const fromManifest = await deploy([], { cwd: dir });
    expect(fromManifest.exitCode, fromManifest.stderr).toBe(0);
    expect(fromManifest.deploys[0]!.argv).toEqual(["deploy", APP_REF, "--app-name", "demo-app", "--auth", "shared", "--strategy", "recreate", "--reset-scale", "--env", "staging", "--team", "acme", "--json", "--yes"]);
    const flagsWin = await deploy(["--strategy", "rolling", "--no-scale", "--env", "prod", "--team", "other", "--app-name", "demo-two"], { cwd: dir });
    expect(flagsWin.exitCode, flagsWin.stderr).toBe(0);
    expect(flagsWin.deploys[0]!.argv).toEqual(["deploy", APP_REF, "--app-name", "demo-two", "--auth", "shared", "--strategy", "rolling", "--no-scale", "--env", "prod", "--team", "other", "--json", "--yes"]);
  });

  test.each(["path", "flag", "env"] as const)("no flags, fal found via %s: the default argv, run in the manifest's directory", async (via) => {
    const dir = app();
    const r = await deploy([], { cwd: dir, via });
    expect(r.exitCode, r.stderr).toBe(0);
    // After the deploy, the platform is asked for the app fal reported (my-app in the fixture).
    expect(r.calls.map((c) => c.argv)).toEqual([["--version"], DEFAULT_ARGV, ["apps", "list", "--json", "--filter", "my-app"]]);
    expect(r.calls.every((c) => c.falPath === r.falPath)).toBe(true);
    expect(r.calls[1]!.cwd).toBe(dir);
    expect(r.calls[2]!.cwd).toBe(dir);
    expect(r.stdout).toContain(`Running: ${r.falPath} deploy ${APP_REF}`);
    expect(r.calls[1]!.timeoutMs).toBe(1800_000); // the default --timeout
  });

  test("from another directory: --manifest and a file ref are made relative to the manifest's directory", async () => {
    const dir = app();
    const r = await deploy(["app/app.py::DemoApp", "--manifest", "app/falpub.yaml"], { cwd: path.dirname(dir) });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys[0]!.cwd).toBe(dir);
    expect(r.deploys[0]!.argv).toEqual(DEFAULT_ARGV);
    expect(r.stdout).toMatch(/Running: /);
  });

  test("--timeout N reaches fal's run as N seconds", async () => {
    const r = await deploy(["--timeout", "2.5"]);
    expect(r.deploys[0]!.timeoutMs).toBe(2500);
  });
});

describe("refusals before fal runs", () => {
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
    ["a zero --timeout", ["--timeout", "0"], 2, /--timeout must be a positive number/],
    // Past Node's timer limit (2^31-1 ms) the timer fired at once and every deploy "timed out".
    ["a --timeout past ~24.8 days", ["--timeout", "1e9"], 2, /--timeout must be a positive number of seconds \(at most 2147483\)/],
  ];
  test.each(refusals)("%s: falpub deploy %j → exit %i, fal never runs", async (_name, args, code, message, prepare) => {
    const dir = app();
    prepare?.(dir);
    const r = await deploy(args, { cwd: dir });
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.calls).toEqual([]); // not even `fal --version`
    // Only --json asks for the document on stdout; with contradicting flags nobody did.
    expect(r.stdout).toBe("");
  });

  test("the largest --timeout Node can wait for is accepted", async () => {
    const r = await deploy(["--timeout", "2147483"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys[0]!.timeoutMs).toBe(2147483000);
  });

  test("an unknown flag or a bad choice is a usage error (exit 2)", () => {
    expect(() => parseDeployArgs(["--bogus"])).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/unknown option '--bogus'/) }));
    expect(() => parseDeployArgs(["--strategy", "fast"])).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/--strategy.*fast/) }));
  });

  test("a FAL_KEY fal would ignore, or a FAL_HOST it refuses → exit 2, fal never runs", async () => {
    const badKey = await deploy([], { env: { FAL_KEY: "no-colon-here" } });
    expect(badKey.exitCode).toBe(2);
    expect(badKey.stderr).toMatch(/FAL_KEY must look like <key_id>:<key_secret>.*fall back to other credentials/);
    expect(badKey.calls).toEqual([]);
    const badHost = await deploy([], { env: { FAL_HOST: "example.com" } });
    expect(badHost.exitCode).toBe(2);
    expect(badHost.stderr).toMatch(/FAL_HOST=example\.com does not start with "api"/);
    expect(badHost.calls).toEqual([]);
  });

  test("check errors are shown as findings on stderr (with --json: also in the document)", async () => {
    const dir = app();
    edit(path.join(dir, "app.py"), 'app_auth = "shared"', 'app_auth = "private"');
    const r = await deploy(["--json"], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\[FP102\]/);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual(r.document);
    expect(doc).toMatchObject({ schemaVersion: 1, tool: { name: "falpub", version: "0.0.0-test" }, dryRun: false, refused: { reason: expect.stringMatching(/nothing was deployed/), hint: expect.any(String) } });
    // The same finding fields as `falpub check --format json`.
    expect(doc.findings.find((f: { code: string }) => f.code === "FP102")).toMatchObject({ severity: "error", file: "app.py", rule: expect.any(String), docs: expect.stringMatching(/fp102$/i) });
    expect(r.calls).toEqual([]);
  });

  test("a refused plan with --json: the reason and hint in the document", async () => {
    const r = await deploy(["--auth", "private", "--json"]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ refused: { reason: expect.stringMatching(/Refusing to deploy with auth `private`/), hint: expect.stringMatching(/auth: shared/) }, findings: [] });
  });

  test("no manifest → exit 2 (with --json: an error document)", async () => {
    const cwd = tempDir();
    const r = await deploy([], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^falpub: No falpub\.yaml in the current directory\.\n  Run `falpub init`/);
    expect(r.calls).toEqual([]);
    const j = await deploy(["--json"], { cwd });
    expect(JSON.parse(j.stdout)).toEqual({ schemaVersion: 1, tool: { name: "falpub", version: "0.0.0-test" }, error: { message: "No falpub.yaml in the current directory.", hint: expect.stringMatching(/falpub init/), exitCode: 2 } });
  });
});

describe("the fal executable", () => {
  test("fal missing → exit 4 with how to install it", async () => {
    const r = await deploy([], { via: "missing" });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/The fal CLI was not found on PATH/);
    expect(r.stderr).toMatch(/pip install fal/);
    expect(r.stdout).toBe("");
    expect(r.calls).toEqual([]);
  });

  test("--fal pointing nowhere → exit 4 (never falls back to PATH)", async () => {
    const r = await deploy(["--fal", "/nonexistent/fal"]);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/--fal \/nonexistent\/fal: .* is not an executable file/);
    expect(r.calls).toEqual([]);
  });

  test("fal too old (1.60.0) → exit 4; only --version was run", async () => {
    const r = await deploy([], { version: "1.60.0" });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/fal 1\.60\.0 is too old: falpub needs fal >= 1\.72\.4/);
    expect(r.calls.map((c) => c.argv)).toEqual([["--version"]]);
  });

  test("a fal whose --version crashes → exit 4 naming the cause", async () => {
    const crash = { stdout: "", stderr: "Traceback (most recent call last):\nAssertionError: FAL_HOST must start with 'api' (use FAL_GRPC_HOST to override)\n", exitCode: 1 };
    const r = await deploy([], { version: crash });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/--version` failed \(exit 1\): AssertionError: FAL_HOST must start with 'api'/);
    expect(r.stderr).toMatch(/Reinstall it: pip install -U fal/);
    expect(r.deploys).toEqual([]);
  });

  test.each([
    ["garbage", { stdout: "hello\n", stderr: "", exitCode: 0 }, /--version` printed no version: "hello"/],
    ["a hang", { stdout: "", stderr: "", exitCode: null, timedOut: true }, /--version` did not answer within 15 s/],
  ])("a fal --version printing %s → exit 4", async (_name, version, message) => {
    const r = await deploy([], { version });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(message);
  });

  test.each([
    [["--message", "m"], "1.78.0", /fal 1\.78\.0 does not have --message \(added in fal 1\.79\.0\)/],
    [["--attach"], "1.78.1", /fal 1\.78\.1 does not have --attach \(added in fal 1\.78\.2\)/],
  ])("%j with fal %s → exit 4 naming the version that added it", async (args, version, message) => {
    const r = await deploy(args, { version });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/pip install -U fal/);
    expect(r.deploys).toEqual([]);
  });

  test("an untested but supported fal (1.79.1) runs, with a note", async () => {
    const r = await deploy([], { version: "1.79.1" });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/note: fal 1\.79\.1 has not been tested with falpub/);
    expect(r.deploys).toHaveLength(1);
  });
});

describe("outcomes replayed from real fal 1.83.0 runs", () => {
  test("deployed → exit 0, revision and checklist on stdout", async () => {
    const r = await deploy([]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✔ Deployed my-app, revision ${REVISION} (deployed)`);
    expect(r.stdout).toMatch(/Publishing checklist\n  ✔ done   Deployed in shared mode\n +revision 0+-0000-4000-8000-00000000c0de of my-app/);
    expect(r.stdout).toMatch(/steps left before the Marketplace listing/);
    // fal's own log lines stream through; its JSON result line is for falpub only.
    expect(r.stdout).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(r.stdout).not.toContain(`{"revision"`);
    // The outcome and checklist come after fal's output.
    expect(r.stdout.indexOf("✓ Build complete")).toBeLessThan(r.stdout.indexOf("✔ Deployed my-app"));
  });

  // [fixture, fal's own line (streamed live) followed by falpub's message]
  const failures: Array<[string, RegExp, string]> = [
    ["no-credentials-json", /You must be authenticated[\s\S]*✖ fal is not authenticated\.\n  Set FAL_KEY=<key_id>:<key_secret>/, "not-authenticated"],
    ["unreachable-json", /Could not reach fal host[\s\S]*✖ fal could not reach its server\./, "unreachable"],
    ["unreachable-rest", /Connection refused[\s\S]*✖ fal could not reach its server\./, "unreachable"],
    ["syntax-error", /invalid syntax \(syntax_error\.py, line 4\)[\s\S]*✖ fal could not load the app/, "invalid-app"],
    ["class-not-found", /Function 'Nope' not found in module[\s\S]*✖ fal could not load the app/, "invalid-app"],
    ["import-error", /No module named 'torch_not_installed_here'[\s\S]*✖ fal could not load the app/, "invalid-app"],
    ["build-failed-json", /An internal failure occurred while building the environment[\s\S]*✖ fal deploy failed \(exit 1\)\./, "failed"],
    ["refused-key-json", /No user found for Key ID and Secret[\s\S]*✖ fal is not authenticated\./, "not-authenticated"],
    ["attach-detach", /not allowed with argument --attach[\s\S]*✖ fal deploy failed \(exit 2\)/, "failed"],
    // fal exited 0 but printed no deploy JSON (its pretty output): never guessed to be a success.
    ["deployed", /✖ fal deploy failed \(exit 0\)/, "failed"],
  ];
  test.each(failures)("%s → exit 3 with the right message and a failed checklist item", async (replay, message, kind) => {
    const r = await deploy([], { replay });
    expect(r.exitCode).toBe(3);
    // fal's stderr (argparse errors) is streamed to falpub's stderr, the rest to stdout.
    expect(r.stderr + r.stdout).toMatch(message);
    expect(r.stdout).toMatch(/✖ failed Deployed in shared mode/);
    expect(r.document).toMatchObject({ outcome: { kind } });
    expect(r.stdout + r.stderr).not.toMatch(STACK_FRAME);
    expect(r.calls.map((c) => c.argv[0])).toEqual(["--version", "deploy"]);
  });

  test("fal stopped at --timeout → exit 3, the timeout said in seconds", async () => {
    const r = await deploy(["--timeout", "2"], { replay: { stdout: "Deploying 'MyApp' as app 'my-app'\n", stderr: "", exitCode: null, timedOut: true } });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/fal did not finish within 2 s and was stopped\.\n  Raise --timeout/);
    expect(r.document).toMatchObject({ outcome: { kind: "timeout", timeoutMs: 2000, tail: ["Deploying 'MyApp' as app 'my-app'"] } });
  });

  test("fal interrupted (Ctrl-C forwarded) → exit 130", async () => {
    const r = await deploy([], { replay: { stdout: "Deploying 'MyApp' as app 'my-app'\n✘ Aborted.\n", stderr: "", exitCode: 1, interrupted: true } });
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toContain("✘ Aborted.");
    expect(r.stdout).toMatch(/Interrupted; fal was stopped/);
    expect(r.calls.map((c) => c.argv[0])).toEqual(["--version", "deploy"]);
  });

  test("progress phases, in order, for a reporter (spinner) to hook into", async () => {
    const r = await deploy([]);
    expect(r.phases.map((p) => p.phase)).toEqual(["check", "fal-version", "fal-deploy", "platform-check", "report", "done"]);
    expect(r.phases[2]).toEqual({ phase: "fal-deploy", command: expect.stringContaining(`deploy ${APP_REF}`) });
    expect(r.phases.at(-1)).toEqual({ phase: "done", exitCode: 0 });
    const refused = await deploy(["--auth", "private"]);
    expect(refused.phases.map((p) => p.phase)).toEqual(["check", "done"]);
    // A spinner is stopped before an error is printed, and before a dry run's report.
    const tooOld = await deploy([], { version: "1.60.0" });
    expect(tooOld.phases.map((p) => p.phase)).toEqual(["check", "fal-version", "report", "done"]);
    const dry = await deploy(["--dry-run"]);
    expect(dry.phases.map((p) => p.phase)).toEqual(["check", "fal-version", "report", "done"]);
  });
});

/** The lines a person sees, without the blank ones. */
const linesOf = (screen: string) => screen.split("\n").filter((l) => l.trim() !== "");

describe("what is printed last: the checklist, then the outcome, then the next step", () => {
  test("deployed: fal's lines, the checklist, the outcome, one next-step line last", async () => {
    const r = await deploy([]);
    expect(r.exitCode, r.stderr).toBe(0);
    const at = (text: string) => r.screen.indexOf(text);
    expect(at("✓ Build complete")).toBeGreaterThan(-1);
    expect(at("✓ Build complete")).toBeLessThan(at("Publishing checklist"));
    expect(at("steps left before the Marketplace listing")).toBeLessThan(at("✔ Deployed my-app"));
    expect(linesOf(r.screen).slice(-2)).toEqual([
      `✔ Deployed my-app, revision ${REVISION} (deployed)`,
      "Next: `falpub verify` to check billing on the live app (its calls may be billed); `--listing-request listing.md` on a deploy writes the request for the fal team.",
    ]);
  });

  test("with --listing-request: written before the checklist; the next step names the file", async () => {
    const r = await deploy(["--listing-request", "listing.md"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.screen.indexOf("Wrote the listing request to listing.md")).toBeLessThan(r.screen.indexOf("Publishing checklist"));
    expect(linesOf(r.screen).at(-1)).toBe("Next: `falpub verify` to check billing on the live app (its calls may be billed), then send listing.md to the fal team.");
  });

  test("a failure: the outcome and its fix are the last two lines", async () => {
    const r = await deploy([], { replay: "no-credentials-json" });
    expect(r.exitCode).toBe(3);
    expect(r.screen.indexOf("Publishing checklist")).toBeLessThan(r.screen.indexOf("✖ fal is not authenticated."));
    expect(linesOf(r.screen).slice(-2)).toEqual(["✖ fal is not authenticated.", "  Set FAL_KEY=<key_id>:<key_secret> in the environment (CI: a repository secret), or run `fal auth login`."]);
    expect(r.screen).not.toMatch(/^Next:/m);
  });

  test("live but not shared: the set-rev fix is the last line", async () => {
    const list = recorded("apps-list-json");
    const r = await deploy(["--env", "staging"], { appsList: { ...list, stdout: list.stdout.replace('"auth_mode": "shared"', '"auth_mode": "private"') } });
    expect(r.exitCode).toBe(3);
    const lines = linesOf(r.screen);
    expect(lines.at(-2)).toBe(`✔ Deployed my-app, revision ${REVISION} (deployed)`);
    expect(lines.at(-1)).toMatch(/^falpub: my-app is live but NOT shared: .* Run `fal apps set-rev my-app /);
    expect(r.screen).not.toMatch(/^Next:/m);
  });

  test("Ctrl-C (fal interrupted): exit 130, the outcome and nothing of the checklist or the listing request", async () => {
    const written: string[] = [];
    const r = await deploy(["--listing-request", "listing.md"], {
      replay: { stdout: "Deploying 'MyApp' as app 'my-app'\n✘ Aborted.\n", stderr: "", exitCode: 1, interrupted: true },
      writeFile: (file) => written.push(file),
    });
    expect(r.exitCode).toBe(130);
    expect(linesOf(r.screen).slice(-2)).toEqual(["✘ Aborted.", "✖ Interrupted; fal was stopped."]);
    expect(r.screen).not.toMatch(/Publishing checklist|steps left|listing request|Next:/);
    expect(written).toEqual([]);
  });

  test("--json: stdout unchanged (one document); the outcome and next step on stderr, last", async () => {
    const r = await deploy(["--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: { kind: "deployed" } });
    expect(linesOf(r.stderr).slice(-2)).toEqual([`✔ Deployed my-app, revision ${REVISION} (deployed)`, expect.stringMatching(/^Next: `falpub verify`/)]);
    expect(r.stderr).not.toMatch(/Publishing checklist/);
  });

  test("--dry-run: the checklist, then the command that would run, last", async () => {
    const r = await deploy(["--dry-run"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.indexOf("Publishing checklist")).toBe(0);
    expect(linesOf(r.stdout).slice(-2)).toEqual(["Would run (in .):", `  ${r.falPath} deploy ${APP_REF} --app-name demo-app --auth shared --strategy rolling --json --yes`]);
  });
});

describe("the platform check after a deploy (fal apps list)", () => {
  // The recorded `fal apps list --json --filter my-app --env staging` against the control plane.
  const LIST = recorded("apps-list-json");
  const listWith = (edit: (stdout: string) => string, exitCode = 0, stderr = "") => ({ stdout: edit(LIST.stdout), stderr, exitCode });
  // The fixture deployed with --env staging; the same env here makes its alias my-app--staging.
  const withList = (appsList: typeof LIST, args: string[] = ["--env", "staging"], env: NodeJS.ProcessEnv = {}) => deploy(args, { appsList, env });

  test("shared on the platform → exit 0, the item is done with the platform's evidence", async () => {
    const r = await withList(LIST);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.calls.at(-1)!.argv).toEqual(["apps", "list", "--json", "--filter", "my-app", "--env", "staging"]);
    expect(r.stdout).toMatch(/✔ done   Deployed in shared mode\n(?: +.*\n)*? +platform: auth_mode shared, revision 00000000-0000-4000-8000-00000000c0de\n/);
    expect(r.stderr).not.toMatch(/NOT shared/);
  });

  test("FAL_ENV stands in for --env when judging the alias (as fal does)", async () => {
    const r = await withList(LIST, [], { FAL_ENV: "staging" });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.calls.at(-1)!.argv).toEqual(["apps", "list", "--json", "--filter", "my-app"]);
    expect(r.document).toMatchObject({ platform: { authMode: "shared", revision: REVISION } });
  });

  test("private on the platform → exit 3, one clear line with the fix, the item failed; --json has platform", async () => {
    const list = listWith((out) => out.replace('"auth_mode": "shared"', '"auth_mode": "private"'));
    const r = await withList(list, ["--env", "staging", "--team", "acme"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(
      "falpub: my-app is live but NOT shared: the platform reports auth_mode private. Run `fal apps set-rev my-app 00000000-0000-4000-8000-00000000c0de --auth shared --env staging --team acme`, or deploy again with --auth shared.",
    );
    expect(r.stdout).toMatch(/✖ failed Deployed in shared mode\n(?: +.*\n)*? +platform: auth_mode private, revision /);
    expect(r.calls.at(-1)!.argv).toEqual(["apps", "list", "--json", "--filter", "my-app", "--env", "staging", "--team", "acme"]);

    const j = await withList(list, ["--env", "staging", "--json"]);
    expect(j.exitCode).toBe(3);
    const doc = JSON.parse(j.stdout);
    expect(doc.platform).toEqual({ authMode: "private", revision: REVISION });
    expect(doc.checklist[0]).toMatchObject({ id: "deployed-shared", status: "failed" });
    expect(j.stderr).toMatch(/is live but NOT shared/);
  });

  const broken: Array<[string, () => typeof LIST, string[], RegExp]> = [
    ["fal apps list exits 1", () => listWith(() => "✘ Could not reach fal host.\n", 1), ["--env", "staging"], /platform check failed: fal apps list failed \(exit 1\): Could not reach fal host\./],
    ["the app is not listed (other env)", () => LIST, [], /platform check failed: my-app is not in `fal apps list`/],
    ["no JSON", () => listWith(() => "Traceback (most recent call last):\n"), ["--env", "staging"], /platform check failed: fal apps list printed no JSON app list/],
    ["another revision", () => listWith((out) => out.replace(REVISION, "11111111-0000-4000-8000-000000000000")), ["--env", "staging"], /platform check failed: my-app--staging points to revision 11111111-0000-4000-8000-000000000000, not the deployed /],
    ["a hang", () => ({ stdout: "", stderr: "", exitCode: null, timedOut: true }) as typeof LIST, ["--env", "staging"], /platform check failed: fal apps list did not answer within 60 s/],
  ];
  test.each(broken)("%s → exit 0, the item stays done with 'platform check failed'", async (_name, list, args, evidence) => {
    const r = await withList(list(), args);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✔ done   Deployed in shared mode/);
    expect(r.stdout).toMatch(evidence);
    expect(r.calls.map((c) => c.argv[0])).toEqual(["--version", "deploy", "apps"]);
  });

  test("dry-run and failed deploys never call fal apps list", async () => {
    const dry = await withList(LIST, ["--dry-run"]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.calls.map((c) => c.argv[0])).toEqual(["--version"]);
    const failed = await deploy([], { replay: "build-failed-json" });
    expect(failed.exitCode).toBe(3);
    expect(failed.calls.map((c) => c.argv[0])).toEqual(["--version", "deploy"]);
    expect(failed.stdout).not.toMatch(/platform/);
    expect(failed.document).not.toHaveProperty("platform");
  });
});

describe("provenance from git", () => {
  test("in a git repo: --message with the short sha and --annotation GIT_SHA=<sha>", async () => {
    const r = await deploy([], { git: clean });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.deploys[0]!.argv).toEqual([...BASE_ARGV, "--message", `Add the demo app (${SHA.slice(0, 12)})`, "--annotation", `GIT_SHA=${SHA}`, "--json", "--yes"]);
    // Uncommitted changes are said so.
    const dirty = await deploy([], { git: { ...clean, dirty: true } });
    const argv = dirty.deploys[0]!.argv;
    expect(argv[argv.indexOf("--message") + 1]).toBe(`Add the demo app (${SHA.slice(0, 12)}, with uncommitted changes)`);
    expect(argv[argv.indexOf("--annotation") + 1]).toBe(`GIT_SHA=${SHA}-dirty`);
  });

  test("the user's own --message and GIT_SHA annotation win", async () => {
    const own = await deploy(["--message", "mine", "--annotation", "GIT_SHA=custom"], { git: clean });
    expect(own.deploys[0]!.argv).toEqual([...BASE_ARGV, "--message", "mine", "--annotation", "GIT_SHA=custom", "--json", "--yes"]);
    const msgOnly = await deploy(["--message", "mine", "--annotation", "K=v"], { git: clean });
    expect(msgOnly.deploys[0]!.argv).toEqual([...BASE_ARGV, "--message", "mine", "--annotation", "K=v", "--annotation", `GIT_SHA=${SHA}`, "--json", "--yes"]);
  });

  test("outside a git repo: no message, no annotation", async () => {
    const r = await deploy([]);
    expect(r.deploys[0]!.argv).not.toContain("--message");
    expect(r.deploys[0]!.argv).not.toContain("--annotation");
  });
});

describe("--dry-run, --json, --listing-request", () => {
  test("--dry-run: prints the exact command and the checklist, never deploys, exit 0", async () => {
    const r = await deploy(["--dry-run", "--no-cache"], { git: { sha: SHA, subject: "Ship it", dirty: false } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `Would run (in .):\n  ${r.falPath} deploy ${APP_REF} --app-name demo-app --auth shared --strategy rolling --no-cache --message 'Ship it (${SHA.slice(0, 12)})' --annotation GIT_SHA=${SHA} --json --yes\n`,
    );
    expect(r.stdout).toMatch(/Publishing checklist\n  ○ todo   Deployed in shared mode\n +dry run: would deploy app\.py::DemoApp/);
    // Only the version probe ran (to check the flags exist in this fal); never `fal deploy`.
    expect(r.calls.map((c) => c.argv)).toEqual([["--version"]]);
  });

  test("--dry-run from another directory names the manifest's directory", async () => {
    const dir = app();
    const r = await deploy(["--dry-run", "--manifest", "app"], { cwd: path.dirname(dir) });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nWould run \(in app\):\n/);
  });

  test("--dry-run without any fal installed still shows the command (exit 0)", async () => {
    const r = await deploy(["--dry-run"], { via: "missing" });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`Would run (in .):\n  fal deploy ${APP_REF} --app-name demo-app`);
    expect(r.stderr).toMatch(/note: The fal CLI was not found/);
    expect(r.document).toMatchObject({ fal: { path: "fal", version: null } });
  });

  test("--dry-run --json: one JSON document with the argv and the checklist", async () => {
    const r = await deploy(["--dry-run", "--json"]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, dryRun: true, outcome: null, argv: DEFAULT_ARGV, cwd: r.cwd, fal: { path: r.falPath, version: "1.83.0" } });
    expect(doc.checklist.map((i: { id: string }) => i.id)).toContain("deployed-shared");
    expect(r.stderr).toMatch(/^Would run/m);
    expect(r.deploys).toEqual([]);
  });

  test("--json: stdout is exactly one JSON document; fal's output goes to stderr", async () => {
    const r = await deploy(["--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout); // throws if anything else is on stdout
    expect(Object.keys(doc)).toEqual(["schemaVersion", "tool", "dryRun", "command", "argv", "cwd", "fal", "findings", "outcome", "platform", "checklist"]);
    expect(doc).toMatchObject({ schemaVersion: 1, dryRun: false, outcome: { kind: "deployed", revision: REVISION, appName: "my-app" }, argv: DEFAULT_ARGV });
    expect(doc.checklist.find((i: { id: string }) => i.id === "deployed-shared").status).toBe("done");
    expect(r.stderr).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(r.stderr).toContain("✓ Build complete");
    expect(r.stderr).toContain("✔ Deployed my-app");
    expect(r.stdout).not.toContain("Deploying 'MyApp'");
  });

  test("--output json with no-credentials-json: exit 3, one document with outcome not-authenticated", async () => {
    const r = await deploy(["--output", "json"], { replay: "no-credentials-json" });
    expect(r.exitCode).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.outcome.kind).toBe("not-authenticated");
    expect(doc.checklist.find((i: { id: string }) => i.id === "deployed-shared").status).toBe("failed");
  });

  test("--json with fal missing: exit 4 and an error document", async () => {
    const r = await deploy(["--json"], { via: "missing" });
    expect(r.exitCode).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, error: { message: expect.stringMatching(/not found on PATH/), exitCode: 4 } });
  });

  test("--listing-request writes the Markdown with endpoint, billing and price", async () => {
    const dir = app();
    edit(path.join(dir, "falpub.yaml"), "  # unit_price_usd: 0.01", "  unit_price_usd: 0.02");
    mkdirSync(path.join(dir, "out"));
    const r = await deploy(["--listing-request", "out/listing.md"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Wrote the listing request to out\/listing\.md/);
    expect(r.document).toMatchObject({ listingRequest: "out/listing.md" });
    const md = readFileSync(path.join(dir, "out", "listing.md"), "utf8");
    expect(md).toMatch(/^# Marketplace listing request: /);
    expect(md).toMatch(/\*\*Endpoint id:\*\* `<owner>\/demo-app`/);
    expect(md).toContain(`**Revision:** \`${REVISION}\``);
    expect(md).toMatch(/\*\*Billing unit:\*\* per_image/);
    expect(md).toMatch(/\*\*Proposed price:\*\* \$0\.02 per image/);
    expect(md).toMatch(/\*\*Auth mode:\*\* shared/);
  });

  test("--listing-request with --dry-run: written, revision not deployed yet", async () => {
    const dir = app();
    const r = await deploy(["--dry-run", "--listing-request", "listing.md"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "listing.md"), "utf8")).toContain("**Revision:** (not deployed yet)");
  });

  test("a listing request that cannot be written after a deploy: reported, the outcome kept, exit 0", async () => {
    const r = await deploy(["--json", "--listing-request", "listing.md"], {
      writeFile: () => {
        throw new Error("ENOSPC: no space left on device");
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/falpub: could not write the listing request to listing\.md: ENOSPC/);
    const doc = JSON.parse(r.stdout);
    expect(doc.outcome.kind).toBe("deployed");
    expect(doc.listingRequest).toBeUndefined();
  });

  test("--help mentions every option", () => {
    const help = deployCommand().helpInformation();
    const opts = ["--app-name", "--auth", "--strategy", "--attach", "--detach", "--no-scale", "--reset-scale", "--no-cache", "--force-env-build", "--message", "--annotation", "--env", "--team", "--output", "--json", "--check", "--yes", "--dry-run", "--manifest", "--fal", "--timeout", "--strict", "--listing-request"];
    for (const o of opts) expect(help).toContain(o);
  });
});

test("the scaffold the scenarios start from; edit() cannot silently miss", () => {
  const dir = app();
  expect(readFileSync(path.join(dir, "falpub.yaml"), "utf8")).toContain(`ref: ${APP_REF}`);
  expect(() => edit(path.join(dir, "falpub.yaml"), "no such text", "x")).toThrow(/not found/);
});
