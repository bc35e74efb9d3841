import { describe, expect, test } from "vitest";
import { formatMessage } from "../../../src/core/messages.js";
import { loadManifest } from "../../../src/manifest/load.js";

const codes = (text: string) => loadManifest(text, "falpub.yaml").diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`).sort();

const valid = `version: 1
app:
  ref: app.py::TextToImage
  name: text-to-image
  auth: shared
  strategy: rolling
billing:
  strategy: per_megapixel
  unit_price_usd: 0.02
marketplace:
  title: Text to Image
  description: Makes images.
  category: text-to-image
  license: MIT
  example_input: { prompt: "a fox" }
ignore:
  - code: FP407
    reason: defaults are fine
`;

describe("loadManifest", () => {
  test("a valid manifest has no findings and typed values", () => {
    const m = loadManifest(valid, "falpub.yaml");
    expect(m.diagnostics).toEqual([]);
    expect(m.manifest.billing?.strategy).toBe("per_megapixel");
    expect(m.pos(["app", "auth"], "value")).toEqual({ line: 5, column: 9 });
    expect(m.pos(["app", "auth"])).toEqual({ line: 5, column: 3 });
    expect(m.pos(["ignore", 0, "code"], "value")).toEqual({ line: 17, column: 11 });
  });

  test("YAML syntax errors are FP001 with a position, and nothing else is reported", () => {
    expect(codes("version: 1\napp: [unclosed\n")).toEqual(expect.arrayContaining([expect.stringMatching(/^FP001@\d+:\d+$/)]));
    expect(codes("version: 1\napp: [unclosed\n").every((c) => c.startsWith("FP001"))).toBe(true);
  });

  test("duplicate keys are FP002 at the second key", () => {
    expect(codes(valid.replace("  strategy: rolling\n", "  strategy: rolling\n  strategy: recreate\n"))).toEqual(["FP002@7:3"]);
  });

  test("unknown keys are FP003 with a did-you-mean, all at once", () => {
    const text = valid.replace("  auth: shared\n", "  auht: shared\n  auth: shared\n").replace("billing:\n", "billing:\n  chunk_char: 10\n");
    const m = loadManifest(text, "falpub.yaml");
    expect(m.diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`).sort()).toEqual(["FP003@5:3", "FP003@9:3"]);
    expect(m.diagnostics.map((d) => d.args.suggestion)).toEqual(["auth", "chunk_chars"]);
    expect(m.diagnostics.map(formatMessage).join("\n")).toMatch(/Did you mean `auth`\?[\s\S]*Did you mean `chunk_chars`\?/);
  });

  test("a wrong type is FP004 and a value outside the allowed set FP011, at the value; the rest stays usable", () => {
    const text = valid.replace("unit_price_usd: 0.02", "unit_price_usd: cheap").replace("strategy: per_megapixel", "strategy: per_megapixels");
    const m = loadManifest(text, "falpub.yaml");
    expect(m.diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`).sort()).toEqual(["FP004@9:19", "FP011@8:13"]);
    const strategy = m.diagnostics.find((d) => d.code === "FP011")!;
    expect(strategy.args).toMatchObject({ path: "billing.strategy", given: '"per_megapixels"', suggestion: "per_megapixel" });
    expect(formatMessage(strategy)).toMatch(/Did you mean `per_megapixel`/);
    expect(m.diagnostics.find((d) => d.code === "FP004")!.args).toMatchObject({ path: "billing.unit_price_usd", expected: "number" });
    expect(m.manifest.billing?.strategy).toBeUndefined();
    expect(m.manifest.app?.auth).toBe("shared");
  });

  test("a `!!binary` value (a Uint8Array) where a mapping belongs is one FP004 naming it (not a finding per byte), and the loader does not crash", () => {
    // Found by the property test: zod reports issues inside the typed array, whose items cannot be deleted.
    const text = valid.replace("  unit_price_usd: 0.02\n", "  unit_price_usd: 0.02\n  examples:\n    - !!binary aGVsbG8=\n");
    const m = loadManifest(text, "falpub.yaml");
    expect(m.diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`)).toEqual(["FP004@11:16"]);
    expect(formatMessage(m.diagnostics[0])).toContain("binary data (!!binary, 5 bytes)");
    expect(m.manifest.billing?.examples?.some((e) => ArrayBuffer.isView(e))).not.toBe(true);
    expect(m.manifest.billing?.strategy).toBe("per_megapixel");
  });

  test("a `!!binary` value in a string field is FP004 too, never read as a string", () => {
    const m = loadManifest(valid.replace("ref: app.py::TextToImage", "ref: !!binary aGVsbG8="), "falpub.yaml");
    expect(m.diagnostics.map((d) => d.code)).toEqual(["FP004"]);
    expect(m.manifest.app?.ref).toBeUndefined();
  });

  test("missing auth is FP101, missing billing FP201, missing ref FP005", () => {
    expect(codes("version: 1\napp:\n  name: x\n")).toEqual(["FP005@2:1", "FP101@2:1", "FP201@1:1"]);
  });

  test("an unsupported version is FP007", () => {
    expect(codes(valid.replace("version: 1", "version: 2"))).toEqual(["FP007@1:10"]);
  });

  test("an empty file is FP006; a non-mapping document is FP016", () => {
    expect(codes("")).toEqual(["FP006@1:1"]);
    expect(codes("# only a comment\n")).toEqual(["FP006@1:1"]);
    expect(codes("- a\n- b\n")).toEqual(["FP016@1:1"]);
    expect(codes("just text\n")).toEqual(["FP016@1:1"]);
  });

  test("ignore entries need a code of the FPnnn form and a reason (FP012: a broken constraint)", () => {
    expect(codes(valid.replace("reason: defaults are fine", "reason: ''").replace("code: FP407", "code: X1"))).toEqual(["FP012@17:11", "FP012@18:13"]);
  });
});

describe("loadManifest: where YAML problems are reported", () => {
  test("an unclosed quote is reported where the quote opens, not at the end of the file", () => {
    const text = 'version: 1\napp:\n  ref: "app.py::X\n  auth: shared\nbilling:\n  strategy: per_image\n';
    const [d] = loadManifest(text, "falpub.yaml").diagnostics;
    expect(d).toMatchObject({ code: "FP001", at: { line: 3, column: 8 } });
    expect(formatMessage(d)).toMatch(/Missing closing "quote: this string is never closed/);
    expect(codes("x: 'abc\n")).toEqual(["FP001@1:4"]);
  });

  test("a collection as a key is a finding at the key, and no process warning is emitted", () => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const m = loadManifest(valid.replace("example_input: { prompt: \"a fox\" }", "example_input: { [prompt, x]: 1 }"), "falpub.yaml");
      expect(m.diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`)).toEqual(["FP004@15:20"]);
      expect(formatMessage(m.diagnostics[0])).toBe("`marketplace.example_input.[prompt, x]` must be a plain key name, not a list.");
      expect(m.manifest.marketplace?.example_input).toEqual({});
    } finally {
      process.off("warning", onWarning);
    }
    // process warnings are delivered on the next tick
    return new Promise<void>((resolve) => setImmediate(() => { expect(warnings).toEqual([]); resolve(); }));
  });
});
