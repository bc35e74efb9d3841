import { describe, expect, it } from "vitest";
import {
  checkFalVersion, compareVersion, FLAG_SINCE, flagsUnsupported, MIN_SUPPORTED_FAL, OLDEST_TESTED_FAL, parseFalVersion,
  type FalVersion,
} from "../../../src/fal/version.js";
import type { DeployRequest } from "../../../src/fal/types.js";

const v = (s: string): FalVersion => {
  const p = parseFalVersion(s);
  if (!p) throw new Error(`unparsable ${s}`);
  return p;
};

describe("parseFalVersion", () => {
  it("parses the bare version fal prints", () => {
    expect(parseFalVersion("1.83.0\n")).toEqual({ kind: "release", raw: "1.83.0", parts: [1, 83, 0] });
    expect(parseFalVersion("1.9")).toEqual({ kind: "release", raw: "1.9", parts: [1, 9, 0] });
  });
  it("treats UNKNOWN and dev/local builds as newest", () => {
    for (const s of ["UNKNOWN", "1.79.2.dev3+gc6f0afaa", "1.80.0+dirty", "1.84.0rc1", "1.84.0.post1"]) {
      expect(parseFalVersion(s)?.kind).toBe("assume-newest");
    }
  });
  it("rejects output that is not a version", () => {
    for (const s of ["", "fal", "Traceback (most recent call last):", "1.x"]) expect(parseFalVersion(s)).toBeNull();
  });
  it("uses the last line (a banner or warning may precede it)", () => {
    expect(parseFalVersion("some warning\n1.72.4\n")?.raw).toBe("1.72.4");
  });
});

describe("compareVersion", () => {
  it("compares numerically, not as strings", () => {
    expect(compareVersion(v("1.9.0"), "1.10.0")).toBe(-1);
    expect(compareVersion(v("1.83.0"), "1.83.0")).toBe(0);
    expect(compareVersion(v("1.83.1"), "1.83.0")).toBe(1);
    expect(compareVersion(v("2.0.0"), "1.99.99")).toBe(1);
    expect(compareVersion(v("UNKNOWN"), "99.0.0")).toBe(1);
  });
});

describe("flagsUnsupported", () => {
  const everything: DeployRequest = {
    ref: "app.py", appName: "a", auth: "shared", strategy: "rolling", attach: true, resetScale: true, noCache: true,
    forceEnvBuild: true, message: "m", annotations: [["k", "v"]], env: "e", team: "t", json: true, check: true, yes: true,
  };

  it("the tested version has every flag", () => {
    expect(flagsUnsupported(everything, v(OLDEST_TESTED_FAL))).toEqual([]);
    expect(flagsUnsupported({ ...everything, attach: false, resetScale: false }, v("1.83.0"))).toEqual([]);
  });
  it("dev builds are assumed to have every flag", () => {
    expect(flagsUnsupported(everything, v("1.79.2.dev3+gabc"))).toEqual([]);
  });
  it("gates each flag on the release that added it", () => {
    expect(flagsUnsupported(everything, v("1.78.3"))).toEqual([
      { flag: "--message", since: "1.79.0" },
      { flag: "--annotation", since: "1.79.0" },
    ]);
    expect(flagsUnsupported({ ...everything, attach: false }, v("1.78.1")).map((f) => f.flag)).toEqual([
      "--detach", "--message", "--annotation",
    ]);
    expect(flagsUnsupported({ ref: "a.py", json: true, yes: true }, v("1.72.3"))).toEqual([{ flag: "--yes", since: "1.72.4" }]);
    expect(flagsUnsupported({ ref: "a.py", json: true, noCache: true, env: "x" }, v("1.60.0"))).toEqual([
      { flag: "--no-cache", since: "1.68.2" },
      { flag: "--env", since: "1.64.0" },
    ]);
    expect(flagsUnsupported({ ref: "a.py", json: true }, v("1.35.0"))).toEqual([{ flag: "--json", since: "1.36.0" }]);
  });
  it("has a since entry for every flag the builder can emit", () => {
    expect(Object.keys(FLAG_SINCE)).toEqual(expect.arrayContaining(["--attach", "--detach", "--reset-scale", "--no-scale", "--yes", "--check"]));
    expect(() => flagsUnsupported(everything, v("1.0.0"))).not.toThrow();
  });
});

describe("checkFalVersion", () => {
  it("refuses versions older than the minimum (needed for --yes)", () => {
    expect(MIN_SUPPORTED_FAL).toBe("1.72.4");
    const r = checkFalVersion(v("1.72.3"));
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.reason).toMatch(/1\.72\.4/);
  });
  it("accepts the tested version as tested, others as untested", () => {
    expect(checkFalVersion(v("1.83.0"))).toEqual({ ok: true, tested: true });
    expect(checkFalVersion(v("1.72.4"))).toMatchObject({ ok: true, tested: false });
    expect(checkFalVersion(v("1.90.0"))).toMatchObject({ ok: true, tested: false });
    expect(checkFalVersion(v("UNKNOWN"))).toMatchObject({ ok: true, tested: false });
  });
});
