// check's outputs as CI and people use them: concise lines, --output-file, and two formats in
// one run (annotations on stdout, SARIF to a file for upload).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { edit, falpubIn, tempDirs } from "./helpers.js";

const dirs = tempDirs();
let root: string;

beforeAll(async () => {
  root = dirs.make();
  const made = await falpubIn(["init", "bad", "--billing", "per_image", "--name", "demo-app"], { cwd: root });
  expect(made.exitCode, made.stderr).toBe(0);
  edit(path.join(root, "bad", "falpub.yaml"), "auth: shared", "auth: private");
  edit(path.join(root, "bad", "falpub.yaml"), /^  title: .*\n/m, "");
});
afterAll(() => dirs.cleanup());

describe("falpub check outputs", () => {
  test.concurrent("--format concise / --concise: one path:line:col line per finding, then the counts", async () => {
    const r = await falpubIn(["check", "--concise", "bad"], { cwd: root });
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^bad\/falpub\.yaml:8:9: error FP101 \S/));
    expect(lines).toContainEqual(expect.stringMatching(/^bad\/falpub\.yaml:\d+:\d+: warning FP701 \S/));
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^[^\s:]+:\d+:\d+: (error|warning|info) FP\d{3} /);
    expect(lines.at(-1)).toMatch(/^\d+ errors?, 1 warning in 1 app$/);
    expect((await falpubIn(["check", "--format", "concise", "bad"], { cwd: root })).stdout).toBe(r.stdout);
  });

  test.concurrent("-o writes the format to a file, not stdout; a summary goes to stderr", async () => {
    const r = await falpubIn(["check", "bad", "--format", "json", "-o", "report.json"], { cwd: root });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/wrote the json report to report\.json \(\d+ errors?, 1 warning in 1 app\)/);
    const doc = JSON.parse(readFileSync(path.join(root, "report.json"), "utf8"));
    expect(doc.results[0].diagnostics.map((d: { code: string }) => d.code)).toContain("FP101");
  });

  test.concurrent("annotations on stdout and SARIF to a file in one run", async () => {
    const r = await falpubIn(["check", "bad", "--format", "github", "--sarif-file", "missing/falpub.sarif"], { cwd: root });
    expect(r.exitCode).toBe(2); // missing/ does not exist: a usage error, and nothing printed as if it worked
    expect(r.stderr).toMatch(/Cannot write missing\/falpub\.sarif: ENOENT/);
    expect(r.stdout).toBe("");

    const ok = await falpubIn(["check", "bad", "--format", "github", "--sarif-file", "falpub.sarif"], { cwd: root });
    expect(ok.exitCode).toBe(1);
    expect(ok.stdout).toMatch(/^::error file=bad\/falpub\.yaml,line=8,col=9,title=FP101 /m);
    const sarif = JSON.parse(readFileSync(path.join(root, "falpub.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain("FP101");
    // The file is written whole: no temp file is left behind.
    expect(readdirSync(root).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test.concurrent("--concise with another --format is a usage error", async () => {
    const r = await falpubIn(["check", "bad", "--concise", "--format", "json"], { cwd: root });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--concise and --format json ask for two formats/);
    expect(existsSync(path.join(root, "bad", "report.json"))).toBe(false);
  });
});
