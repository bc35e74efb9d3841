// `falpub init --adopt` on a copy of a realistic existing fal app, in-process (src/program.ts, as the bin runs it).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { EXISTING_APP, writeExistingApp } from "../support/existing-app.js";
import { edit, falpubIn, listFiles, tempDirs } from "./helpers.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));

describe("falpub init --adopt", () => {
  test.concurrent("writes only falpub.yaml, filled from the code; the app's files stay byte for byte", async () => {
    const dir = writeExistingApp(dirs.make());
    const before = snapshot(dir);
    const r = await falpubIn(["init", "--adopt"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✔ Wrote falpub\.yaml for sdxl-turbo \(app\.py::SdxlTurbo, per_megapixel\); no other file was touched \(the editor schema is \.falpub\/falpub\.schema\.json\)\./);
    expect(r.stdout).toMatch(/review: app\.py \(app_auth\) says "private", pyproject\.toml \(auth\) says "private"; the manifest says shared/);
    const after = snapshot(dir);
    const { ["falpub.yaml"]: manifest, [".falpub/falpub.schema.json"]: schema, ...rest } = after;
    expect(rest).toEqual(before);
    expect(JSON.parse(schema).title).toMatch(/falpub/);
    expect(manifest.split("\n")[0]).toBe("# yaml-language-server: $schema=./.falpub/falpub.schema.json");
    expect(manifest).toMatch(/^  ref: app\.py::SdxlTurbo$/m);
    expect(manifest).toMatch(/^  strategy: per_megapixel /m);

    // The check then finds what the user must still change in their own code: private auth.
    const check = await falpubIn(["check", "--format", "json"], { cwd: dir });
    const codes = JSON.parse(check.stdout).results[0].diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(["FP102", "FP103"]));
    expect(codes).not.toContain("FP001");
    expect(codes).not.toContain("FP203");

    // A second run refuses: it never overwrites falpub.yaml.
    const again = await falpubIn(["init", "--adopt"], { cwd: dir });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/falpub\.yaml already exists; init --adopt never overwrites it/);
    expect(snapshot(dir)).toEqual(after);
  });

  test.concurrent("once the app is shared, the adopted project passes falpub check", async () => {
    const dir = writeExistingApp(dirs.make());
    edit(path.join(dir, "app.py"), 'app_auth = "private"', 'app_auth = "shared"');
    edit(path.join(dir, "pyproject.toml"), 'auth = "private"', 'auth = "shared"');
    expect((await falpubIn(["init", "--adopt", dir], { cwd: path.dirname(dir) })).exitCode).toBe(0);
    const check = await falpubIn(["check", dir], { cwd: path.dirname(dir) });
    expect(check.stdout).toMatch(/0 errors/);
    expect(check.exitCode, check.stdout).toBe(0);
  });

  test.concurrent("plain init in a directory with a fal app points at --adopt and writes nothing", async () => {
    const dir = writeExistingApp(dirs.make());
    const r = await falpubIn(["init", ".", "--billing", "per_image"], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/This directory already holds a fal app \(app\.py::SdxlTurbo\)/);
    expect(r.stderr).toMatch(/falpub init --adopt/);
    expect(listFiles(dir).sort()).toEqual(Object.keys(EXISTING_APP).sort());
  });

  test.concurrent("a header that says nothing about the unit: without a terminal, exit 2 naming --billing", async () => {
    const dir = writeExistingApp(dirs.make());
    edit(path.join(dir, "app.py"), "str(megapixels)", "str(units)");
    const r = await falpubIn(["init", "--adopt"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--billing per_image\|/);
    const ok = await falpubIn(["init", "--adopt", "--billing", "per_image"], { cwd: dir });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "falpub.yaml"), "utf8")).toMatch(/strategy: per_image  # from --billing/);
  });
});

test.concurrent("every example in `falpub init --help` works as written", async () => {
  const help = (await falpubIn(["init", "--help"], { cwd: process.cwd() })).stdout;
  const examples = [...help.matchAll(/^ {2}falpub (init\b[^\n]*?)(?: {2,}.*)?$/gm)].map((m) => m[1].trim().split(/\s+/));
  expect(examples.length).toBeGreaterThanOrEqual(3);
  for (const args of examples) {
    // --adopt needs an app to adopt; the others start from an empty directory.
    const dir = args.includes("--adopt") ? writeExistingApp(dirs.make()) : dirs.make();
    const r = await falpubIn(args, { cwd: dir });
    expect(r.exitCode, `falpub ${args.join(" ")}: ${r.stderr}`).toBe(0);
  }
});
