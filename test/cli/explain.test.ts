import { describe, expect, test } from "vitest";
import { CODES } from "../../src/core/codes.js";
import { falpubIn } from "./helpers.js";

const cwd = process.cwd();

describe("falpub explain", () => {
  test("prints a rule's reference from the code table: name, severity, summary, how to silence, docs", async () => {
    const r = await falpubIn(["explain", "fp203"], { cwd });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("FP203 billing-header-missing (error)");
    expect(r.stdout).toContain(CODES.FP203.summary);
    expect(r.stdout).toMatch(/^ {4}- code: FP203$/m);
    expect(r.stdout).toMatch(/^Docs: https:\/\/\S+#fp203$/m);
    const warning = await falpubIn(["explain", "billing-formula-mismatch"], { cwd });
    expect(warning.stdout.split("\n")[0]).toBe("FP205 billing-formula-mismatch (warning; an error with --strict)");
    const locked = await falpubIn(["explain", "FP601"], { cwd });
    expect(locked.stdout).toMatch(/FP601 cannot be silenced/);
  });

  test("every code is explained; without a code, all are listed", async () => {
    const all = await falpubIn(["explain", "--json"], { cwd });
    const doc = JSON.parse(all.stdout);
    expect(doc.codes.map((c: { code: string }) => c.code)).toEqual(Object.keys(CODES));
    const list = await falpubIn(["explain"], { cwd });
    for (const code of Object.keys(CODES)) expect(list.stdout).toMatch(new RegExp(`^${code}  `, "m"));
  });

  test("a code renumbered in 0.2 names the codes that took its checks over", async () => {
    const r = await falpubIn(["explain", "FP804"], { cwd });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^FP804 was renumbered in 0\.2; its checks are now FP806, FP807/);
    const kept = await falpubIn(["explain", "FP009"], { cwd });
    expect(kept.stdout).toMatch(/Before 0\.2 FP009 also covered what FP013, FP014 check now\./);
  });

  test("an unknown code: exit 2 with the closest one", async () => {
    const r = await falpubIn(["explain", "FP2003"], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Unknown code "FP2003"\. Did you mean FP003\?/);
    expect(r.stdout).toBe("");
  });
});
