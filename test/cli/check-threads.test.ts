// `falpub check` of many apps runs on worker threads (src/commands/check-apps.ts): the report,
// the exit code and stderr must be byte for byte what one thread gives, in every format.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyApp, edit, falpub, tempDirs } from "./helpers.js";

const dirs = tempDirs();
let root: string;
let apps: string[];

beforeAll(async () => {
  root = dirs.make("falpub-threads-");
  const seed = path.join(root, "seed");
  const made = await falpub(["init", seed, "--billing", "per_megapixel", "--name", "seed"], { cwd: root });
  expect(made.exitCode, made.stderr).toBe(0);
  apps = [];
  for (let i = 0; i < 7; i++) apps.push(copyApp(seed, path.join(root, "apps", `app-${i}`)));
  edit(path.join(apps[1], "falpub.yaml"), "auth: shared", "auth: private"); // FP101
  edit(path.join(apps[4], "app.py"), "def ", "def def "); // a Python syntax error
  edit(path.join(apps[5], "falpub.yaml"), "version: 1", "version: [1"); // malformed YAML
  // A path that cannot be read as a manifest: reported, the others still checked (exit 2).
  mkdirSync(path.join(root, "apps", "unreadable", "falpub.yaml"), { recursive: true });
  writeFileSync(path.join(root, "apps", "README.md"), "not an app\n");
});
afterAll(() => dirs.cleanup());

test.each(["json", "pretty", "sarif", "github", "concise"])("--format %s: 1, 2 and 4 threads give the same report", async (format) => {
  const args = ["check", "--format", format, ...apps.map((a) => path.relative(root, a)), "apps/unreadable/falpub.yaml"];
  const one = await falpub(args, { cwd: root, env: { FALPUB_JOBS: "1" } });
  expect(one.exitCode, one.stderr).toBe(2);
  if (format === "json") expect(JSON.parse(one.stdout).results).toHaveLength(7);
  for (const jobs of ["2", "4"]) {
    const many = await falpub(args, { cwd: root, env: { FALPUB_JOBS: jobs } });
    expect({ code: many.exitCode, stdout: many.stdout, stderr: many.stderr }).toEqual({ code: one.exitCode, stdout: one.stdout, stderr: one.stderr });
  }
});
