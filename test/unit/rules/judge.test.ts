import { describe, expect, test } from "vitest";
import { CODES } from "../../../src/core/codes.js";
import { formatMessage } from "../../../src/core/messages.js";
import type { Judged } from "../../../src/rules/index.js";
import { baseline, checkProject, edit, edits, findings, hit, judgeProject, MANIFEST, sorted, type Files } from "../../support/memfs.js";

/** Append an `ignore:` list to the baseline manifest (or to `files`). */
const ignoring = (entries: Array<[code: string, reason: string]>, files?: Files) =>
  edit("falpub.yaml", /$/, "ignore:\n" + entries.map(([c, r]) => `  - code: ${c}\n    reason: ${r}\n`).join(""), files);

const unknownMachine = () => edit("app.py", '"GPU-A100"', '"GPU-Z9"');
const noRequestTimeout = () => edit("app.py", "    request_timeout = 300\n", "");

describe("--strict", () => {
  test("turns warnings into errors and leaves infos alone", () => {
    const f = edit("app.py", "    request_timeout = 300\n", "", unknownMachine());
    const sev = (strict: boolean) => checkProject(f, { strict }).map((d) => `${d.code}:${d.severity}`);
    expect(sev(false)).toEqual(["FP407:info", "FP404:warning"]);
    expect(sev(true)).toEqual(["FP407:info", "FP404:error"]);
    // The positions and codes do not change.
    expect(findings(f, { strict: true })).toEqual(findings(f));
  });

  test("keeps errors errors", () => {
    const f = edit("falpub.yaml", "auth: shared", "auth: private");
    expect(checkProject(f, { strict: true }).every((d) => d.severity === "error")).toBe(true);
  });

  test("uses each code's registered severity otherwise", () => {
    const f = edits([["falpub.yaml", "per_image", "per_megapixel"], ["app.py", '"GPU-A100"', '"GPU-Z9"']]);
    for (const d of checkProject(f)) expect(d.severity).toBe(CODES[d.code as keyof typeof CODES].severity);
  });
});

describe("ignore", () => {
  test("silences a code and records it as suppressed, with the reason and where it was", () => {
    const f = ignoring([["FP404", "new machine type"]], unknownMachine());
    const j = judgeProject(f);
    expect(j.diagnostics).toEqual([]);
    expect(j.suppressed).toEqual([{ code: "FP404", reason: "new machine type", file: "app.py", line: 14 }]);
  });

  test("silences every finding of that code, and only that code", () => {
    const f = ignoring([["FP304", "slow model"]], edit("app.py", "timeout_seconds=5, failure_threshold=3", "timeout_seconds=0, failure_threshold=0", unknownMachine()));
    const j = judgeProject(f);
    expect(where(j)).toEqual([hit("FP404", f, "app.py", '"GPU-Z9"')]);
    expect(j.suppressed.map((s) => s.code)).toEqual(["FP304", "FP304"]);
  });

  test("silences infos too (FP407), and the silenced code does not come back under --strict", () => {
    const f = ignoring([["FP407", "defaults are fine"]], noRequestTimeout());
    expect(findings(f)).toEqual([]);
    expect(findings(f, { strict: true })).toEqual([]);
  });

  test("FP010: an entry whose code did not fire is reported at the entry's code", () => {
    const f = ignoring([["FP404", "new machine type"]]);
    expect(findings(f)).toEqual([hit("FP010", f, "falpub.yaml", "FP404")]);
    expect(checkProject(f)[0]!.severity).toBe("warning");
  });

  test("FP010: an entry for a code retired in 0.2 (FP804) says what it was split into", () => {
    const f = ignoring([["FP804", "regions are checked elsewhere"]]);
    expect(findings(f)).toEqual([hit("FP010", f, "falpub.yaml", "FP804")]);
    expect(checkProject(f)[0]!.args).toEqual({ code: "FP804", why: "renumbered" });
    const still = ignoring([["FP404", "new machine type"]]);
    expect(checkProject(still)[0]!.args).toEqual({ code: "FP404", why: "did-not-fire" });
  });

  test("FP010 fires only for the unused entry of several", () => {
    const f = ignoring([["FP404", "new machine type"], ["FP205", "custom formula"]], unknownMachine());
    expect(findings(f)).toEqual([hit("FP010", f, "falpub.yaml", "FP205")]);
    expect(findings(f, { strict: true })).toEqual(findings(f));
    expect(checkProject(f, { strict: true })[0]!.severity).toBe("error");
  });

  test("FP010 does not fire when the entry is used", () => {
    expect(findings(ignoring([["FP404", "new machine type"]], unknownMachine()))).toEqual([]);
  });

  test("an entry that is not a mapping is reported and the others still work (no crash)", () => {
    const f = edit("falpub.yaml", /$/, "ignore:\n  - FP404\n  - code: FP404\n    reason: new machine\n", unknownMachine());
    const j = judgeProject(f);
    expect(where(j).map((w) => w.split("@")[0])).toEqual(["FP004"]);
    expect(j.suppressed.map((s) => s.code)).toEqual(["FP404"]);
  });

  test("an entry whose reason is invalid or missing is reported and silences nothing (no crash)", () => {
    for (const reason of ["{}", "[1]"]) {
      const f = ignoring([["FP404", reason]], unknownMachine());
      const j = judgeProject(f);
      expect(where(j)).toEqual(sorted([hit("FP004", f, "falpub.yaml", reason), hit("FP404", f, "app.py", '"GPU-Z9"')]));
      expect(j.suppressed).toEqual([]);
    }
    const noReason = edit("falpub.yaml", /$/, "ignore:\n  - code: FP404\n", unknownMachine());
    expect(findings(noReason).map((w) => w.split("@")[0])).toEqual(["FP005", "FP404"]);
  });

  test("an entry with an invalid code is reported once (FP012), not also as an unused `undefined`", () => {
    const f = ignoring([["XX1", "typo"]]);
    expect(findings(f)).toEqual([hit("FP012", f, "falpub.yaml", "XX1")]);
    expect(JSON.stringify(checkProject(f))).not.toContain("undefined");
  });
});

describe("codes that cannot be silenced", () => {
  const SECRET = "abcdefghijklmnop1234";
  const cases: Array<[code: string, broken: () => Files, needle: [file: string, text: string]]> = [
    ["FP601", () => edit("app.py", "import fal\n", `import fal\nFAL_KEY = "${SECRET}"\n`), ["app.py", SECRET]],
    ["FP901", () => edit("app.py", 'return {"ok": True}', 'return {"ok": True'), ["app.py", '{"ok"']],
  ];
  test.each(cases)("%s still fires when ignored, and the entry is flagged as useless (FP010)", (code, broken, [file, needle]) => {
    const f = ignoring([[code, "please"]], broken());
    const j = judgeProject(f);
    expect(where(j)).toEqual(sorted([hit(code, f, file, needle), hit("FP010", f, "falpub.yaml", code)]));
    expect(j.suppressed).toEqual([]);
    const fp010 = j.diagnostics.find((d) => d.code === "FP010")!;
    expect(fp010.args).toEqual({ code, why: "unsilenceable" });
    expect(formatMessage(fp010)).toContain("cannot be silenced");
    // It did fire: the message must not claim otherwise.
    expect(formatMessage(fp010)).not.toContain("did not fire");
  });

  test("FP001 still fires when the (unreadable) manifest lists it", () => {
    const f = edits([["falpub.yaml", /$/, "ignore:\n  - code: FP001\n    reason: please\n"], ["falpub.yaml", "  auth: shared", '  auth: "shared']]);
    const j = judgeProject(f);
    expect(j.diagnostics.map((d) => d.code)).toEqual(["FP001"]);
    expect(j.suppressed).toEqual([]);
  });

  test("FP002 still fires when the manifest lists it (an ignore list in a broken manifest is never read)", () => {
    const dup = edit("falpub.yaml", "  auth: shared\n", "  auth: shared\n  auth: shared\n", ignoring([["FP002", "please"]]));
    expect(findings(dup)).toEqual([hit("FP002", dup, "falpub.yaml", "auth:", { nth: 1 })]);
  });

  // FP001, FP002 and FP006 can only fire in a manifest whose ignore list is never read; what a
  // user sees is the FP010 an entry for them gets in a good manifest: "cannot be silenced".
  test.each(["FP001", "FP002", "FP006", "FP601", "FP901"])("an entry for %s in a good manifest is flagged as one that cannot be silenced", (code) => {
    const f = ignoring([[code, "please"]]);
    const j = judgeProject(f);
    expect(where(j)).toEqual([hit("FP010", f, "falpub.yaml", code)]);
    expect(j.diagnostics[0]!.args).toEqual({ code, why: "unsilenceable" });
    expect(formatMessage(j.diagnostics[0]!)).toContain("cannot be silenced");
  });

  test("an entry for a code that can be silenced but did not fire says so instead", () => {
    const f = ignoring([["FP003", "please"]]);
    expect(checkProject(f).map((d) => d.args)).toEqual([{ code: "FP003", why: "did-not-fire" }]);
    expect(formatMessage(checkProject(f)[0]!)).toContain("which did not fire");
  });

  test("an empty manifest is FP006 alone", () => {
    const f = { ...baseline(), [MANIFEST]: "" };
    expect(findings(f)).toEqual(["FP006@falpub.yaml:1:1"]);
  });
});

describe("order", () => {
  test("findings are sorted by file, then line, then column", () => {
    const f = edits([
      ["falpub.yaml", "  title: Text to Image\n", ""],
      ["app.py", '"GPU-A100"', '"GPU-Z9"'],
      ["app.py", "keep_alive = 300", "keep_alive = -1"],
      ["pyproject.toml", 'auth = "shared"', 'auth = "shared"\nno_scale = true'],
    ]);
    const list = checkProject(f).map((d) => `${d.code}@${d.at.file}:${d.at.line}:${d.at.column}`);
    expect(list).toEqual([
      hit("FP404", f, "app.py", '"GPU-Z9"'),
      hit("FP401", f, "app.py", "-1"),
      hit("FP701", f, "falpub.yaml", "marketplace:"),
      hit("FP805", f, "pyproject.toml", "no_scale"),
    ]);
  });
});

function where(j: Judged): string[] {
  return j.diagnostics.map((d) => `${d.code}@${d.at.file}:${d.at.line}:${d.at.column}`).sort();
}

test("FP010: an unfired code that was split (FP103 → FP103/FP105) is still a code: did-not-fire, not renumbered", () => {
  const f = ignoring([["FP103", "pyproject differs"]]);
  expect(checkProject(f).map((d) => [d.code, d.args])).toEqual([["FP010", { code: "FP103", why: "did-not-fire" }]]);
});
