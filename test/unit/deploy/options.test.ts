// The deploy command line read in-process (src/deploy/options.ts) and the pure results (src/deploy/result.ts).
import { describe, expect, test } from "vitest";
import { DEFAULT_TIMEOUT_S, deployFlags, parseDeployArgs, parseTimeout, wantsJson } from "../../../src/deploy/options.js";
import { deployDocument, deployExitCode, notSharedMode } from "../../../src/deploy/result.js";
import type { DeployOutcome, PlatformCheck } from "../../../src/fal/types.js";

describe("parseDeployArgs", () => {
  test("nothing given: no ref and no options (so manifest values are not overridden)", () => {
    expect(parseDeployArgs([])).toEqual({ ref: undefined, options: {} });
  });

  test("every option, as typed", () => {
    const args = parseDeployArgs([
      "app.py::A", "--app-name", "a", "--auth", "shared", "--strategy", "recreate", "--no-cache", "--force-env-build", "--message", "m", "--annotation", "K=1", "--annotation", "L=2",
      "--env", "e", "--team", "t", "--output", "json", "--json", "--check", "--yes", "--dry-run", "--manifest", "m.yaml", "--fal", "/f", "--timeout", "9", "--strict", "--listing-request", "l.md",
    ]);
    expect(args).toEqual({
      ref: "app.py::A",
      options: {
        appName: "a", auth: "shared", strategy: "recreate", noCache: true, forceEnvBuild: true, message: "m", annotation: ["K=1", "L=2"], env: "e", team: "t", output: "json", json: true,
        check: true, yes: true, dryRun: true, manifest: "m.yaml", fal: "/f", timeout: "9", strict: true, listingRequest: "l.md",
      },
    });
  });

  test.each([
    [["--attach"], true, undefined],
    [["--detach"], false, undefined],
    [["--detach", "--attach"], true, undefined],
    [["--attach", "--detach"], false, undefined],
    [["--reset-scale"], undefined, true],
    [["--no-scale"], undefined, false],
    [["--no-scale", "--reset-scale"], undefined, true],
    [["--reset-scale", "--no-scale"], undefined, false],
    [["--attach", "--no-scale", "--detach", "--reset-scale"], false, true],
  ])("%j: the last of each pair wins (attach %s, resetScale %s)", (args, attach, resetScale) => {
    const { options } = parseDeployArgs(args);
    expect(options.attach).toBe(attach);
    expect(options.resetScale).toBe(resetScale);
  });

  test("--no-cache is only set when typed (commander's default for --no-x is ignored)", () => {
    expect(parseDeployArgs([]).options.noCache).toBeUndefined();
    expect(parseDeployArgs(["--no-cache"]).options.noCache).toBe(true);
  });

  test("usage errors: unknown option, bad choice, missing value, extra argument", () => {
    for (const args of [["--bogus"], ["--auth", "everyone"], ["--timeout"], ["a.py", "b.py"]]) {
      expect(() => parseDeployArgs(args), args.join(" ")).toThrow(expect.objectContaining({ exitCode: 2 }));
    }
  });
});

describe("parseTimeout", () => {
  test("default, decimals, and the limit of Node's timers", () => {
    expect(parseTimeout(undefined)).toBe(DEFAULT_TIMEOUT_S * 1000);
    expect(parseTimeout("0.5")).toBe(500);
    expect(parseTimeout("2147483")).toBe(2147483000);
  });
  test.each(["0", "-1", "soon", "", "Infinity", "2147484", "1e9"])("%j is a usage error", (given) => {
    expect(() => parseTimeout(given)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining("--timeout must be a positive number of seconds (at most 2147483)") }));
  });
});

test("wantsJson: --json or --output json; with --output pretty a contradiction", () => {
  expect(wantsJson({})).toBe(false);
  expect(wantsJson({ json: true })).toBe(true);
  expect(wantsJson({ output: "json" })).toBe(true);
  expect(wantsJson({ output: "pretty" })).toBe(false);
  expect(() => wantsJson({ json: true, output: "pretty" })).toThrow(expect.objectContaining({ exitCode: 2 }));
});

test("deployFlags: what planDeploy reads, annotations renamed", () => {
  expect(deployFlags("r", { annotation: ["A=1"], attach: false, dryRun: true, json: true })).toEqual({ ref: "r", annotations: ["A=1"], attach: false });
});

describe("exit code and document", () => {
  const deployed: DeployOutcome = { kind: "deployed", appName: "a", revision: "r", exitCode: 0 };
  test.each([
    ["dry run", undefined, undefined, 0],
    ["deployed, not checked", deployed, undefined, 0],
    ["deployed, shared", deployed, { authMode: "shared", revision: "r" }, 0],
    ["deployed, private", deployed, { authMode: "private", revision: "r" }, 3],
    ["deployed, check failed", deployed, { error: "x" }, 0],
    ["interrupted", { kind: "interrupted", exitCode: null, tail: [] }, undefined, 130],
    ["timeout", { kind: "timeout", exitCode: null, tail: [], timeoutMs: 1 }, undefined, 3],
    ["failed", { kind: "failed", exitCode: 1, tail: [] }, undefined, 3],
  ] as Array<[string, DeployOutcome | undefined, PlatformCheck | undefined, number]>)("%s → %i", (_name, outcome, platform, code) => {
    expect(deployExitCode(outcome, platform)).toBe(code);
  });

  test("notSharedMode: only a deployed app the platform reports as not shared", () => {
    expect(notSharedMode(deployed, { authMode: "public", revision: "r" })).toBe("public");
    expect(notSharedMode(deployed, { authMode: "shared", revision: "r" })).toBeUndefined();
    expect(notSharedMode({ kind: "failed", exitCode: 1, tail: [] }, { authMode: "private", revision: "r" })).toBeUndefined();
  });

  test("the envelope first, then the fields in a fixed order; a dry run has outcome null", () => {
    const doc = deployDocument("9.9.9", { kind: "ran", dryRun: true, command: "fal deploy x", argv: ["deploy", "x"], cwd: "/a", fal: { path: "fal", version: undefined }, findings: [], checklist: [] });
    expect(doc).toEqual({ schemaVersion: 1, tool: { name: "falpub", version: "9.9.9" }, dryRun: true, command: "fal deploy x", argv: ["deploy", "x"], cwd: "/a", fal: { path: "fal", version: null }, findings: [], outcome: null, checklist: [], listingRequest: undefined });
    expect(Object.keys(doc)).toEqual(["schemaVersion", "tool", "dryRun", "command", "argv", "cwd", "fal", "findings", "outcome", "checklist", "listingRequest"]);
    expect(deployDocument("1", { kind: "refused", dryRun: false, reason: "no", findings: [] })).toEqual({ schemaVersion: 1, tool: { name: "falpub", version: "1" }, dryRun: false, refused: { reason: "no", hint: undefined }, findings: [] });
  });
});
