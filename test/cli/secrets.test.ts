// Through the built bin: a canary FAL_KEY (and FAL_KEY_SECRET) in falpub's environment reaches
// the real fal child through the environment, never argv, and never appears in anything falpub
// prints or writes, with a fal that echoes its env and argv (so the key is in fal's own output,
// which falpub streams and tails). Every other secrets scenario is in-process in
// test/unit/deploy/secrets.test.ts.
import { execa } from "execa";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyBase, pidsWithEnv, scaffoldBase } from "./deploy-helpers.js";
import { BASE_PATH, BIN, falpub, listFiles, tempDirs, type Run } from "./helpers.js";
import { assertLoopback } from "../support/platform-harness.js";
import { startPlatformServer, type PlatformServer } from "../support/platform-server.js";

const dirs = tempDirs();
let base: string;
// With FAL_KEY set, deploy asks the Platform API after a deployed outcome: the local imitation,
// which echoes the Authorization header in its errors (this key is not one it knows: 401).
let platform: PlatformServer;
beforeAll(async () => {
  platform = await startPlatformServer();
  platform.state.echoKeyInErrors = true;
  assertLoopback(platform.env());
});
afterAll(() => platform.close());

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
  base = await scaffoldBase(dirs.make());
});
afterAll(() => dirs.cleanup());

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

function echoFal(): { env: (mode: string) => NodeJS.ProcessEnv; records: () => Array<{ argv: string[]; env: Record<string, string> }>; record: string } {
  const dir = dirs.make("falpub-echofal-");
  mkdirSync(path.join(dir, "bin"));
  writeFileSync(path.join(dir, "echo-fal.mjs"), ECHO_FAL);
  writeFileSync(path.join(dir, "bin", "fal"), `#!/bin/sh\nexec "${process.execPath}" "${path.join(dir, "echo-fal.mjs")}" "$@"\n`);
  chmodSync(path.join(dir, "bin", "fal"), 0o755);
  const record = path.join(dir, "record.jsonl");
  return {
    record,
    env: (mode) => ({ PATH: `${path.join(dir, "bin")}${path.delimiter}${BASE_PATH}`, HOME: dir, LANG: "C.UTF-8", NO_COLOR: "1", CI: "true", ECHO_MODE: mode, ECHO_RECORD: record, ...platform.env(), ...SECRET_ENV }),
    records: () => (existsSync(record) ? readFileSync(record, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []),
  };
}

const app = () => copyBase(base, () => dirs.make());

describe("no secret in any output of the bin, with a fal that echoes its env and argv", () => {
  test.concurrent("deployed, --json --listing-request: the key went by environment only, and is nowhere in the output or files", async () => {
    const dir = app();
    const fal = echoFal();
    const r = await falpub(["deploy", "--json", "--listing-request", "listing.md"], { cwd: dir, env: fal.env("ok") });
    expect(r.exitCode, r.stderr).toBe(0);
    // The platform check asked the imitation (whose 401 echoes the key) and said it failed.
    expect(platform.log.some((l) => l.path === "/v1/serverless/apps")).toBe(true);
    expect(JSON.parse(r.stdout).platform.error).toMatch(/unauthorized \(HTTP 401\)/);
    // The echo reached falpub (so redaction, not silence, kept the key out).
    expect(r.stderr).toContain("FAL_KEY=***");
    expect(existsSync(path.join(dir, "listing.md"))).toBe(true);
    expectNoCanary(r, dir);
    const deploys = fal.records().filter((x) => x.argv[0] === "deploy");
    expect(deploys).toHaveLength(1);
    expect(deploys[0]!.env.FAL_KEY).toBe(FAL_KEY);
    expect(deploys[0]!.env.FAL_KEY_SECRET).toBe(FAL_KEY_SECRET);
    expect(JSON.stringify(deploys[0]!.argv)).not.toContain(SECRET_HALF);
  });

  test.concurrent("timeout (pretty) and SIGINT (--json) while an echoing fal hangs", async () => {
    const fal = echoFal();
    const timedOut = await falpub(["deploy", "--timeout", "2"], { cwd: app(), env: fal.env("hang") });
    expect(timedOut.exitCode).toBe(3);
    expect(timedOut.stdout).toContain("FAL_KEY=***");
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
