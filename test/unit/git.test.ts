// src/git.ts against real git in temp directories.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { readGitInfo } from "../../src/git.js";
import { commitAll } from "../support/git.js";

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "falpub-git-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("HEAD's sha and subject; dirty once a file changes or appears", async () => {
  const d = dir();
  writeFileSync(path.join(d, "app.py"), "x = 1\n");
  const sha = commitAll(d, "Add the demo app");
  expect(await readGitInfo(d)).toEqual({ sha, subject: "Add the demo app", dirty: false });
  writeFileSync(path.join(d, "notes.txt"), "wip\n");
  expect(await readGitInfo(d)).toEqual({ sha, subject: "Add the demo app", dirty: true });
});

test("not a repository, or git missing: undefined", async () => {
  // GIT_CEILING_DIRECTORIES keeps git from finding a repository above the temp dir.
  const d = dir();
  expect(await readGitInfo(d, { env: { PATH: process.env.PATH, GIT_CEILING_DIRECTORIES: path.dirname(d) } })).toBeUndefined();
  expect(await readGitInfo(d, { env: { PATH: "/nonexistent" } })).toBeUndefined();
});

test("a git that does not answer in time: undefined", async () => {
  const d = dir();
  writeFileSync(path.join(d, "app.py"), "x = 1\n");
  commitAll(d, "x");
  // No git process starts and answers within 1 ms.
  expect(await readGitInfo(d, { timeoutMs: 1 })).toBeUndefined();
});

test("a repository without a commit yet: undefined; a subject keeps its spaces and symbols", async () => {
  const d = dir();
  const env = { PATH: process.env.PATH, HOME: d, GIT_CEILING_DIRECTORIES: path.dirname(d) };
  execFileSync("git", ["init", "-q"], { cwd: d, env });
  expect(await readGitInfo(d, { env })).toBeUndefined();
  writeFileSync(path.join(d, "app.py"), "x = 1\n");
  const sha = commitAll(d, "  fix: 50% off — \"quotes\" %s %x00 ");
  expect(await readGitInfo(d)).toEqual({ sha, subject: "fix: 50% off — \"quotes\" %s %x00", dirty: false });
});
