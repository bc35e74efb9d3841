// falpub's .pre-commit-hooks.yaml, run by pre-commit itself (pip-installed into
// .cache/pre-commit-venv by test/support/setup-pre-commit.sh) on a temp git repository:
// pre-commit installs falpub from a git repo of the current sources (npm install -g git+file://…,
// the path scripts/prepare.mjs makes work), then runs the hook on a clean and a broken app.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { edit } from "../cli/helpers.js";
import { REPO_ROOT } from "../support/fal-env.js";
import { commitAll } from "../support/git.js";
import { copySources } from "../support/package.js";

let preCommit: string;
let hookRepo: string;
let hookRev: string;
const work = mkdtempSync(path.join(tmpdir(), "falpub-pre-commit-"));
// The user's environment (the hook's install fetches falpub's build tools from the registry:
// proxy and CA settings must reach npm), without what `npm test` or a git hook would add.
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|GIT_|PRE_COMMIT)/i.test(k))),
  PRE_COMMIT_HOME: path.join(work, "cache"),
  NO_COLOR: "1",
  GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid",
};
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env, encoding: "utf8" });

beforeAll(() => {
  preCommit = execFileSync("bash", [fileURLToPath(new URL("../support/setup-pre-commit.sh", import.meta.url))], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  hookRepo = copySources();
  hookRev = commitAll(hookRepo, "falpub under test");
}, 600_000);
afterAll(() => {
  for (const d of [work, hookRepo]) if (d) rmSync(d, { recursive: true, force: true });
});

it("installs and runs the falpub-check hook: a clean app passes, a broken one fails", () => {
  const repo = path.join(work, "project");
  execFileSync(process.execPath, [path.join(REPO_ROOT, "bin", "falpub.js"), "init", repo, "--billing", "per_request"], { env: { ...env, CI: "true" } });
  writeFileSync(path.join(repo, ".pre-commit-config.yaml"), `repos:\n  - repo: ${hookRepo}\n    rev: ${hookRev}\n    hooks:\n      - id: falpub-check\n`);
  git(repo, "init", "-q");
  git(repo, "add", "-A");

  const clean = spawnSync(preCommit, ["run", "--all-files", "--color", "never"], { cwd: repo, env, encoding: "utf8", timeout: 400_000 });
  expect(clean.stdout + clean.stderr).toMatch(/falpub check\.+Passed/);
  expect(clean.status).toBe(0);

  edit(path.join(repo, "falpub.yaml"), "auth: shared", "auth: private");
  git(repo, "add", "-A");
  const broken = spawnSync(preCommit, ["run", "--all-files", "--color", "never"], { cwd: repo, env, encoding: "utf8", timeout: 120_000 });
  expect(broken.stdout).toMatch(/falpub check\.+Failed/);
  expect(broken.stdout).toMatch(/FP101/);
  expect(broken.status).toBe(1);

  // Nothing falpub looks at is staged: the hook is skipped.
  git(repo, "commit", "-qm", "x", "--no-verify");
  writeFileSync(path.join(repo, "notes.txt"), "hello\n");
  git(repo, "add", "notes.txt");
  const skipped = spawnSync(preCommit, ["run", "--color", "never"], { cwd: repo, env, encoding: "utf8", timeout: 120_000 });
  expect(skipped.stdout).toMatch(/falpub check\.+\(no files to check\)Skipped/);
  expect(skipped.status).toBe(0);
}, 600_000);
