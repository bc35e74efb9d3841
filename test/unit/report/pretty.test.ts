import { describe, expect, it } from "vitest";
import { render, summarize } from "../../../src/report/index.js";
import { wrap } from "../../../src/report/pretty.js";
import { finding } from "../../../src/core/findings.js";
import { ANSI, OPTS, twoApps } from "./fixtures.js";

describe("summarize", () => {
  it("counts findings by severity over all apps, not the suppressed ones", () => {
    expect(summarize(twoApps())).toEqual({ errors: 2, warnings: 2, infos: 1 });
    expect(summarize([])).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });
});

describe("pretty", () => {
  it("groups by file with a hint line and a summary (no colour)", () => {
    expect(render("pretty", twoApps(), OPTS)).toMatchInlineSnapshot(`
      "apps/chat/falpub.yaml (chat)
        apps/chat/app.py:7:1  info  Chat sets no \`app_auth\`; \`falpub deploy\` will pass
            \`--auth shared\`, but a plain \`fal deploy\` or \`fal run\` would not be
            shared.  [FP104]
            hint: Add \`app_auth = "shared"\` to the class so every way of deploying
            agrees.
        apps/chat/app.py:21:5  error  Endpoint \`/generate\` (generate) never sets
            x-fal-billable-units on the response it sends; fal would bill callers GPU
            seconds instead of per_image.  [FP203]
            hint: Take \`response: Response\` (from fastapi) and set
            \`response.headers["x-fal-billable-units"] = str(units)\` with units = the
            number of images, e.g. str(input.num_images).

        apps/chat/falpub.yaml:4:9  error  \`app.auth\` is \`private\`; the Marketplace
            requires \`shared\` (callers pay with their own key).  [FP101]
            hint: Set \`auth: shared\`. With \`private\` only your team can call the app;
            with \`public\` you pay for every caller.

      apps/tts/falpub.yaml
        apps/tts/falpub.yaml:1:1  warning  \`marketplace.title\` is missing: the name
            shown on the model page. The fal team asks for it before listing.  [FP701]
            hint: Add \`title:\` under \`marketplace:\`.

        apps/tts/pyproject.toml:8:1  warning  no_scale is deprecated, use
            app_scale_settings instead  [FP805]

      ✖ 2 errors, 2 warnings in 2 apps (1 info, 1 suppressed)
      "
    `);
  });

  it("has no ANSI escapes without colour, and has them with colour even under NO_COLOR", () => {
    expect(process.env.NO_COLOR).toBe("1"); // set by vitest.config.ts
    expect(render("pretty", twoApps(), OPTS)).not.toMatch(ANSI);
    const coloured = render("pretty", twoApps(), { ...OPTS, color: true });
    expect(coloured).toMatch(ANSI);
    // Same text once the escapes are stripped.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(render("pretty", twoApps(), OPTS));
  });

  it("summarises the empty, clean, warnings-only and strict cases", () => {
    expect(render("pretty", [], OPTS)).toBe("✔ no problems in 0 apps\n");
    expect(render("pretty", [{ manifest: "falpub.yaml", diagnostics: [] }], OPTS)).toBe("✔ no problems in 1 app\n");
    const warnOnly = [{ ...twoApps()[1] }];
    expect(render("pretty", warnOnly, OPTS).trimEnd().split("\n").at(-1)).toBe("⚠ 0 errors, 2 warnings in 1 app");
    expect(render("pretty", twoApps(), { ...OPTS, strict: true })).toMatch(/\(1 info, 1 suppressed, strict\)\n$/);
  });

  it("wraps to the width it is given (the terminal's), 80 by default", () => {
    const long = "word ".repeat(60).trim();
    const results = [{ manifest: "m.yaml", diagnostics: [finding("FP012", { file: "m.yaml", line: 1, column: 1 }, { path: "x", docKey: long, problem: long })] }];
    for (const columns of [60, 120, 200]) {
      const lines = render("pretty", results, { ...OPTS, columns }).split("\n");
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
      // The lines are filled: the widest one uses most of the width.
      expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(columns - 10);
    }
  });

  it("starts every finding with path:line:col, so terminals can open it", () => {
    const lines = render("pretty", twoApps(), OPTS).split("\n");
    const first = lines.filter((l) => /^  \S+:\d+:\d+  /.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(first).toEqual(["apps/chat/app.py:7:1", "apps/chat/app.py:21:5", "apps/chat/falpub.yaml:4:9", "apps/tts/falpub.yaml:1:1", "apps/tts/pyproject.toml:8:1"]);
  });

  it("keeps long messages and hints within 80 columns", () => {
    const long = "word ".repeat(60).trim();
    const out = render("pretty", [{ manifest: "m.yaml", diagnostics: [finding("FP012", { file: "m.yaml", line: 120, column: 33 }, { path: "x", docKey: long, problem: long })] }], OPTS);
    const lines = out.split("\n");
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => l.includes("[FP012]"))).toHaveLength(1);
    expect(lines.some((l) => l.trimStart().startsWith("hint: See `word"))).toBe(true);
    // Nothing is lost by wrapping.
    expect(out.match(/word/g)).toHaveLength(120);
  });

  it("renders 150,000 findings in one file (a huge ignore list) without overflowing the stack (spreads overflow past ~125,000)", () => {
    const diagnostics = Array.from({ length: 150_000 }, (_, i) => finding("FP010", { file: "m.yaml", line: i + 1, column: 3 }, { code: "FP407", why: "did-not-fire" }));
    const out = render("pretty", [{ manifest: "m.yaml", diagnostics }], OPTS);
    expect(out).toMatch(/^  m\.yaml:150000:3  warning  `ignore` lists FP407, which did not fire\.  \[FP010\]$/m);
    expect(out.trimEnd().split("\n").at(-1)).toBe("⚠ 0 errors, 150000 warnings in 1 app");
  });
});

describe("wrap", () => {
  it("wraps greedily and keeps an over-long word whole", () => {
    expect(wrap("aa bb cc dd", 5)).toEqual(["aa bb", "cc dd"]);
    expect(wrap("a " + "x".repeat(12) + " b", 5)).toEqual(["a", "x".repeat(12), "b"]);
    expect(wrap("", 10)).toEqual([""]);
  });
});
