// `falpub check` of many apps loads yaml and zod in the middle of the run, at the first app that
// needs each (src/commands/check-apps.ts): every app's report must be the same whether the apps
// that need them come first or last, in every format.
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

test.each(["json", "pretty", "sarif", "github", "concise"])("--format %s: the same report whether the broken apps come first or last", async (format) => {
  const names = apps.map((a) => path.relative(root, a));
  const broken = [names[1], names[4], names[5]];
  const plain = names.filter((n) => !broken.includes(n));
  const run = (order: string[]) => falpub(["check", "--format", format, ...order, "apps/unreadable/falpub.yaml"], { cwd: root });
  const last = await run([...plain, ...broken]);
  const first = await run([...broken, ...plain]);
  expect(last.exitCode, last.stderr).toBe(2);
  expect(first.exitCode).toBe(2);
  expect(first.stderr).toBe(last.stderr);
  if (format === "json") {
    const byManifest = (out: string) => Object.fromEntries(JSON.parse(out).results.map((r: { manifest: string }) => [r.manifest, r]));
    expect(Object.keys(byManifest(last.stdout))).toHaveLength(7);
    expect(byManifest(first.stdout)).toEqual(byManifest(last.stdout));
  } else {
    // The same lines, in another order.
    expect(first.stdout.split("\n").sort()).toEqual(last.stdout.split("\n").sort());
  }
});
