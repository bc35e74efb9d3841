// `falpub deploy` through the built bin, with the fake fal (test/support/fake-fal.mjs) on PATH,
// which records argv/cwd/env and replays outputs recorded from the real fal 1.83.0. Only what
// needs real processes is here (streams and exit codes of the bin, commander's wiring, signals,
// killing fal); every scenario is in-process in test/unit/deploy/run.test.ts.
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import { makeFakeFal } from "../support/fal-env.js";
import { BIN, falpub, STACK_FRAME } from "./helpers.js";
import { APP_REF, DEFAULT_ARGV, deploySuite, deployWith, pidsWithEnv } from "./deploy-helpers.js";

const REVISION = "00000000-0000-4000-8000-00000000c0de"; // in test/fixtures/fal-1.83.0/deployed-json
const { dirs, fakes, app } = deploySuite();
const deploy = (args: string[], opts: Omit<Parameters<typeof deployWith>[1], "fakes" | "cwd"> & { cwd?: string } = {}) =>
  deployWith(args, { cwd: opts.cwd ?? app(), fakes, ...opts });

describe("falpub deploy (the bin)", () => {
  test.concurrent("deployed: exit 0; fal's log, the outcome and the checklist on stdout; fal run in the manifest's directory", async () => {
    const dir = app();
    const r = await deploy([], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.all.map((x) => x.argv)).toEqual([["--version"], DEFAULT_ARGV, ["apps", "list", "--json", "--filter", "my-app"]]);
    expect(r.deploys[0]!.cwd).toBe(dir);
    expect(r.stdout).toContain(`Running: ${r.fake.falPath} deploy ${APP_REF}`);
    expect(r.stdout).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(r.stdout).not.toContain(`{"revision"`);
    expect(r.stdout).toContain(`✔ Deployed my-app, revision ${REVISION} (deployed)`);
    expect(r.stdout).toMatch(/Publishing checklist\n  ✔ done   Deployed in shared mode\n/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  test.concurrent("--json: stdout is exactly one JSON document; fal's output goes to stderr", async () => {
    const r = await deploy(["--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout); // throws if anything else is on stdout
    expect(doc).toMatchObject({ schemaVersion: 1, tool: { name: "falpub" }, dryRun: false, outcome: { kind: "deployed", revision: REVISION }, argv: DEFAULT_ARGV });
    expect(r.stderr).toContain("Deploying 'MyApp' as app 'my-app'");
  });

  test.concurrent("--dry-run: the exact command and the checklist, exit 0; only `fal --version` runs", async () => {
    const r = await deploy(["--dry-run"]);
    expect(r.exitCode, r.stderr).toBe(0);
    // The command that would run is the dry run's outcome: printed last, after the checklist.
    expect(r.stdout.trimEnd().endsWith(`\nWould run (in .):\n  ${r.fake.falPath} deploy ${APP_REF} --app-name demo-app --auth shared --strategy rolling --json --yes`)).toBe(true);
    expect(r.stdout).toMatch(/Publishing checklist\n  ○ todo   Deployed in shared mode/);
    expect(r.all.map((x) => x.argv)).toEqual([["--version"]]);
  });

  test.concurrent("--auth private → exit 1, one clear message, fal never runs", async () => {
    const r = await deploy(["--auth", "private"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^falpub: Refusing to deploy with auth `private`/m);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stdout).toBe("");
    expect(r.all).toEqual([]);
  });

  test.concurrent("an unknown flag → exit 2 (commander), fal never runs", async () => {
    const r = await deploy(["--bogus"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(r.all).toEqual([]);
  });

  test.concurrent("fal missing → exit 4 with how to install it", async () => {
    const r = await falpub(["deploy"], { cwd: app() });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/^falpub: The fal CLI was not found on PATH, in the project's \.venv or in uv's tool directory\. Install it into the project's \.venv \(`uv pip install fal`/);
    expect(r.stdout).toBe("");
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
    const fake = makeFakeFal({ replay: "hang" });
    fakes.push(fake);
    const child = execa(process.execPath, [BIN(), "deploy"], { cwd: app(), env: fake.env({ NO_COLOR: "1", CI: "true" }), extendEnv: false, stdin: "ignore", reject: false, encoding: "utf8" });
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

  test.concurrent("--help shows every option and the examples", async () => {
    const r = await falpub(["deploy", "--help"], { cwd: dirs.make() });
    expect(r.exitCode).toBe(0);
    for (const o of ["--app-name", "--attach", "--no-scale", "--reset-scale", "--dry-run", "--json", "--timeout", "--listing-request"]) expect(r.stdout).toContain(o);
    expect(r.stdout).toMatch(/Examples:\n  falpub deploy --dry-run/);
  });
});
