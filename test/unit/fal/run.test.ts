// The I/O half of the adapter, against the fake fal (test/support/fake-fal.mjs).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildDeployArgv } from "../../../src/fal/argv.js";
import { captureFal, locateFal, streamFal } from "../../../src/fal/run.js";
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

describe("captureFal", () => {
  it("captures fal's output with no redaction (the client redacts) and a scrubbed env", async () => {
    const f = fake({ version: "1.83.0" });
    const r = await captureFal(f.falPath, ["--version"], { env: f.env({ FORCE_COLOR: "1", FAL_KEY: "kid:ksecretvalue" }), timeoutMs: 10_000 });
    expect(r).toMatchObject({ exitCode: 0, stdout: "1.83.0", stderr: "", timedOut: false });
    expect(f.records()[0]!.env).not.toHaveProperty("FORCE_COLOR");
    expect(f.records()[0]!.env).toMatchObject({ NO_COLOR: "1", FAL_KEY: "kid:ksecretvalue" });
  });
  it("a missing binary has no exit code, and Node's reason", async () => {
    const r = await captureFal("/nonexistent/fal", ["--version"], { env: {}, timeoutMs: 5000 });
    expect(r.exitCode).toBeNull();
    expect(r.why).toMatch(/ENOENT|nonexistent/);
  });
});

describe("streamFal", () => {
  const argv = buildDeployArgv({ ref: "app.py::MyApp", auth: "shared", json: true, yes: true });

  it("passes argv as-is (no shell), cwd, and a scrubbed env", async () => {
    const f = fake({ replay: "no-credentials-json" });
    const cwd = mkdtempSync(path.join(tmpdir(), "falpub-cwd-"));
    try {
      const weird = buildDeployArgv({ ref: "app.py", message: "$(touch pwned) ; `x` 'q' \"d\"", json: true });
      const r = await streamFal(f.falPath, weird, {
        cwd, timeoutMs: 10_000, env: f.env({ FORCE_COLOR: "1", _ARGCOMPLETE: "1", COMP_LINE: "x", COMP_POINT: "1", FAL_KEY: "kid:ksecretvalue" }),
      });
      expect(r).toMatchObject({ exitCode: 1, timedOut: false, interrupted: false, timeoutMs: 10_000 });
      expect(r.stdout).toContain("You must be authenticated");
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
    const r = await streamFal(f.falPath, argv, { cwd: f.dir, env: f.env(), timeoutMs: 10_000, onStdout: (l) => out.push(l), onStderr: (l) => err.push(l) });
    expect(r.exitCode).toBe(2);
    expect(out).toEqual([]);
    expect(err.at(-1)).toBe("fal deploy: error: argument --auth: everyone is not a auth option");
    expect(err[0]).toMatch(/^Usage: fal deploy/);
    expect(r.stderr.split("\n")).toEqual(err);
  });

  it("kills on timeout and reports it", async () => {
    const f = fake({ replay: "hang" });
    const t0 = Date.now();
    const r = await streamFal(f.falPath, argv, { cwd: f.dir, env: f.env(), timeoutMs: 400, forceKillAfterMs: 200 });
    expect(r).toMatchObject({ timedOut: true, interrupted: false, timeoutMs: 400 });
    expect(r.stdout).toContain("Deploying 'MyApp' as app 'my-app'");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("SIGKILLs a child that ignores SIGTERM", async () => {
    const f = fake({ replay: "hang-stubborn" });
    const t0 = Date.now();
    const r = await streamFal(f.falPath, argv, { cwd: f.dir, env: f.env(), timeoutMs: 300, forceKillAfterMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("forwards SIGINT to the child and reports interrupted", async () => {
    const f = fake({ replay: "hang" });
    let sent = false;
    const r = await streamFal(f.falPath, argv, {
      cwd: f.dir, env: f.env(), timeoutMs: 20_000,
      // Interrupt once the child is up (its first line arrived), and only once: a SIGINT emitted
      // after streamFal is done would find its handlers gone (they are checked below).
      onStdout: () => {
        if (!sent) setTimeout(() => process.emit("SIGINT", "SIGINT"), 50);
        sent = true;
      },
    });
    expect(r).toMatchObject({ exitCode: 1, interrupted: true, stdout: "Deploying 'MyApp' as app 'my-app'\n✘ Aborted." });
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("a fal that cannot be spawned has no exit code and says why on stderr", async () => {
    const r = await streamFal("/nonexistent/fal", argv, { cwd: tmpdir(), env: {}, timeoutMs: 5000 });
    expect(r.exitCode).toBeNull();
    expect(r.stderr).toMatch(/ENOENT|nonexistent/);
  });
});
