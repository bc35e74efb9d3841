// zod (~18 ms and ~3 MiB at start) is loaded only to explain a manifest that breaks the schema,
// yaml (~19 ms to import and parse once) only for a text fast-yaml does not take, and lezer
// (15-25 ms to load, as much again for its first parse) only for Python fast-parse.ts does not
// take: `falpub check` of a plain valid app reads none of their dist/ chunks. Proven on the built bin with a loader
// hook that records every module the process loads (test/support/record-loads.mjs). Nor does it
// load the Node built-ins only other paths need (node:crypto for SARIF, node:child_process for
// git, net/tty/stream for process.stdout on a pipe: ~10 ms a start together, test/bench/README.md).
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { REPO_ROOT } from "../support/fal-env.js";
import { baseEnv, BIN, copyApp, edit, falpub, tempDirs } from "./helpers.js";

const dirs = tempDirs();
let root: string;
const dist = path.join(path.dirname(path.dirname(BIN())), "dist");

beforeAll(async () => {
  root = dirs.make();
  const made = await falpub(["init", "valid", "--billing", "per_image", "--name", "demo-app"], { cwd: root });
  expect(made.exitCode, made.stderr).toBe(0);
  copyApp(path.join(root, "valid"), path.join(root, "invalid"));
  edit(path.join(root, "invalid", "falpub.yaml"), "auth: shared", "auth: sharde");
  copyApp(path.join(root, "valid"), path.join(root, "broken"));
  edit(path.join(root, "broken", "app.py"), "class DemoApp(", "class DemoApp((");
  copyApp(path.join(root, "valid"), path.join(root, "folded"));
  edit(path.join(root, "folded", "falpub.yaml"), "  description: Generates images from a text prompt.", "  description: >\n    Generates images\n    from a text prompt.");
});
afterAll(() => dirs.cleanup());

/** The dist/ files `falpub check <app>` loads, by name. */
async function loadedBy(app: string, args: string[] = ["check", app]): Promise<{ files: string[]; stdout: string; exitCode: number | undefined }> {
  const record = path.join(root, `${app}.loads`);
  const hook = pathToFileURL(path.join(REPO_ROOT, "test", "support", "record-loads.mjs")).href;
  const r = await falpub(args, { cwd: root, env: baseEnv({ NODE_OPTIONS: `--import=${hook}`, FALPUB_LOADS_FILE: record }) });
  const urls = existsSync(record) ? readFileSync(record, "utf8").split("\n").filter(Boolean) : [];
  const files = urls.filter((u) => u.startsWith(pathToFileURL(dist).href + "/")).map((u) => path.basename(new URL(u).pathname));
  return { files, stdout: r.stdout, exitCode: r.exitCode };
}

// zod's classes keep their `_zod` property through minification.
const chunksWith = (mark: string) => readdirSync(dist).filter((f) => f.endsWith(".js") && readFileSync(path.join(dist, f), "utf8").includes(mark));
const zodChunks = () => chunksWith("._zod");
// yaml's error class keeps its name (it is a string in the class too).
const yamlChunks = () => chunksWith("YAMLParseError");
// lezer's LR parser throws this (a string, kept by minification).
const lezerChunks = () => chunksWith("No parse at");

test("check of a valid app loads no chunk that holds zod, yaml or lezer", async () => {
  const slow = [...zodChunks(), ...yamlChunks(), ...lezerChunks()];
  expect([zodChunks().length, yamlChunks().length, lezerChunks().length].every((n) => n > 0)).toBe(true);
  const { files, exitCode, stdout } = await loadedBy("valid");
  expect(exitCode, stdout).toBe(0);
  expect(files.some((f) => f.startsWith("check-"))).toBe(true); // the hook saw the check code load
  expect(files.filter((f) => slow.includes(f))).toEqual([]);
});

test("an app.py with a syntax error loads lezer, which places the error (FP901 as before)", async () => {
  const { files, exitCode, stdout } = await loadedBy("broken");
  expect(exitCode).toBe(1);
  expect(stdout).toMatch(/app\.py:\d+:\d+ +error +.*\[FP901\]/);
  expect(files.filter((f) => lezerChunks().includes(f)).length).toBeGreaterThan(0);
});

test("a folded block scalar (valid, beyond fast-yaml) loads yaml but not zod, and passes", async () => {
  const { files, exitCode, stdout } = await loadedBy("folded");
  expect(exitCode, stdout).toBe(0);
  expect(files.filter((f) => yamlChunks().includes(f)).length).toBeGreaterThan(0);
  expect(files.filter((f) => zodChunks().includes(f))).toEqual([]);
});

test("check of an app whose manifest breaks the schema loads zod to explain it (FP011 as before)", async () => {
  const { files, exitCode, stdout } = await loadedBy("invalid");
  expect(exitCode).toBe(1);
  expect(stdout).toContain("Did you mean `shared`?  [FP011]");
  expect(files.filter((f) => zodChunks().includes(f)).length).toBeGreaterThan(0);
});

test("deploy --dry-run of a valid app loads neither zod nor yaml either (the platform client loads only when a deploy reaches its check)", async () => {
  const { files, exitCode, stdout } = await loadedBy("valid", ["deploy", "--dry-run", "--manifest", "valid"]);
  expect(exitCode, stdout).toBe(0);
  expect(files.some((f) => f.startsWith("deploy-"))).toBe(true);
  expect(files.filter((f) => zodChunks().includes(f) || yamlChunks().includes(f) || lezerChunks().includes(f))).toEqual([]);
});

/** The Node built-ins `falpub <args>` loads with stdout and stderr on pipes (as in CI), by name. */
async function builtinsLoadedBy(args: string[]): Promise<{ builtins: string[]; stdout: string; exitCode: number | undefined }> {
  const record = path.join(root, `builtins-${args.join("-").replace(/\W+/g, "_")}.txt`);
  const r = await falpub(args, { cwd: root, env: baseEnv({ NODE_OPTIONS: `--require=${path.join(REPO_ROOT, "test", "support", "record-builtins.cjs")}`, FALPUB_BUILTINS_FILE: record }) });
  return { builtins: readFileSync(record, "utf8").split("\n").filter(Boolean), stdout: r.stdout, exitCode: r.exitCode };
}

test("check with stdout on /dev/null (as CI steps and `> /dev/null` have it) loads no node:tty or net either", () => {
  const record = path.join(root, "builtins-devnull.txt");
  const out = openSync("/dev/null", "w");
  try {
    const r = spawnSync(process.execPath, [BIN(), "check", "valid"], {
      cwd: root,
      env: baseEnv({ NODE_OPTIONS: `--require=${path.join(REPO_ROOT, "test", "support", "record-builtins.cjs")}`, FALPUB_BUILTINS_FILE: record }),
      stdio: ["ignore", out, "pipe"],
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
  } finally {
    closeSync(out);
  }
  const builtins = readFileSync(record, "utf8").split("\n").filter(Boolean);
  expect(builtins).toContain("fs"); // the recorder saw the process
  expect(builtins.filter((m) => ["tty", "net"].includes(m))).toEqual([]);
});

test("check on a pipe loads neither node:crypto, node:child_process, nor a stream for stdout (net, tty); SARIF and a git-tracked directory still work", async () => {
  const lean = await builtinsLoadedBy(["check", "valid"]);
  expect(lean.exitCode, lean.stdout).toBe(0);
  expect(lean.stdout).toContain("no problems in 1 app"); // written with fs.writeSync, all of it
  expect(lean.builtins).toContain("fs"); // the recorder saw the process
  expect(lean.builtins.filter((m) => ["crypto", "child_process", "net", "tty", "internal/fs/sync_write_stream"].includes(m))).toEqual([]);
  // The paths that need them load them on use.
  const sarif = await builtinsLoadedBy(["check", "invalid", "--format", "sarif"]);
  expect(sarif.exitCode).toBe(1);
  expect(JSON.parse(sarif.stdout).runs[0].results[0].partialFingerprints["falpub/v1"]).toMatch(/^[0-9a-f]{32}$/);
  expect(sarif.builtins).toContain("crypto");
});
