// A canary FAL_KEY (and FAL_KEY_SECRET) in falpub's environment must never appear in anything
// falpub prints, returns or writes: in every deploy scenario, pretty and JSON, success and
// failure, with recorded fal outputs and with a fal that echoes its environment and argv (so
// the key is in fal's own output, which falpub streams and tails). In-process; that the key
// reaches the real child by environment is test/cli/secrets.test.ts's.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { listFiles } from "../../cli/helpers.js";
import type { Recording } from "../../support/replay-fal.js";
import { app, cleanup, deploy, type DeployRun } from "./harness.js";

afterAll(cleanup);

// Fresh per run, shaped like a real key: <uuid>:<32 hex>.
const SECRET_HALF = randomBytes(16).toString("hex");
const FAL_KEY = `${randomUUID()}:${SECRET_HALF}`;
const FAL_KEY_SECRET = randomBytes(16).toString("hex");
const CANARIES = { FAL_KEY, SECRET_HALF, FAL_KEY_SECRET };
const SECRET_ENV = { FAL_KEY, FAL_KEY_SECRET };

/** No canary in stdout, stderr, the returned document, or any file under the given directories. */
function expectNoCanary(r: Pick<DeployRun, "stdout" | "stderr" | "document">, ...written: string[]) {
  const doc = JSON.stringify(r.document);
  for (const [name, value] of Object.entries(CANARIES)) {
    expect(r.stdout.includes(value), `${name} in stdout`).toBe(false);
    expect(r.stderr.includes(value), `${name} in stderr`).toBe(false);
    expect(doc.includes(value), `${name} in the document`).toBe(false);
    for (const dir of written) {
      for (const file of listFiles(dir)) expect(readFileSync(path.join(dir, file), "latin1").includes(value), `${name} in ${file}`).toBe(false);
    }
  }
}

/** No fal argv carries the key (it goes by environment only). */
function expectKeyNotInArgv(r: DeployRun) {
  for (const c of r.calls) expect(JSON.stringify(c.argv)).not.toContain(SECRET_HALF);
}

/** What an echoing fal prints: the key in several forms, and the environment it got. */
const dump = `FAL_KEY=${FAL_KEY} secret=${SECRET_HALF} FAL_KEY_SECRET=${FAL_KEY_SECRET} env=${JSON.stringify(SECRET_ENV)}`;
const ECHO: Record<string, Recording> = {
  ok: { stdout: `${dump}\n${JSON.stringify({ revision: "rev-1", app_name: "demo-app", status: "deployed", key: FAL_KEY })}\n`, stderr: `${dump}\n`, exitCode: 0 },
  auth: { stdout: `${dump}\n✘ You must be authenticated. Key ${FAL_KEY} secret ${SECRET_HALF} was refused.\n`, stderr: `${dump}\n`, exitCode: 1 },
  fail: { stdout: `${dump}\n✘ Something failed with ${FAL_KEY} and ${FAL_KEY_SECRET}\n`, stderr: `${dump}\n`, exitCode: 1 },
  timeout: { stdout: `${dump}\n`, stderr: `${dump}\n`, exitCode: null, timedOut: true },
  interrupted: { stdout: `${dump}\n✘ Aborted.\n`, stderr: `${dump}\n`, exitCode: 1, interrupted: true },
};
const echoAppsList: Recording = { stdout: `${dump}\n{"apps": [{"alias": "demo-app", "auth_mode": "private", "revision": "rev-1"}]}\n`, stderr: `${dump}\n`, exitCode: 0 };

describe("no secret in any output: recorded fal outputs", () => {
  const cases: Array<[string, string[], number]> = [
    ["deployed-json", [], 0],
    ["deployed-json", ["--json", "--listing-request", "listing.md"], 0],
    ["no-credentials-json", [], 3],
    ["no-credentials-json", ["--json"], 3],
    ["unreachable-json", ["--json"], 3],
    ["build-failed-json", [], 3],
    ["syntax-error", ["--json"], 3],
  ];
  test.each(cases)("%s %j → exit %i", async (replay, args, code) => {
    const dir = app();
    const r = await deploy(args, { cwd: dir, replay, env: SECRET_ENV });
    expect(r.exitCode, r.stderr).toBe(code);
    expectNoCanary(r, dir);
    expectKeyNotInArgv(r);
    expect(r.deploys).toHaveLength(1);
    if (args.includes("--listing-request")) expect(existsSync(path.join(dir, "listing.md"))).toBe(true);
  });

  test.each([[[]], [["--json"]]])("--dry-run %j", async (args) => {
    const r = await deploy(["--dry-run", ...args], { env: SECRET_ENV });
    expect(r.exitCode).toBe(0);
    expectNoCanary(r);
    expect(r.deploys).toEqual([]);
  });

  test("refusals and a too-old fal", async () => {
    const refused = await deploy(["--auth", "private", "--json"], { env: SECRET_ENV });
    expect(refused.exitCode).toBe(1);
    expectNoCanary(refused);
    const old = await deploy([], { version: "1.60.0", env: SECRET_ENV });
    expect(old.exitCode).toBe(4);
    expectNoCanary(old);
  });
});

describe("no secret in any output: a fal that echoes its env and argv", () => {
  const cases: Array<[string, string[], number]> = [
    ["ok", [], 3], // the echoing apps list says private, so the not-shared message is on the path too
    ["ok", ["--json", "--listing-request", "listing.md"], 3],
    ["auth", [], 3],
    ["auth", ["--json"], 3],
    ["fail", [], 3],
    ["fail", ["--output", "json"], 3],
    ["timeout", ["--timeout", "2"], 3],
    ["interrupted", ["--json"], 130],
  ];
  test.each(cases)("mode %s %j → exit %i", async (mode, args, code) => {
    const dir = app();
    const r = await deploy(args, { cwd: dir, replay: ECHO[mode], appsList: echoAppsList, env: SECRET_ENV });
    expect(r.exitCode, r.stderr).toBe(code);
    // The echo reached falpub (so redaction, not silence, kept the key out).
    expect(r.stdout + r.stderr).toContain("FAL_KEY=***");
    expectNoCanary(r, dir);
    expectKeyNotInArgv(r);
  });

  test("a fal whose --version crashes printing the key → exit 4, key redacted", async () => {
    const r = await deploy([], { version: { stdout: "", stderr: `${dump}\nTraceback: bad key ${FAL_KEY}\n`, exitCode: 1 }, env: SECRET_ENV });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/--version` failed \(exit 1\): Traceback: bad key \*\*\*/);
    expectNoCanary(r);
  });

  test("the key typed into a flag is passed to fal but never echoed", async () => {
    const dry = await deploy(["--dry-run", "--message", `key ${FAL_KEY}`], { env: SECRET_ENV });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain("--message 'key ***'");
    expectNoCanary(dry);
    const run = await deploy(["--json", "--message", `key ${FAL_KEY}`], { replay: ECHO.ok, env: SECRET_ENV });
    expect(run.exitCode).toBe(0);
    expectNoCanary(run);
    expect(run.deploys[0]!.argv).toContain(`key ${FAL_KEY}`);
  });

  test("a key-shaped value not in the environment is redacted too", async () => {
    const other = `${randomUUID()}:${randomBytes(16).toString("hex")}`;
    const r = await deploy([], { replay: { stdout: `leaked ${other}\n`, stderr: "", exitCode: 1 } });
    expect(r.stdout + r.stderr + JSON.stringify(r.document)).not.toContain(other.split(":")[1]);
    expect(r.stdout).toContain("leaked ***");
  });
});
