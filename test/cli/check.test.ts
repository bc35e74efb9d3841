// `falpub check` in-process (src/program.ts, as the bin runs it): exit codes, the four formats,
// --strict, several paths, usage errors; and one run of the built bin against the same projects.
// Projects are scaffolded by `falpub init` itself, then edited.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyApp, edit, falpub, falpubIn, STACK_FRAME, tempDirs } from "./helpers.js";

const dirs = tempDirs();
let root: string; // holds clean/, errors/, warns/, badyaml/, empty/
let clean: string;

beforeAll(async () => {
  root = dirs.make();
  const made = await falpubIn(["init", "clean", "--billing", "per_image", "--name", "demo-app"], { cwd: root });
  expect(made.exitCode, made.stderr).toBe(0);
  clean = path.join(root, "clean");

  // An error: the manifest says private (FP101 at falpub.yaml:8:9, the value of app.auth).
  copyApp(clean, path.join(root, "errors"));
  edit(path.join(root, "errors", "falpub.yaml"), "auth: shared", "auth: private");
  // Only a warning: no marketplace.title (FP701).
  copyApp(clean, path.join(root, "warns"));
  edit(path.join(root, "warns", "falpub.yaml"), /^  title: .*\n/m, "");
  // Malformed YAML.
  copyApp(clean, path.join(root, "badyaml"));
  writeFileSync(path.join(root, "badyaml", "falpub.yaml"), "version: 1\napp:\n  ref: [app.py::X\n  auth: shared\n");
  mkdirSync(path.join(root, "empty"));
});
afterAll(() => dirs.cleanup());

const noStack = (r: { stdout: string; stderr: string }) => {
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stdout).not.toMatch(STACK_FRAME);
};

describe("falpub check --preview", () => {
  test.concurrent("pretty: the units of each billing example of the scaffold", async () => {
    const r = await falpubIn(["check", "--preview"], { cwd: clean });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("billing preview (demo-app)");
    expect(r.stdout).toMatch(/  \/  example 1 \{"prompt":"a red fox in the snow","num_images":1\}  →  1 unit\n/);
    expect(r.stdout).toMatch(/  \/  example 2 \{"prompt":"three foxes","num_images":3\}  →  3 units\n/);
  });

  test.concurrent("json: a preview array per result, only with --preview", async () => {
    const r = await falpubIn(["check", "--preview", "--format", "json"], { cwd: clean });
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.results[0].preview.map((p: { units: number; declared: number }) => [p.units, p.declared])).toEqual([[1, 1], [3, 3]]);
    const plain = JSON.parse((await falpubIn(["check", "--format", "json"], { cwd: clean })).stdout);
    expect(plain.results[0].preview).toBeUndefined();
  });
});

describe("falpub check", () => {
  test.concurrent("a clean scaffold passes: exit 0, nothing on stderr", async () => {
    const r = await falpubIn(["check"], { cwd: clean });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/no problems in 1 app/);
    const strict = await falpubIn(["check", "--strict"], { cwd: clean });
    expect(strict.exitCode).toBe(0);
  });

  test.concurrent("errors: exit 1, each finding with file, line:col and code", async () => {
    const r = await falpubIn(["check", "errors"], { cwd: root });
    expect(r.exitCode).toBe(1);
    // pretty groups findings under the file, then "line:col  severity".
    // pretty: a heading per app, then `path:line:col  severity  message  [CODE]` lines.
    expect(r.stdout).toMatch(/^errors\/falpub\.yaml \(demo-app\)$/m);
    expect(r.stdout).toMatch(/^  errors\/falpub\.yaml:8:9  error  [^[]*\[FP101\]/m);
    expect(r.stdout).toMatch(/✖ \d+ errors?, 0 warnings in 1 app/);
    noStack(r);
  });

  test.concurrent("--format json: one document with schemaVersion and positioned findings", async () => {
    const r = await falpubIn(["check", "errors", "--format", "json"], { cwd: root });
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    const fp101 = doc.results[0].diagnostics.find((d: { code: string }) => d.code === "FP101");
    expect(fp101).toMatchObject({ severity: "error", file: "errors/falpub.yaml", line: 8, column: 9 });
  });

  test.concurrent("--format github: every line is a workflow command", async () => {
    const r = await falpubIn(["check", "errors", "warns", "--format", "github"], { cwd: root });
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l.startsWith("::")).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=errors\/falpub\.yaml,line=8,col=9,title=FP101 /));
    expect(lines).toContainEqual(expect.stringMatching(/^::warning file=warns\/falpub\.yaml,line=\d+,col=\d+,title=FP701 /));
  });

  test.concurrent("--format sarif: SARIF 2.1.0 with the finding's region", async () => {
    const r = await falpubIn(["check", "errors", "--format", "sarif"], { cwd: root });
    expect(r.exitCode).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "FP101");
    expect(result.level).toBe("error");
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 8, startColumn: 9 });
  });

  test.concurrent("--format pretty is the default; an unknown format is a usage error", async () => {
    const a = await falpubIn(["check", "errors", "--format", "pretty"], { cwd: root });
    const b = await falpubIn(["check", "errors"], { cwd: root });
    expect(a.stdout).toBe(b.stdout);
    const bad = await falpubIn(["check", "--format", "xml"], { cwd: clean });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/xml/);
    expect(bad.stdout).toBe("");
  });

  test.concurrent("warnings: exit 0, with --strict exit 1", async () => {
    const r = await falpubIn(["check", "warns"], { cwd: root });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/\d+:\d+  warning\b[^[]*\[FP701\]/);
    const s = await falpubIn(["check", "--strict", "warns"], { cwd: root });
    expect(s.exitCode).toBe(1);
    expect(s.stdout).toMatch(/\[FP701\]/);
    const json = JSON.parse((await falpubIn(["check", "--strict", "--format", "json", "warns"], { cwd: root })).stdout);
    expect(json.schemaVersion).toBe(1);
  });

  test.concurrent("several paths in one call: one report over all apps, worst exit code", async () => {
    const r = await falpubIn(["check", "clean", "warns/falpub.yaml", "errors", "--format", "json"], { cwd: root });
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.results.map((x: { manifest: string }) => x.manifest).sort()).toEqual(["clean/falpub.yaml", "errors/falpub.yaml", "warns/falpub.yaml"]);
    const ok = await falpubIn(["check", "clean", "warns"], { cwd: root });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/in 2 apps/);
  });

  test.concurrent("a directory without falpub.yaml: exit 2 with a clear message", async () => {
    const r = await falpubIn(["check", "empty"], { cwd: root });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^falpub: No falpub\.yaml in empty, below it or above it\./m);
    expect(r.stderr).toMatch(/falpub init/);
    expect(r.stdout).toBe("");
    noStack(r);
    const cwdEmpty = await falpubIn(["check"], { cwd: path.join(root, "empty") });
    expect(cwdEmpty.exitCode).toBe(2);
    expect(cwdEmpty.stderr).toMatch(/No falpub\.yaml in the current directory, below it or above it/);
  });

  test.concurrent("a missing path: exit 2 naming it; the other path is still checked", async () => {
    const r = await falpubIn(["check", "clean", "does-not-exist"], { cwd: root });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/does-not-exist: no such file or directory/);
    expect(r.stdout).toMatch(/no problems in 1 app/);
    noStack(r);
  });

  test.concurrent("--format json with a missing path: exit 2 and one JSON error document on stdout", async () => {
    const r = await falpubIn(["check", "--format", "json", "does-not-exist"], { cwd: root });
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, error: { exitCode: 2, message: expect.stringMatching(/does-not-exist: no such file or directory/) } });
    noStack(r);
  });

  test.concurrent("malformed YAML: exit 1 with FP001 at a position, no stack trace", async () => {
    const r = await falpubIn(["check", "badyaml"], { cwd: root });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^badyaml\/falpub\.yaml\n  badyaml\/falpub\.yaml:\d+:\d+  error .*/m);
    expect(r.stdout).toMatch(/\[FP001\]/);
    noStack(r);
    const json = JSON.parse((await falpubIn(["check", "badyaml", "--format", "json"], { cwd: root })).stdout);
    const codes = json.results[0].diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toContain("FP001");
  });

  test.concurrent("an unknown flag: exit 2, message on stderr, nothing on stdout", async () => {
    const r = await falpubIn(["check", "--bogus"], { cwd: clean });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(r.stdout).toBe("");
  });

  test.concurrent("a fal key pasted as app.name is never printed, in any format (not even as the app's heading)", async () => {
    const dir = copyApp(clean, path.join(root, "keyname"));
    const secret = "s3cr3tV4lu3-abcdefGHIJ";
    edit(path.join(dir, "falpub.yaml"), "name: demo-app", `name: "01234567-89ab-cdef-0123-456789abcdef:${secret}"`);
    for (const format of ["pretty", "concise", "json", "github", "sarif"]) {
      const r = await falpubIn(["check", "keyname", "--format", format], { cwd: root });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain("FP601");
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });

  test.concurrent("--help: exit 0 and mentions every option", async () => {
    const r = await falpubIn(["check", "--help"], { cwd: clean });
    expect(r.exitCode).toBe(0);
    for (const opt of ["--format", "pretty", "json", "github", "sarif", "--strict", "--help", "paths"]) expect(r.stdout).toContain(opt);
  });
});

describe("the built bin", () => {
  // The rest of this file runs src/program.ts in-process; the bin must give byte-for-byte the
  // same report, stderr and exit code (src/cli.ts only wires the process's streams to it).
  test.concurrent("gives the same output and exit code as the in-process runs", async () => {
    for (const args of [["check", "clean"], ["check", "errors", "--format", "json"], ["check", "warns", "--strict", "--concise"], ["check", "badyaml"], ["check", "nowhere"], ["check", "--bogus"]]) {
      const [bin, inProcess] = await Promise.all([falpub(args, { cwd: root }), falpubIn(args, { cwd: root })]);
      expect({ args, exitCode: bin.exitCode, stdout: bin.stdout, stderr: bin.stderr }).toEqual({ args, exitCode: inProcess.exitCode, stdout: inProcess.stdout, stderr: inProcess.stderr });
      noStack(bin);
    }
  });
});
