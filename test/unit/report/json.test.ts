import { describe, expect, it } from "vitest";
import { render } from "../../../src/report/index.js";
import { CODES } from "../../../src/core/codes.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { OPTS, twoApps, withRelated } from "./fixtures.js";

describe("json", () => {
  it("is one document with schemaVersion, tool, results and summary", () => {
    const out = render("json", twoApps(), OPTS);
    expect(out.endsWith("}\n")).toBe(true);
    expect(out.split("\n")[1]).toBe('  "schemaVersion": 1,'); // 2-space indent
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(["schemaVersion", "tool", "results", "summary"]);
    expect(doc.tool).toEqual({ name: "falpub", version: "1.2.3" });
    expect(doc.summary).toEqual({ errors: 2, warnings: 2, infos: 1 });
    expect(doc.results.map((r: { manifest: string; appName: string | null }) => [r.manifest, r.appName])).toEqual([
      ["apps/chat/falpub.yaml", "chat"],
      ["apps/tts/falpub.yaml", null],
    ]);
    expect(doc.results[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(["FP104", "FP203", "FP101"]);
    expect(doc.results[0].suppressed).toEqual([
      { code: "FP407", rule: "timeouts-implicit", reason: "platform defaults are fine", file: "apps/chat/falpub.yaml", line: 12 },
    ]);
    expect(doc.results[1].suppressed).toEqual([]);
  });

  it("gives each diagnostic its rule, docs anchor and position", () => {
    const doc = JSON.parse(render("json", twoApps(), OPTS));
    const all = doc.results.flatMap((r: { diagnostics: unknown[] }) => r.diagnostics);
    for (const d of all) {
      expect(d.rule).toBe(CODES[d.code as keyof typeof CODES].rule);
      expect(d.docs).toBe(`https://github.com/falpub/falpub#${d.code.toLowerCase()}`);
    }
    expect(all[2]).toMatchObject({ code: "FP101", rule: "auth-not-shared", severity: "error", file: "apps/chat/falpub.yaml", line: 4, column: 9, args: { auth: "private" }, related: [] });
    expect(all[2].message).toBe(formatMessage(twoApps()[0]!.diagnostics[2]!));
    expect(all[2].hint).toBe(formatHint(twoApps()[0]!.diagnostics[2]!));
    expect(doc.results[1].diagnostics[1].hint).toBeNull();
  });

  it("carries each finding's args and related locations (with their role)", () => {
    const [d] = JSON.parse(render("json", withRelated(), OPTS)).results[0].diagnostics;
    expect(d).toMatchObject({ code: "FP102", args: { code: '"private"', auth: "shared" }, related: [{ file: "apps/chat/falpub.yaml", line: 4, column: 9, role: "manifest app.auth" }] });
    expect(d.message).toContain("apps/chat/falpub.yaml:4");
  });

  it("renders the empty case", () => {
    expect(JSON.parse(render("json", [], OPTS))).toEqual({
      schemaVersion: 1,
      tool: { name: "falpub", version: "1.2.3" },
      results: [],
      summary: { errors: 0, warnings: 0, infos: 0 },
    });
  });
});
