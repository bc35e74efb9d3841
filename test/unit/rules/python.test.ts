import { describe, expect, test } from "vitest";
import { BASE_APP, edit, edits, findings, hit } from "../../support/memfs.js";

describe("FP901 python-syntax", () => {
  test("fires where the unclosed bracket opens", () => {
    const f = edit("app.py", 'return {"ok": True}', 'return {"ok": True');
    expect(findings(f)).toEqual([hit("FP901", f, "app.py", '{"ok"')]);
  });

  test("a syntax error hides FP009 (the class list cannot be trusted)", () => {
    const f = edits([
      ["app.py", 'return {"ok": True}', 'return {"ok": True'],
      ["falpub.yaml", "::TextToImage", "::Missing"],
    ]);
    expect(findings(f)).toEqual([hit("FP901", f, "app.py", '{"ok"')]);
  });

  test("does not fire on valid Python with a BOM and CRLF line ends", () => {
    const f = edit("app.py", /^[^]*$/, "\ufeff" + BASE_APP.replace(/\n/g, "\r\n"));
    expect(findings(f)).toEqual([]);
  });

  test("positions after a BOM and CRLF line ends still count from the first visible character", () => {
    const f = edit("app.py", /^[^]*$/, "\ufeff" + BASE_APP.replace('"GPU-A100"', '"GPU-Z9"').replace(/\n/g, "\r\n"));
    // machine_type is on line 14; the value starts at column 20, BOM or not.
    expect(findings(f)).toEqual(["FP404@app.py:14:20"]);
  });
});
