import { describe, expect, test } from "vitest";
import { annotationsBytes, isAppNameRef, planDeploy, type DeployFlags, type GitInfo } from "../../../src/deploy/plan.js";
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

describe("isAppNameRef: fal's own split (cli/parser.py RefAction.split_ref, cli/_utils.py is_app_name)", () => {
  test.each([
    ["my-app", true],
    ["app.py", false],
    ["app.py::A", false],
    ["src/app.py::A", false],
    ["ab::C", false], // `::` at index 2: a file and a class
    ["a::B", true], // `::` at index 1 is not a split for fal: the whole string is an app name
    ["::B", true],
    ["dir/app", true],
  ])("%s → %s", (ref, byName) => {
    expect(isAppNameRef(ref)).toBe(byName);
  });
});

describe("planDeploy: what else the plan decides", () => {
  test("no ref anywhere is a usage error", () => {
    const p = plan({}, { ...manifest, app: { ...manifest.app, ref: undefined } });
    expect(p.ok ? undefined : [p.exitCode, p.reason]).toEqual([2, "No app to deploy: give an app ref or set `app.ref` in falpub.yaml."]);
  });

  test("--auth shared given explicitly is fine with a file ref; the manifest's auth is enough otherwise", () => {
    expect(request({ auth: "shared" }).auth).toBe("shared");
    expect(request({}, { ...manifest, app: { ...manifest.app, auth: "shared" } }).auth).toBe("shared");
  });

  test("an app-name ref refuses --app-name as it refuses --auth", () => {
    const p = plan({ ref: "my-app", appName: "x" });
    expect(p.ok ? undefined : p.exitCode).toBe(2);
  });

  test("--attach with the default (rolling) strategy is fine; with recreate from the manifest it is refused", () => {
    expect(request({ attach: false }).attach).toBe(false);
    expect(plan({ attach: true }, { ...manifest, app: { ...manifest.app, strategy: "recreate" } }).ok).toBe(false);
  });

  test("notes: flags fal ignores with an app-name ref, and the deprecated --force-env-build", () => {
    const notes = (flags: DeployFlags) => {
      const p = plan(flags);
      return p.ok ? p.notes : undefined;
    };
    expect(notes({})).toEqual([]);
    expect(notes({ ref: "my-app", resetScale: true })).toEqual([expect.stringMatching(/^With an app-name ref fal ignores --strategy, --reset-scale and --no-scale/)]);
    expect(notes({ ref: "app.py::A", strategy: "recreate" })).toEqual([]);
    expect(notes({ forceEnvBuild: true })).toEqual(["--force-env-build is deprecated by fal; use --no-cache."]);
    expect(request({ forceEnvBuild: true, noCache: true })).toMatchObject({ forceEnvBuild: true, noCache: true });
    expect(request({ forceEnvBuild: false, noCache: false, check: false })).toMatchObject({ forceEnvBuild: undefined, noCache: undefined, check: undefined });
    expect(request({ check: true }).check).toBe(true);
  });

  test("annotations: an empty key is invalid, a long key is refused naming its start, values may hold `=`", () => {
    const refused = (annotations: string[]) => {
      const p = plan({ annotations });
      return p.ok ? undefined : p.reason;
    };
    expect(refused(["=v"])).toBe("invalid annotation '=v'; expected KEY=VALUE");
    expect(refused([`${"k".repeat(65)}=v`])).toBe(`Annotation key '${"k".repeat(20)}…' is longer than 64 characters.`);
    expect(refused([`${"k".repeat(64)}=v`])).toBeUndefined();
    expect(refused(["message=x"])).toBe("Annotation key 'message' is reserved by fal.");
    expect(refused(["annotations=x"])).toBe("Annotation key 'annotations' is reserved by fal.");
    expect(refused(Array.from({ length: 32 }, (_, i) => `K${i}=v`))).toBeUndefined();
    expect(request({ annotations: ["K=a=b", "E="] }).annotations).toEqual([["K", "a=b"], ["E", ""]]);
  });

  test("the message: 2048 characters pass; from git it is cut to 2048", () => {
    expect(request({ message: "m".repeat(2048) }).message).toHaveLength(2048);
    const long = request({}, manifest, { ...git, subject: "s".repeat(3000) }).message!;
    expect(long).toHaveLength(2048);
    expect(long).toBe("s".repeat(2048));
  });

  test("32 annotations given plus GIT_SHA from git is one too many", () => {
    const p = plan({ annotations: Array.from({ length: 32 }, (_, i) => `K${i}=v`) }, manifest, git);
    expect(p.ok ? undefined : p.reason).toBe("At most 32 annotations are allowed.");
  });
});
