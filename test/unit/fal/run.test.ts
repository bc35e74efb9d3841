// The I/O half of the adapter, against the fake fal (test/support/fake-fal.mjs).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildDeployArgv } from "../../../src/fal/argv.js";
import { locateFal, readFalVersion, runFalDeploy } from "../../../src/fal/run.js";
import { makeFakeFal, type FakeFal } from "../../support/fal-env.js";

const fakes: FakeFal[] = [];
const fake = (opts: Parameters<typeof makeFakeFal>[0] = {}) => {
  const f = makeFakeFal(opts);
  fakes.push(f);
  return f;
};
afterEach(() => {
  while (fakes.length) fakes.pop()!.cleanup();
});

describe("locateFal", () => {
  it("finds fal on PATH (searched in JS)", () => {
    const f = fake();
    expect(locateFal({ env: f.env(), cwd: f.dir })).toEqual({ path: f.falPath, source: "PATH" });
  });
  it("prefers --fal, then FALPUB_FAL", () => {
    const f = fake();
    const other = fake();
    expect(locateFal({ flag: other.falPath, env: f.env({ FALPUB_FAL: f.falPath }), cwd: f.dir })).toEqual({ path: other.falPath, source: "flag" });
    expect(locateFal({ env: f.env({ FALPUB_FAL: other.falPath }), cwd: f.dir })).toEqual({ path: other.falPath, source: "FALPUB_FAL" });
  });
  it("resolves a relative --fal against cwd, and a bare name on PATH", () => {
    const f = fake();
    expect(locateFal({ flag: "bin/fal", env: {}, cwd: f.dir })).toEqual({ path: f.falPath, source: "flag" });
    expect(locateFal({ flag: "fal", env: f.env() })).toEqual({ path: f.falPath, source: "flag" });
  });
  it("is an error when missing, not executable, or a directory — never a silent fallback", () => {
    const f = fake();
    const plain = path.join(f.dir, "plain");
    writeFileSync(plain, "#!/bin/sh\n");
    chmodSync(plain, 0o644);
    expect(locateFal({ env: { PATH: "/nonexistent" }, cwd: f.dir })).toMatchObject({ error: expect.stringMatching(/uv tool install fal.*pipx install fal|uv pip install fal/) });
    expect(locateFal({ flag: plain, env: f.env() })).toMatchObject({ error: expect.stringContaining("not an executable") });
    expect(locateFal({ flag: f.binDir, env: f.env() })).toMatchObject({ error: expect.any(String) });
    expect(locateFal({ env: f.env({ FALPUB_FAL: "/nope/fal" }) })).toMatchObject({ error: expect.stringContaining("FALPUB_FAL") });
  });
  it("ignores empty PATH entries (cwd) and non-executable candidates", () => {
    const f = fake();
    const d = path.join(f.dir, "other");
    mkdirSync(d);
    writeFileSync(path.join(d, "fal"), "");
    expect(locateFal({ env: { PATH: `:${d}:${f.binDir}` }, cwd: f.dir })).toEqual({ path: f.falPath, source: "PATH" });
  });
  it("finds the project's .venv/bin/fal (pip's or uv's venv, not activated) before PATH, from a subdirectory too", () => {
    const onPath = fake();
    const project = fake();
    const venvBin = path.join(project.dir, ".venv", "bin");
    mkdirSync(venvBin, { recursive: true });
    const venvFal = path.join(venvBin, "fal");
    writeFileSync(venvFal, "#!/bin/sh\n");
    chmodSync(venvFal, 0o755);
    mkdirSync(path.join(project.dir, ".git"));
    const sub = path.join(project.dir, "apps", "a");
    mkdirSync(sub, { recursive: true });
    expect(locateFal({ env: onPath.env(), cwd: project.dir })).toEqual({ path: venvFal, source: "venv" });
    expect(locateFal({ env: onPath.env(), cwd: sub })).toEqual({ path: venvFal, source: "venv" });
    expect(locateFal({ env: onPath.env(), cwd: onPath.dir, projectDir: sub })).toEqual({ path: venvFal, source: "venv" });
    // --fal and FALPUB_FAL still win
    expect(locateFal({ env: onPath.env({ FALPUB_FAL: onPath.falPath }), cwd: sub })).toEqual({ path: onPath.falPath, source: "FALPUB_FAL" });
  });
  it("stops looking for a .venv at the repository root", () => {
    const outer = fake();
    const venvBin = path.join(outer.dir, ".venv", "bin");
    mkdirSync(venvBin, { recursive: true });
    writeFileSync(path.join(venvBin, "fal"), "#!/bin/sh\n");
    chmodSync(path.join(venvBin, "fal"), 0o755);
    const repo = path.join(outer.dir, "repo");
    mkdirSync(path.join(repo, ".git"), { recursive: true });
    expect(locateFal({ env: { PATH: "/nonexistent" }, cwd: repo })).toMatchObject({ error: expect.any(String) });
  });
  it("falls back to uv's tool directory when fal is not on PATH", () => {
    const f = fake();
    const env = { PATH: "/nonexistent", HOME: "/nonexistent-home" };
    expect(locateFal({ env: { ...env, UV_TOOL_BIN_DIR: f.binDir }, cwd: f.dir })).toEqual({ path: f.falPath, source: "uv-tool" });
    expect(locateFal({ env: { ...env, XDG_BIN_HOME: f.binDir }, cwd: f.dir })).toEqual({ path: f.falPath, source: "uv-tool" });
    const home = fake();
    mkdirSync(path.join(home.dir, ".local", "bin"), { recursive: true });
    const uvFal = path.join(home.dir, ".local", "bin", "fal");
    writeFileSync(uvFal, "#!/bin/sh\n");
    chmodSync(uvFal, 0o755);
    expect(locateFal({ env: { PATH: "/nonexistent", HOME: home.dir }, cwd: f.dir })).toEqual({ path: uvFal, source: "uv-tool" });
    // PATH first
    expect(locateFal({ env: { PATH: f.binDir, HOME: home.dir }, cwd: f.dir })).toEqual({ path: f.falPath, source: "PATH" });
  });
});

describe("readFalVersion", () => {
  it("reads the bare version", async () => {
    const f = fake({ version: "1.83.0" });
    expect(await readFalVersion(f.falPath, f.env())).toEqual({ version: { kind: "release", raw: "1.83.0", parts: [1, 83, 0] } });
  });
  it("a dev build is assumed newest", async () => {
    const f = fake({ version: "1.84.0.dev2+gabc" });
    expect(await readFalVersion(f.falPath, f.env())).toMatchObject({ version: { kind: "assume-newest" } });
  });
  it("a broken fal is a clear error naming the cause", async () => {
    const f = fake({ version: "crash" });
    const r = await readFalVersion(f.falPath, f.env());
    expect(r).toMatchObject({ error: expect.stringMatching(/exit 1.*FAL_HOST must start with 'api'/) });
  });
  it("garbage output is an error", async () => {
    const f = fake({ version: "hello" });
    expect(await readFalVersion(f.falPath, f.env())).toMatchObject({ error: expect.stringContaining("printed no version") });
  });
  it("a missing binary is an error", async () => {
    expect(await readFalVersion("/nonexistent/fal", {})).toMatchObject({ error: expect.any(String) });
  });
});

describe("runFalDeploy", () => {
  const argv = buildDeployArgv({ ref: "app.py::MyApp", auth: "shared", json: true, yes: true });

  it("passes argv as-is (no shell), cwd, and a scrubbed env; maps the replayed output", async () => {
    const f = fake({ replay: "no-credentials-json" });
    const cwd = mkdtempSync(path.join(tmpdir(), "falpub-cwd-"));
    try {
      const weird = buildDeployArgv({ ref: "app.py", message: "$(touch pwned) ; `x` 'q' \"d\"", json: true });
      const o = await runFalDeploy(f.falPath, weird, {
        cwd, timeoutMs: 10_000, env: f.env({ FORCE_COLOR: "1", _ARGCOMPLETE: "1", COMP_LINE: "x", COMP_POINT: "1", FAL_KEY: "kid:ksecretvalue" }),
      });
      expect(o.kind).toBe("not-authenticated");
      const [rec] = f.records();
      expect(rec!.argv).toEqual(weird);
      expect(rec!.cwd).toBe(cwd);
      expect(rec!.env).not.toHaveProperty("FORCE_COLOR");
      expect(rec!.env).not.toHaveProperty("_ARGCOMPLETE");
      expect(rec!.env).toMatchObject({ NO_COLOR: "1", PYTHONUNBUFFERED: "1", FAL_KEY: "kid:ksecretvalue" });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("streams both streams line by line while keeping the tail", async () => {
    const f = fake({ replay: "bad-auth" });
    const out: string[] = [];
    const err: string[] = [];
    const o = await runFalDeploy(f.falPath, argv, { cwd: f.dir, env: f.env(), timeoutMs: 10_000, onStdout: (l) => out.push(l), onStderr: (l) => err.push(l) });
    expect(o).toMatchObject({ kind: "failed", exitCode: 2 });
    expect(out).toEqual([]);
    expect(err.at(-1)).toBe("fal deploy: error: argument --auth: everyone is not a auth option");
    expect(err[0]).toMatch(/^Usage: fal deploy/);
  });

  it("parses a successful JSON run", async () => {
    const f = fake();
    const file = path.join(f.dir, "ok.json");
    writeFileSync(file, JSON.stringify({
      stdout: "Deploying 'MyApp' as app 'my-app'\n\n✓ Build complete\n{\"revision\": \"rev-1\", \"app_name\": \"my-app\", \"status\": \"deployed\"}\n",
      stderr: "", exitCode: 0,
    }));
    const o = await runFalDeploy(f.falPath, argv, { cwd: f.dir, env: f.env({ FAKE_FAL_REPLAY: file }), timeoutMs: 10_000 });
    expect(o).toEqual({ kind: "deployed", appName: "my-app", revision: "rev-1", status: "deployed", urls: [], exitCode: 0 });
  });

  it("never lets a secret out, in the outcome or the live stream", async () => {
    const f = fake();
    const file = path.join(f.dir, "leak.json");
    const key = "kid-000001:ksecretvalue-abcdef";
    writeFileSync(file, JSON.stringify({ stdout: `debug FAL_KEY=${key}\n✘ failed with ${key}\n`, stderr: `token ghp_abcdef123\n`, exitCode: 1 }));
    const seen: string[] = [];
    const o = await runFalDeploy(f.falPath, argv, {
      cwd: f.dir, timeoutMs: 10_000, env: f.env({ FAKE_FAL_REPLAY: file, FAL_KEY: key, GH_TOKEN: "ghp_abcdef123" }),
      onStdout: (l) => seen.push(l), onStderr: (l) => seen.push(l),
    });
    const all = JSON.stringify(o) + seen.join("\n");
    expect(all).not.toContain("ksecretvalue");
    expect(all).not.toContain("ghp_abcdef123");
    expect(all).toContain("***");
  });

  it("kills on timeout and reports it", async () => {
    const f = fake({ replay: "hang" });
    const t0 = Date.now();
    const o = await runFalDeploy(f.falPath, argv, { cwd: f.dir, env: f.env(), timeoutMs: 800, forceKillAfterMs: 500 });
    expect(o).toMatchObject({ kind: "timeout", timeoutMs: 800 });
    expect(o.kind === "timeout" && o.tail).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("SIGKILLs a child that ignores SIGTERM", async () => {
    const f = fake({ replay: "hang-stubborn" });
    const t0 = Date.now();
    const o = await runFalDeploy(f.falPath, argv, { cwd: f.dir, env: f.env(), timeoutMs: 500, forceKillAfterMs: 300 });
    expect(o.kind).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("forwards SIGINT to the child and reports interrupted", async () => {
    const f = fake({ replay: "hang" });
    const p = runFalDeploy(f.falPath, argv, {
      cwd: f.dir, env: f.env(), timeoutMs: 20_000,
      // Interrupt once the child is up (its first line arrived).
      onStdout: () => setTimeout(() => process.emit("SIGINT", "SIGINT"), 50),
    });
    const o = await p;
    expect(o).toEqual({ kind: "interrupted", exitCode: 1, tail: ["Deploying 'MyApp' as app 'my-app'", "✘ Aborted."] });
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("a fal that cannot be spawned is failed, with the reason", async () => {
    const o = await runFalDeploy("/nonexistent/fal", argv, { cwd: tmpdir(), env: {}, timeoutMs: 5000 });
    expect(o.kind).toBe("failed");
    expect(o.kind === "failed" && o.tail.join("\n")).toMatch(/ENOENT|nonexistent/);
  });
});
