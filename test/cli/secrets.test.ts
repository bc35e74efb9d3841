// A canary FAL_KEY (and FAL_KEY_SECRET) in falpub's environment must reach fal through the
// environment, and never appear in anything falpub prints or writes: in every deploy
// scenario, pretty and JSON, success and failure, and with a fake fal that echoes its env
// and argv (so the key is in fal's own output, which falpub streams and tails).
import { execa } from "execa";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FakeFal } from "../support/fal-env.js";
import { APP_REF, copyBase, deployWith, pidsWithEnv, scaffoldBase } from "./deploy-helpers.js";
import { BASE_PATH, BIN, edit, ensureBuilt, falpub, listFiles, tempDirs, type Run } from "./helpers.js";

const dirs = tempDirs();
const fakes: FakeFal[] = [];
let base: string;

// Fresh per run, shaped like a real key: <uuid>:<32 hex>.
const SECRET_HALF = randomBytes(16).toString("hex");
const FAL_KEY = `${randomUUID()}:${SECRET_HALF}`;
const FAL_KEY_SECRET = randomBytes(16).toString("hex");
const CANARIES = { FAL_KEY, SECRET_HALF, FAL_KEY_SECRET };
const SECRET_ENV = { FAL_KEY, FAL_KEY_SECRET };

// A fal that prints its argv and the whole environment (the key in several forms) to both
// streams, then behaves as ECHO_MODE says. Every call is recorded to ECHO_RECORD.
const ECHO_FAL = `
import { appendFileSync } from "node:fs";
const argv = process.argv.slice(2);
const env = process.env;
appendFileSync(env.ECHO_RECORD, JSON.stringify({ argv, cwd: process.cwd(), env }) + "\\n");
const key = env.FAL_KEY ?? "";
const dump = "argv=" + JSON.stringify(argv) + " FAL_KEY=" + key + " secret=" + key.split(":")[1] +
  " FAL_KEY_SECRET=" + env.FAL_KEY_SECRET + " env=" + JSON.stringify(env);
const mode = env.ECHO_MODE;
if (argv[0] === "--version") {
  if (mode === "version-crash") {
    process.stderr.write(dump + "\\nTraceback: bad key " + key + "\\n");
    process.exit(1);
  }
  process.stdout.write("1.83.0\\n");
  process.exit(0);
}
process.stdout.write(dump + "\\n");
process.stderr.write(dump + "\\n");
if (mode === "ok") {
  process.stdout.write(JSON.stringify({ revision: "rev-1", app_name: "demo-app", status: "deployed", key }) + "\\n");
  process.exit(0);
} else if (mode === "auth") {
  process.stdout.write("✘ You must be authenticated. Key " + key + " secret " + key.split(":")[1] + " was refused.\\n");
  process.exit(1);
} else if (mode === "hang") {
  setInterval(() => {}, 1 << 30);
} else {
  process.stdout.write("✘ Something failed with " + key + " and " + env.FAL_KEY_SECRET + "\\n");
  process.exit(1);
}
`;

beforeAll(async () => {
  await ensureBuilt();
  base = await scaffoldBase(dirs.make());
});
afterAll(() => {
  dirs.cleanup();
  for (const f of fakes) f.cleanup();
});

/** No canary in stdout, stderr, or any file under the given directories. */
function expectNoCanary(r: Pick<Run, "stdout" | "stderr">, ...written: string[]) {
  for (const [name, value] of Object.entries(CANARIES)) {
    expect(r.stdout.includes(value), `${name} in stdout`).toBe(false);
    expect(r.stderr.includes(value), `${name} in stderr`).toBe(false);
    for (const dir of written) {
      for (const file of listFiles(dir)) {
        expect(readFileSync(path.join(dir, file), "latin1").includes(value), `${name} in ${file}`).toBe(false);
      }
    }
  }
}

/** fal got the key by environment, never by argv. */
function expectKeyPassedByEnv(records: Array<{ argv: string[]; env: Record<string, string> }>) {
  const deploys = records.filter((x) => x.argv[0] === "deploy");
  expect(deploys).toHaveLength(1);
  expect(deploys[0]!.env.FAL_KEY).toBe(FAL_KEY);
  expect(deploys[0]!.env.FAL_KEY_SECRET).toBe(FAL_KEY_SECRET);
  expect(JSON.stringify(deploys[0]!.argv)).not.toContain(SECRET_HALF);
}

function echoFal(): { env: (mode: string) => NodeJS.ProcessEnv; records: () => Array<{ argv: string[]; env: Record<string, string> }>; record: string } {
  const dir = dirs.make("falpub-echofal-");
  mkdirSync(path.join(dir, "bin"));
  writeFileSync(path.join(dir, "echo-fal.mjs"), ECHO_FAL);
  writeFileSync(path.join(dir, "bin", "fal"), `#!/bin/sh\nexec "${process.execPath}" "${path.join(dir, "echo-fal.mjs")}" "$@"\n`);
  chmodSync(path.join(dir, "bin", "fal"), 0o755);
  const record = path.join(dir, "record.jsonl");
  return {
    record,
    env: (mode) => ({ PATH: `${path.join(dir, "bin")}${path.delimiter}${BASE_PATH}`, HOME: dir, LANG: "C.UTF-8", NO_COLOR: "1", CI: "true", ECHO_MODE: mode, ECHO_RECORD: record, ...SECRET_ENV }),
    records: () => (existsSync(record) ? readFileSync(record, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []),
  };
}

const app = () => copyBase(base, () => dirs.make());

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
  test.concurrent.each(cases)("%s %j → exit %i", async (replay, args, code) => {
    const dir = app();
    const r = await deployWith(args, { cwd: dir, fakes, replay, env: SECRET_ENV });
    expect(r.exitCode, r.stderr).toBe(code);
    expectNoCanary(r, dir);
    expectKeyPassedByEnv(r.all);
    if (args.includes("--listing-request")) expect(existsSync(path.join(dir, "listing.md"))).toBe(true);
  });

  test.concurrent.each([[[]], [["--json"]]])("--dry-run %j", async (args) => {
    const r = await deployWith(["--dry-run", ...args], { cwd: app(), fakes, env: SECRET_ENV });
    expect(r.exitCode).toBe(0);
    expectNoCanary(r);
    expect(r.deploys).toEqual([]);
  });

  test.concurrent("refusals and a too-old fal", async () => {
    const refused = await deployWith(["--auth", "private", "--json"], { cwd: app(), fakes, env: SECRET_ENV });
    expect(refused.exitCode).toBe(1);
    expectNoCanary(refused);
    const old = await deployWith([], { cwd: app(), fakes, version: "1.60.0", env: SECRET_ENV });
    expect(old.exitCode).toBe(4);
    expectNoCanary(old);
    expect(old.all[0]!.env.FAL_KEY).toBe(FAL_KEY);
  });
});

describe("no secret in any output: a fal that echoes its env and argv", () => {
  const cases: Array<[string, string[], number]> = [
    ["ok", [], 0],
    ["ok", ["--json", "--listing-request", "listing.md"], 0],
    ["auth", [], 3],
    ["auth", ["--json"], 3],
    ["fail", [], 3],
    ["fail", ["--output", "json"], 3],
  ];
  test.concurrent.each(cases)("mode %s %j → exit %i", async (mode, args, code) => {
    const dir = app();
    const fal = echoFal();
    const r = await falpub(["deploy", ...args], { cwd: dir, env: fal.env(mode) });
    expect(r.exitCode, r.stderr).toBe(code);
    // The echo reached falpub (so redaction, not silence, kept the key out).
    expect(r.stdout + r.stderr).toContain("FAL_KEY=***");
    expectNoCanary(r, dir);
    expectKeyPassedByEnv(fal.records());
  });

  test.concurrent("a fal whose --version crashes printing the key → exit 4, key redacted", async () => {
    const fal = echoFal();
    const r = await falpub(["deploy"], { cwd: app(), env: fal.env("version-crash") });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/--version` failed/);
    expectNoCanary(r);
  });

  test.concurrent("the key typed into a flag is passed to fal but never echoed", async () => {
    const fal = echoFal();
    const dry = await falpub(["deploy", "--dry-run", "--message", `key ${FAL_KEY}`], { cwd: app(), env: fal.env("ok") });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain("--message 'key ***'");
    expectNoCanary(dry);
    const run = await falpub(["deploy", "--json", "--message", `key ${FAL_KEY}`], { cwd: app(), env: fal.env("ok") });
    expect(run.exitCode, run.stderr).toBe(0);
    expectNoCanary(run);
    const deploy = fal.records().find((x) => x.argv[0] === "deploy")!;
    expect(deploy.argv).toContain(`key ${FAL_KEY}`);
  });

  test.concurrent("timeout and SIGINT while an echoing fal hangs", async () => {
    const fal = echoFal();
    const timedOut = await falpub(["deploy", "--timeout", "2"], { cwd: app(), env: fal.env("hang") });
    expect(timedOut.exitCode).toBe(3);
    expectNoCanary(timedOut);

    const fal2 = echoFal();
    const child = execa(process.execPath, [BIN(), "deploy", "--json"], { cwd: app(), env: fal2.env("hang"), extendEnv: false, stdin: "ignore", reject: false, encoding: "utf8" });
    let err = "";
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    const deadline = Date.now() + 20_000;
    while (!err.includes("FAL_KEY=***") && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(err).toContain("FAL_KEY=***"); // fal is running and echoed its env
    child.kill("SIGINT");
    const r = await child;
    expect(r.exitCode).toBe(130);
    expectNoCanary({ stdout: String(r.stdout), stderr: String(r.stderr) });
    expect(pidsWithEnv(fal2.record, "echo-fal")).toEqual([]);
  });
});

test("the scaffold the scenarios start from is what `falpub init` wrote (sanity)", () => {
  expect(readFileSync(path.join(base, "falpub.yaml"), "utf8")).toContain(`ref: ${APP_REF}`);
  // edit() throws when its pattern is absent, so scenario edits cannot silently miss.
  expect(() => edit(path.join(base, "falpub.yaml"), "no such text", "x")).toThrow();
});
