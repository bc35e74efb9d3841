// Where `falpub check` looks, met as a user would: a monorepo written here as code (apps
// scaffolded by `falpub init`, a git repo with a .gitignore), then check from its root, from
// inside an app, with a .py / pyproject.toml argument and with a path that does not exist.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pathToFileURL } from "node:url";
import { baseEnv, edit, falpubIn, tempDirs } from "./helpers.js";

const dirs = tempDirs();
let repo: string; // git: apps/alpha, apps/beta (untracked but not ignored), build/gamma (ignored)
let plain: string; // no git: apps/alpha, node_modules/pkg, .venv/lib

const manifestsOf = (stdout: string): string[] => JSON.parse(stdout).results.map((r: { manifest: string }) => r.manifest).sort();
const codesOf = (stdout: string): string[] => JSON.parse(stdout).results.flatMap((r: { diagnostics: Array<{ code: string }> }) => r.diagnostics.map((d) => d.code));

beforeAll(async () => {
  const base = dirs.make();
  const seed = path.join(base, "seed");
  const made = await falpubIn(["init", seed, "--billing", "per_image", "--name", "alpha"], { cwd: base });
  expect(made.exitCode, made.stderr).toBe(0);

  repo = path.join(base, "repo");
  cpSync(seed, path.join(repo, "apps", "alpha"), { recursive: true });
  cpSync(seed, path.join(repo, "apps", "beta"), { recursive: true });
  edit(path.join(repo, "apps", "beta", "falpub.yaml"), "auth: shared", "auth: private"); // FP101 in beta
  cpSync(seed, path.join(repo, "build", "gamma"), { recursive: true });
  writeFileSync(path.join(repo, ".gitignore"), "build/\n");
  mkdirSync(path.join(repo, "apps", "alpha", "src"));
  writeFileSync(path.join(repo, "apps", "alpha", "src", "helpers.py"), "def helper():\n    return 1\n");
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", ...args], { cwd: repo, stdio: "ignore" });
  git("init", "-q");
  git("add", ".gitignore", "apps/alpha");
  git("commit", "-q", "-m", "alpha"); // beta stays untracked: git still lists it (--others)

  plain = path.join(base, "plain");
  cpSync(seed, path.join(plain, "apps", "alpha"), { recursive: true });
  cpSync(seed, path.join(plain, "node_modules", "pkg"), { recursive: true });
  cpSync(seed, path.join(plain, ".venv", "lib"), { recursive: true });
  cpSync(path.join(repo, "apps", "beta"), path.join(plain, "apps", "beta"), { recursive: true });
});
afterAll(() => dirs.cleanup());

describe("falpub check: discovery", () => {
  test.concurrent("at a repository root: every manifest below it that git does not ignore", async () => {
    const r = await falpubIn(["check", "--format", "json"], { cwd: repo });
    expect(r.exitCode).toBe(1); // beta is private
    expect(manifestsOf(r.stdout)).toEqual(["apps/alpha/falpub.yaml", "apps/beta/falpub.yaml"]);
    const pretty = await falpubIn(["check"], { cwd: repo });
    expect(pretty.stdout).toMatch(/in 2 apps/);
  });

  test.concurrent("without git: a walk that skips node_modules and .venv", async () => {
    const r = await falpubIn(["check", "--format", "json"], { cwd: plain });
    expect(r.exitCode).toBe(1);
    expect(manifestsOf(r.stdout)).toEqual(["apps/alpha/falpub.yaml", "apps/beta/falpub.yaml"]);
  });

  test.concurrent("from a subdirectory of an app: walks up to its manifest", async () => {
    const cwd = path.join(repo, "apps", "alpha", "src");
    const r = await falpubIn(["check", "--format", "json"], { cwd });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(manifestsOf(r.stdout)).toEqual(["../falpub.yaml"]);
  });

  test.concurrent("a .py or pyproject.toml argument means the app that uses it, never parsed as YAML", async () => {
    const py = await falpubIn(["check", "--format", "json", "apps/alpha/app.py"], { cwd: repo });
    expect(py.exitCode, py.stderr).toBe(0);
    expect(manifestsOf(py.stdout)).toEqual(["apps/alpha/falpub.yaml"]);
    expect(codesOf(py.stdout)).not.toContain("FP001");

    const toml = await falpubIn(["check", "--format", "json", "apps/beta/pyproject.toml"], { cwd: repo });
    expect(toml.exitCode).toBe(1);
    expect(manifestsOf(toml.stdout)).toEqual(["apps/beta/falpub.yaml"]);
    expect(codesOf(toml.stdout)).toEqual(expect.arrayContaining(["FP101"]));
    expect(codesOf(toml.stdout)).not.toContain("FP001");
  });

  test.concurrent("a .py no app uses: a note, not an error", async () => {
    const r = await falpubIn(["check", "apps/alpha/src/helpers.py"], { cwd: repo });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/note: apps\/alpha\/src\/helpers\.py: no falpub\.yaml .* uses this file/);
    expect(r.stdout).toMatch(/in 0 apps/);
  });

  test.concurrent("a missing path is reported and the other paths are still checked: exit 2", async () => {
    const r = await falpubIn(["check", "--format", "json", "apps/alpha", "nope", "apps/beta"], { cwd: repo });
    expect(r.exitCode).toBe(2);
    expect(manifestsOf(r.stdout)).toEqual(["apps/alpha/falpub.yaml", "apps/beta/falpub.yaml"]);
    expect(codesOf(r.stdout)).toContain("FP101");
    expect(r.stderr).toMatch(/^falpub: nope: no such file or directory/m);
    expect(r.stderr).toMatch(/1 path was not checked \(exit 2\)/);
  });

  test.concurrent("a file that is neither a manifest, .py nor pyproject.toml is refused, not parsed", async () => {
    const r = await falpubIn(["check", "apps/alpha/README.md"], { cwd: repo });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/README\.md is not a falpub\.yaml, a Python file or a pyproject\.toml/);
    expect(r.stdout).toBe("");
  });

  test.concurrent("annotations and SARIF from a subdirectory (working-directory:) name files from the repository root", async () => {
    const cwd = path.join(repo, "apps", "beta");
    const gh = await falpubIn(["check", "--format", "github"], { cwd });
    expect(gh.exitCode).toBe(1);
    expect(gh.stdout).toMatch(/^::error file=apps\/beta\/falpub\.yaml,line=8,col=9,title=FP101 /m);
    const sarif = JSON.parse((await falpubIn(["check", "--format", "sarif"], { cwd })).stdout);
    const run = sarif.runs[0];
    const fp101 = run.results.find((x: { ruleId: string }) => x.ruleId === "FP101");
    expect(fp101.locations[0].physicalLocation.artifactLocation).toEqual({ uri: "apps/beta/falpub.yaml", uriBaseId: "%SRCROOT%" });
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toBe(`${pathToFileURL(repo).href}/`);
    expect(fp101.partialFingerprints["falpub/v1"]).toMatch(/^[0-9a-f]{32}$/);
  });

  test.concurrent("outside git, GITHUB_WORKSPACE is the root the annotation paths start from", async () => {
    const cwd = path.join(plain, "apps", "beta");
    const r = await falpubIn(["check", "--format", "github"], { cwd, env: baseEnv({ GITHUB_WORKSPACE: plain }) });
    expect(r.stdout).toMatch(/^::error file=apps\/beta\/falpub\.yaml,line=8,col=9,title=FP101 /m);
    const without = await falpubIn(["check", "--format", "github"], { cwd });
    expect(without.stdout).toMatch(/^::error file=falpub\.yaml,line=8,col=9,title=FP101 /m);
  });
});
