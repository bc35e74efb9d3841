import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { aliasFor, checkPlatform, findDeployedApp, parseAppsList } from "../../../src/fal/apps.js";
import { buildAppsListArgv } from "../../../src/fal/argv.js";
import type { RawRun } from "../../../src/fal/outcome.js";
import { FIXTURES } from "../../support/fal-env.js";

// Recorded: the real fal 1.83.0 `apps list --json --filter my-app --env staging` after a deploy
// against test/control-plane/server.py (record.sh).
const dir = path.join(FIXTURES, "apps-list-json");
const recorded = readFileSync(path.join(dir, "stdout"), "utf8");
const REV = "00000000-0000-4000-8000-00000000c0de";

describe("buildAppsListArgv", () => {
  it("name only, then --env and --team in that order", () => {
    expect(buildAppsListArgv({ name: "my-app" })).toEqual(["apps", "list", "--json", "--filter", "my-app"]);
    expect(buildAppsListArgv({ name: "my-app", env: "staging", team: "acme" })).toEqual(["apps", "list", "--json", "--filter", "my-app", "--env", "staging", "--team", "acme"]);
  });
  it("is the recorded command", () => {
    expect(["fal", ...buildAppsListArgv({ name: "my-app", env: "staging" })].join(" ")).toBe(readFileSync(path.join(dir, "cmd"), "utf8").trim());
  });
  it("a value starting with '-' uses the = form; an empty name is refused", () => {
    expect(buildAppsListArgv({ name: "-x", env: "-e" })).toEqual(["apps", "list", "--json", "--filter=-x", "--env=-e"]);
    expect(() => buildAppsListArgv({ name: "" })).toThrow(/must not be empty/);
  });
});

describe("parseAppsList", () => {
  it("reads the recorded output", () => {
    expect(parseAppsList(recorded)).toEqual({ apps: [{ alias: "my-app--staging", authMode: "shared", revision: REV, environment: "staging" }] });
  });
  it("an empty list, items missing fields are skipped, other lines ignored", () => {
    expect(parseAppsList('{"apps": []}\n')).toEqual({ apps: [] });
    const out = 'note\n{"apps": [{"alias": "a", "auth_mode": "private", "revision": "r"}, {"alias": "b"}, 7]}\n';
    expect(parseAppsList(out)).toEqual({ apps: [{ alias: "a", authMode: "private", revision: "r" }] });
  });
  it("no app list → undefined", () => {
    expect(parseAppsList("")).toBeUndefined();
    expect(parseAppsList('{"revision": "r", "app_name": "x"}\n')).toBeUndefined();
    expect(parseAppsList("{not json\n")).toBeUndefined();
  });
});

describe("findDeployedApp / checkPlatform", () => {
  const list = { apps: [{ alias: "my-app-two", authMode: "private", revision: "x" }, { alias: "my-app", authMode: "public", revision: REV }, { alias: "my-app--staging", authMode: "shared", revision: REV }] };
  it("matches the exact alias for the environment (main has no suffix)", () => {
    expect(aliasFor("my-app", undefined)).toBe("my-app");
    expect(aliasFor("my-app", "main")).toBe("my-app");
    expect(findDeployedApp(list, { appName: "my-app", revision: REV, env: "staging" })).toEqual({ authMode: "shared", revision: REV });
    expect(findDeployedApp(list, { appName: "my-app", revision: REV })).toEqual({ authMode: "public", revision: REV });
  });
  it("not listed, or another revision → an error", () => {
    expect(findDeployedApp(list, { appName: "my-app", revision: REV, env: "prod" })).toEqual({ error: "my-app--prod is not in `fal apps list`" });
    expect(findDeployedApp(list, { appName: "my-app-two", revision: REV })).toEqual({ error: `my-app-two points to revision x, not the deployed ${REV}` });
  });
  const run = (r: Partial<RawRun>): RawRun => ({ exitCode: 0, stdout: "", stderr: "", timedOut: false, interrupted: false, timeoutMs: 60_000, ...r });
  it("a run: recorded → shared; timeout, failure, no JSON → errors", () => {
    const want = { appName: "my-app", revision: REV, env: "staging" };
    expect(checkPlatform(run({ stdout: recorded }), want)).toEqual({ authMode: "shared", revision: REV });
    expect(checkPlatform(run({ timedOut: true, exitCode: null }), want)).toEqual({ error: "fal apps list did not answer within 60 s" });
    expect(checkPlatform(run({ exitCode: 1, stdout: "✘ You must be authenticated.\n" }), want)).toEqual({ error: "fal apps list failed (exit 1): You must be authenticated." });
    expect(checkPlatform(run({ exitCode: 2, stderr: "usage: fal\nfal: error: unrecognized arguments: --filter\n" }), want)).toEqual({ error: "fal apps list failed (exit 2): fal: error: unrecognized arguments: --filter" });
    expect(checkPlatform(run({ stdout: "hello\n" }), want)).toEqual({ error: "fal apps list printed no JSON app list" });
  });
});
