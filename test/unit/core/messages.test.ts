import { describe, expect, test } from "vitest";
import { CODES, RENUMBERED, UNSILENCEABLE, type Code } from "../../../src/core/codes.js";
import { finding, relate } from "../../../src/core/findings.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";

const at = { file: "falpub.yaml", line: 3, column: 8 };

describe("finding()", () => {
  test("takes the code's registered severity and copies the location", () => {
    const f = finding("FP404", at, { machineType: "GPU-Z9" });
    expect(f).toEqual({ code: "FP404", severity: CODES.FP404.severity, at, args: { machineType: "GPU-Z9" } });
    expect(finding("FP407", at, { missing: ["request_timeout"] }).severity).toBe("info");
  });

  test("keeps related locations only when there are some", () => {
    expect(finding("FP102", at, { code: '"private"', auth: "shared" }, []).related).toBeUndefined();
    const r = [relate("falpub.yaml", { line: 5, column: 9 }, "manifest app.auth")];
    expect(finding("FP102", at, { code: '"private"', auth: "shared" }, r).related).toEqual([{ file: "falpub.yaml", line: 5, column: 9, role: "manifest app.auth" }]);
  });
});

describe("the formatter", () => {
  test("names the other place of a disagreement from `related`, not from a sentence", () => {
    const r = [relate("apps/a/falpub.yaml", { line: 7, column: 9 }, "manifest app.auth")];
    expect(formatMessage(finding("FP102", at, { code: '"private"', auth: "shared" }, r))).toBe('`app_auth = "private"` here disagrees with `auth: shared` in apps/a/falpub.yaml:7.');
  });

  test("turns a did-you-mean arg into words, and says nothing when there is none", () => {
    const args = { path: "app.auht", known: ["ref", "auth"] };
    expect(formatMessage(finding("FP003", at, { ...args, suggestion: "app.auth" }))).toBe("Unknown key `app.auht`. Did you mean `app.auth`?");
    expect(formatHint(finding("FP003", at, args))).toBe("Known keys here: ref, auth.");
    expect(formatHint(finding("FP812", at, { region: "mars" }))).toBeUndefined();
  });

  test("never prints a key-like value that reached an argument", () => {
    const key = "0b5f9c2e-1234-4a5b-9c8d-0123456789ab:0123456789abcdef0123456789abcdef";
    expect(formatMessage(finding("FP015", at, { ref: key }))).not.toContain("0123456789abcdef");
  });

  test("FP010 tells a retired code from one that did not fire or cannot be silenced", () => {
    const msg = (code: string, why: "did-not-fire" | "unsilenceable" | "renumbered") => formatMessage(finding("FP010", at, { code, why })) + " " + formatHint(finding("FP010", at, { code, why }));
    expect(msg("FP804", "renumbered")).toContain("FP806, FP807");
    expect(msg("FP407", "did-not-fire")).toContain("did not fire");
    expect(msg("FP601", "unsilenceable")).toContain("cannot be silenced");
  });
});

test("every code of the table has words (a finding of each renders a non-empty message)", () => {
  // Arguments are typed per code; here any object will do to prove the formatter is there.
  const loose = { detail: "d", path: "p", docKey: "k", known: [], expected: "string", actual: "x", given: "2", file: "f", problem: "missing", root: ".", ref: "r", refFile: "f", className: "C", found: ["A", "B"], code: "c", why: "did-not-fire", allowed: [], auth: "private", value: "v", table: "t", route: "/", functionName: "f", strategy: "per_image", name: "n", text: "t", max: 1, min: 0, multiplexing: 2, machineType: "X", region: "r", missing: ["x"], gpus: 1, machineTypes: ["S"], declared: "d", source: "s", length: 64, key: "k", replacement: "r", reason: "unknown", app: "a", field: "skip_retry_conditions", condition: "c", parameter: "chunk_chars" };
  for (const code of Object.keys(CODES) as Code[]) {
    const f = { ...finding("FP002", at, {}), code, args: loose };
    expect(formatMessage(f).length, code).toBeGreaterThan(0);
  }
});

test("the renumbering points only at codes that exist, and retired codes are not in the table", () => {
  for (const [old, now] of Object.entries(RENUMBERED)) {
    for (const c of now) expect(c in CODES, `${old} → ${c}`).toBe(true);
    if (!now.includes(old as Code)) expect(old in CODES).toBe(false);
  }
  for (const c of UNSILENCEABLE) expect(c in CODES).toBe(true);
});
