// `falpub check` on a real terminal: pretty output wraps to the terminal's width, and every
// finding starts with a clickable path:line:col. Off a terminal it wraps at 80.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { edit, falpub, tempDirs } from "./helpers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = path.join(root, "bin", "falpub.js");
const dirs = tempDirs();
let dir: string;

beforeAll(async () => {
  const base = dirs.make();
  const made = await falpub(["init", "app", "--billing", "per_image", "--name", "demo-app"], { cwd: base });
  expect(made.exitCode, made.stderr).toBe(0);
  dir = path.join(base, "app");
  // Long messages: private auth and a missing card.
  edit(path.join(dir, "falpub.yaml"), "auth: shared", "auth: private");
  edit(path.join(dir, "falpub.yaml"), /^  title: .*\n/m, "");
  edit(path.join(dir, "falpub.yaml"), /^  description: .*\n/m, "");
});
afterAll(() => dirs.cleanup());

function onPty(cols: number): string[] {
  const script = path.join(dir, "..", "none.json");
  writeFileSync(script, "[]");
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm", NO_COLOR: "1", PTY_COLS: String(cols) };
  delete env.CI;
  const r = spawnSync("python3", [path.join(root, "test/support/pty_run.py"), script, "--", process.execPath, bin, "check"], { cwd: dir, env, encoding: "utf8", timeout: 30_000 });
  expect(r.status, r.stdout).toBe(1);
  return r.stdout.replace(/\r\n/g, "\n").trimEnd().split("\n");
}

test("on a terminal the lines fill its width, and no line is longer", () => {
  const wide = onPty(140);
  const narrow = onPty(64);
  for (const [lines, cols] of [[wide, 140], [narrow, 64]] as const) {
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(cols);
    expect(lines).toContainEqual(expect.stringMatching(/^  falpub\.yaml:8:9  error  /));
  }
  expect(Math.max(...wide.map((l) => l.length))).toBeGreaterThan(100);
  expect(narrow.length).toBeGreaterThan(wide.length);
});

test("off a terminal (a pipe) it wraps at 80", async () => {
  const r = await falpub(["check"], { cwd: dir });
  const lines = r.stdout.trimEnd().split("\n");
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(70);
});
