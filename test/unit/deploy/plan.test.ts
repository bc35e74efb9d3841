import { describe, expect, test } from "vitest";
import { annotationsBytes, planDeploy, type DeployFlags, type GitInfo } from "../../../src/deploy/plan.js";
import type { PartialManifest } from "../../../src/manifest/load.js";

const manifest: PartialManifest = {
  version: 1,
  app: { ref: "app.py::A", name: "a", auth: "shared", strategy: "rolling", environment: "staging", team: "t", reset_scale: true },
  billing: { strategy: "per_image" },
};
const git: GitInfo = { sha: "0123456789abcdef0123456789abcdef01234567", subject: "Ship it", dirty: false };
const plan = (flags: DeployFlags, m: PartialManifest = manifest, g?: GitInfo) => planDeploy(flags, m, g);
const request = (flags: DeployFlags, m?: PartialManifest, g?: GitInfo) => {
  const p = plan(flags, m, g);
  if (!p.ok) throw new Error(p.reason);
  return p.request;
};

describe("planDeploy: flags over the manifest", () => {
  test("the manifest fills every field the flags leave out; --json and --yes always", () => {
    expect(request({})).toEqual({
      ref: "app.py::A", appName: "a", auth: "shared", strategy: "rolling", attach: undefined, resetScale: true,
      noCache: undefined, forceEnvBuild: undefined, message: undefined, annotations: [], env: "staging", team: "t",
      json: true, check: undefined, yes: true,
    });
  });

  test("explicit flags win over the manifest", () => {
    const r = request({ ref: "other.py::B", appName: "b", strategy: "recreate", resetScale: false, env: "main", team: "u" });
    expect(r).toMatchObject({ ref: "other.py::B", appName: "b", strategy: "recreate", resetScale: false, env: "main", team: "u" });
  });

  test("an app-name ref never carries --auth/--app-name/--strategy/--reset-scale (fal rejects or ignores them)", () => {
    const p = plan({ ref: "my-app", strategy: "recreate" });
    expect(p.ok && p.request).toMatchObject({ ref: "my-app", auth: undefined, appName: undefined, strategy: undefined, resetScale: undefined });
    expect(p.ok && p.notes.join()).toMatch(/ignores --strategy/);
  });

  test("in a git repo: message and GIT_SHA annotation from the commit, unless given", () => {
    expect(request({}, manifest, git)).toMatchObject({ message: "Ship it (0123456789ab)", annotations: [["GIT_SHA", git.sha]] });
    expect(request({}, manifest, { ...git, dirty: true })).toMatchObject({ message: "Ship it (0123456789ab, with uncommitted changes)", annotations: [["GIT_SHA", `${git.sha}-dirty`]] });
    expect(request({ message: "mine", annotations: ["GIT_SHA=x", "K=a=b"] }, manifest, git)).toMatchObject({ message: "mine", annotations: [["GIT_SHA", "x"], ["K", "a=b"]] });
  });
});

describe("planDeploy: refusals, before anything runs", () => {
  const refused = (flags: DeployFlags, m?: PartialManifest) => {
    const p = plan(flags, m);
    return p.ok ? undefined : [p.exitCode, p.reason];
  };

  test("not shared, or no billing strategy: the project is wrong (exit 1)", () => {
    expect(refused({ auth: "private" })).toEqual([1, expect.stringMatching(/Refusing to deploy with auth `private`/)]);
    expect(refused({}, { ...manifest, app: { ...manifest.app, auth: undefined } })).toEqual([1, expect.stringMatching(/No auth mode/)]);
    expect(refused({}, { ...manifest, billing: {} })).toEqual([1, expect.stringMatching(/No billing strategy/)]);
  });

  test("what fal itself rejects is a usage error (exit 2) with fal's reason", () => {
    expect(refused({ ref: "my-app", auth: "shared" })).toEqual([2, expect.stringMatching(/Cannot use --app-name or --auth with app name reference/)]);
    expect(refused({ attach: true, strategy: "recreate" })).toEqual([2, expect.stringMatching(/only applies to rolling deployments/)]);
    expect(refused({ annotations: ["novalue"] })).toEqual([2, "invalid annotation 'novalue'; expected KEY=VALUE"]);
    expect(refused({ annotations: ["A=1", "A=2"] })).toEqual([2, "Duplicate annotation key 'A'."]);
    expect(refused({ annotations: ["openapi=x"] })).toEqual([2, expect.stringMatching(/reserved/)]);
    expect(refused({ annotations: Array.from({ length: 33 }, (_, i) => `K${i}=v`) })).toEqual([2, expect.stringMatching(/At most 32/)]);
    expect(refused({ message: "x".repeat(2049) })).toEqual([2, expect.stringMatching(/longer than 2048/)]);
  });
});

describe("planDeploy: fal's 16 KiB limit on annotations, counted as fal counts", () => {
  // Sizes checked against fal 1.83.0's own count: len(json.dumps(d, ensure_ascii=False).encode()).
  test("bytes of Python's json.dumps: separators with spaces, non-ASCII at its UTF-8 size", () => {
    expect(annotationsBytes([])).toBe(2);
    expect(annotationsBytes([["A", "x"], ["B", "y"]])).toBe(20);
    expect(annotationsBytes([["K", "\n"]])).toBe(11);
    expect(annotationsBytes([["K", "é".repeat(8187)]])).toBe(16383);
  });

  test("16384 bytes pass, one more is refused before anything runs (exit 2)", () => {
    expect(plan({ annotations: [`K=${"v".repeat(16375)}`] }).ok).toBe(true);
    const over = plan({ annotations: [`K=${"v".repeat(16376)}`] });
    expect(over.ok ? undefined : [over.exitCode, over.reason]).toEqual([2, "Annotations are too large (16385 bytes serialized); the maximum is 16384 bytes."]);
  });

  test("non-ASCII values count at their UTF-8 size, and the GIT_SHA annotation counts too", () => {
    // 8192 × "é" is 16384 bytes of value alone: over, though only 8192 characters.
    expect(plan({ annotations: [`K=${"é".repeat(8192)}`] }).ok).toBe(false);
    // {"K": "<v>", "GIT_SHA": "<40 hex>"} is 64 bytes plus the value.
    expect(plan({ annotations: [`K=${"v".repeat(16384 - 64)}`] }, manifest, git).ok).toBe(true);
    expect(plan({ annotations: [`K=${"v".repeat(16384 - 63)}`] }, manifest, git).ok).toBe(false);
  });
});
