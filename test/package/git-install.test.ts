// `npm install -g <git url>`: npm clones falpub, installs its devDependencies, runs `prepare`
// (the build) and installs the packed clone. npm leaks --global into that nested install
// (npm/cli#8440); scripts/prepare.mjs works around it. Tested on a local bare clone.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { commitAll } from "../support/git.js";
import { copySources } from "../support/package.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The environment of a user's shell: none of the npm_* variables `npm test` sets. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

it("installs globally from a git+file:// URL and runs", () => {
  const sources = copySources();
  const work = mkdtempSync(path.join(tmpdir(), "falpub-git-install-"));
  made.push(sources, work);
  commitAll(sources, "falpub under test");
  const bare = path.join(work, "falpub.git");
  execFileSync("git", ["clone", "-q", "--bare", sources, bare]);
  const prefix = path.join(work, "prefix");

  const r = spawnSync("npm", ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", `git+file://${bare}`], { encoding: "utf8", env: userEnv(), timeout: 280_000 });
  expect(r.status, r.stderr).toBe(0);

  const installed = path.join(prefix, "lib", "node_modules", "falpub");
  expect(existsSync(path.join(installed, "dist", "cli.js"))).toBe(true);
  expect(existsSync(path.join(installed, "node_modules"))).toBe(false); // no runtime dependencies
  const bin = path.join(prefix, "bin", "falpub");
  const env = { PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter), HOME: work, NO_COLOR: "1", CI: "true" };
  const version = spawnSync(bin, ["--version"], { encoding: "utf8", env });
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  const app = path.join(work, "app");
  expect(spawnSync(bin, ["init", app, "--billing", "per_request"], { encoding: "utf8", env }).status).toBe(0);
  const check = spawnSync(bin, ["check", app], { encoding: "utf8", env });
  expect(check.status, check.stdout + check.stderr).toBe(0);
}, 300_000);
