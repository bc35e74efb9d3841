// The FalClient over replayed processes (test/support/replay-fal.ts): what falpub makes of
// fal's output — version, outcome, platform check — and redaction, without starting fal.
import { describe, expect, it } from "vitest";
import { falClient, versionFrom } from "../../../src/fal/client.js";
import type { CapturedRun } from "../../../src/fal/run.js";
import { recorded, replayFal, versionPrinting } from "../../support/replay-fal.js";

const run = (r: Partial<CapturedRun>): CapturedRun => ({ exitCode: 0, stdout: "", stderr: "", timedOut: false, why: "", ...r });

describe("versionFrom (fal --version)", () => {
  it("reads the bare version", () => {
    expect(versionFrom("fal", run({ stdout: "1.83.0" }), 15_000)).toEqual({ version: { kind: "release", raw: "1.83.0", parts: [1, 83, 0] } });
  });
  it("a dev build is assumed newest", () => {
    expect(versionFrom("fal", run({ stdout: "1.84.0.dev2+gabc" }), 15_000)).toMatchObject({ version: { kind: "assume-newest" } });
  });
  it("a broken fal is a clear error naming the cause (its last stderr line)", () => {
    const r = run({ exitCode: 1, stderr: "Traceback (most recent call last):\nAssertionError: FAL_HOST must start with 'api' (use FAL_GRPC_HOST to override)" });
    expect(versionFrom("/x/fal", r, 15_000)).toEqual({ error: "`/x/fal --version` failed (exit 1): AssertionError: FAL_HOST must start with 'api' (use FAL_GRPC_HOST to override)" });
  });
  it("garbage output, a hang and a missing binary are errors", () => {
    expect(versionFrom("fal", run({ stdout: "hello" }), 15_000)).toEqual({ error: '`fal --version` printed no version: "hello"' });
    expect(versionFrom("fal", run({ exitCode: null, timedOut: true }), 15_000)).toEqual({ error: "`fal --version` did not answer within 15 s." });
    expect(versionFrom("fal", run({ exitCode: null, signal: "SIGKILL" }), 15_000)).toMatchObject({ error: expect.stringContaining("(exit SIGKILL)") });
    expect(versionFrom("/nope/fal", run({ exitCode: null, why: "spawn /nope/fal ENOENT" }), 15_000)).toEqual({ error: "`/nope/fal --version` failed (exit ?): spawn /nope/fal ENOENT" });
  });
});

describe("falClient", () => {
  const KEY = "kid-000001:ksecretvalue-abcdef";
  const env = { FAL_KEY: KEY, GH_TOKEN: "ghp_abcdef123" };

  it("redacts secrets from the outcome and the live lines of a deploy", async () => {
    const processes = replayFal([[["deploy"], { stdout: `debug FAL_KEY=${KEY}\n✘ failed with ${KEY}\n`, stderr: "token ghp_abcdef123\n", exitCode: 1 }]]);
    const seen: string[] = [];
    const o = await falClient(env, "/", processes).deploy("fal", ["deploy", "app.py"], { cwd: "/", timeoutMs: 1000, onStdout: (l) => seen.push(l), onStderr: (l) => seen.push(l) });
    const all = JSON.stringify(o) + seen.join("\n");
    expect(seen).toHaveLength(3);
    expect(all).not.toContain("ksecretvalue");
    expect(all).not.toContain("ghp_abcdef123");
    expect(all).toContain("***");
  });

  it("redacts the version error", async () => {
    const processes = replayFal([[["--version"], { stdout: "", stderr: `bad key ${KEY}\n`, exitCode: 1 }]]);
    expect(await falClient(env, "/", processes).version("fal")).toEqual({ error: "`fal --version` failed (exit 1): bad key ***" });
  });

  it("parses a deploy replayed from the real fal", async () => {
    const processes = replayFal([[["deploy"], recorded("deployed-json")]]);
    expect(await falClient({}, "/", processes).deploy("fal", ["deploy", "app.py"], { cwd: "/", timeoutMs: 1000 })).toEqual({
      kind: "deployed", appName: "my-app", revision: "00000000-0000-4000-8000-00000000c0de", status: "deployed", exitCode: 0,
    });
  });

  it("listApps: the recorded command and output; FAL_ENV when --env is absent, as fal does", async () => {
    const processes = replayFal([[["apps", "list"], recorded("apps-list-json")]]);
    const want = { appName: "my-app", revision: "00000000-0000-4000-8000-00000000c0de" };
    expect(await falClient({ FAL_ENV: "staging" }, "/", processes).listApps("fal", want, "/app")).toEqual({ authMode: "shared", revision: want.revision });
    expect(await falClient({}, "/", processes).listApps("fal", { ...want, env: "staging", team: "acme" }, "/app")).toEqual({ authMode: "shared", revision: want.revision });
    expect(processes.calls.map((c) => [c.argv, c.cwd, c.timeoutMs])).toEqual([
      [["apps", "list", "--json", "--filter", "my-app"], "/app", 60_000],
      [["apps", "list", "--json", "--filter", "my-app", "--env", "staging", "--team", "acme"], "/app", 60_000],
    ]);
    // Without FAL_ENV or --env the alias is main's, which the staging list does not have.
    expect(await falClient({}, "/", processes).listApps("fal", want, "/app")).toEqual({ error: "my-app is not in `fal apps list`" });
  });

  it("listApps: a fal that cannot be started says why", async () => {
    const processes = replayFal([[["apps"], { stdout: "", stderr: "", exitCode: null }]]);
    expect(await falClient({}, "/", processes).listApps("fal", { appName: "a", revision: "r" }, "/")).toEqual({ error: "fal apps list failed (exit ?): spawn fal ENOENT" });
  });

  it("an argv with no recording fails loudly", async () => {
    const processes = replayFal([[["--version"], versionPrinting("1.83.0")]]);
    await expect(falClient({}, "/", processes).deploy("fal", ["deploy"], { cwd: "/", timeoutMs: 1 })).rejects.toThrow(/no recording for fal deploy/);
  });
});
