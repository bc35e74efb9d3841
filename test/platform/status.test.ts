import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runStatus } from "../../src/commands/status.js";
import { inProcess, leaksCanary, makeProject, platformTestEnv } from "../support/platform-harness.js";
import { closedPort, ENDPOINT, startPlatformServer, type PlatformServer, type PlatformState, type ScenarioName } from "../support/platform-server.js";

let server: PlatformServer;
let project: ReturnType<typeof makeProject>;
beforeAll(async () => {
  server = await startPlatformServer();
  project = makeProject({ git: true });
});
afterAll(async () => {
  await server.close();
  project.cleanup();
});

interface Opts {
  env?: NodeJS.ProcessEnv;
  matchHead?: boolean;
  tweak?: (s: PlatformState) => void;
  cwd?: string;
  /** --timeout in seconds (default 2). */
  timeout?: string;
}

/** Runs status twice on the same scenario: once pretty, once --json; both must agree and leak nothing. */
async function status(scenarios: ScenarioName[], opts: Opts = {}) {
  const runOnce = async (json: boolean) => {
    const state = server.use(...scenarios);
    if (opts.matchHead !== false && state.revisions[ENDPOINT]) state.revisions[ENDPOINT]![0]!.annotations = { GIT_SHA: project.head! };
    opts.tweak?.(state);
    return inProcess((io) => runStatus(undefined, { json, timeout: opts.timeout ?? "2" }, io, "0.0.0-test"), { env: platformTestEnv(server.env(), opts.env), cwd: opts.cwd ?? project.dir });
  };
  const pretty = await runOnce(false);
  const json = await runOnce(true);
  expect(leaksCanary(pretty.stdout, pretty.stderr, json.stdout, json.stderr)).toBe(false);
  expect(json.exitCode).toBe(pretty.exitCode);
  const doc = JSON.parse(json.stdout);
  const states: Record<string, string> = Object.fromEntries(doc.items.map((i: { id: string; state: string }) => [i.id, i.state]));
  const statuses: Record<string, string> = Object.fromEntries(doc.items.map((i: { id: string; status: string }) => [i.id, i.status]));
  return { exitCode: pretty.exitCode, pretty: pretty.stdout, stderr: pretty.stderr + json.stderr, doc, states, statuses };
}

const HEALTHY = { endpoint: "found", auth: "shared", revision: "matches-head", price: "matches", listed: "listed", traffic: "traffic", billing: "recorded" };

describe("falpub status against the local platform", () => {
  test("the healthy published app: every item done, exit 0, six requests", async () => {
    const r = await status(["apps: shared", "pricing: priced matching", "models: listed active", "analytics: traffic"]);
    expect(r.exitCode).toBe(0);
    expect(r.states).toEqual(HEALTHY);
    expect(Object.values(r.statuses)).toEqual(Array(7).fill("done"));
    expect(r.doc).toMatchObject({ schemaVersion: 1, command: "status", exitCode: 0, platformRequests: 6 });
    expect(r.doc.app).toMatchObject({ endpointId: ENDPOINT, owner: "alice", authMode: "shared" });
    expect(r.doc.app.urls).toEqual({ run: `${server.url}/run/${ENDPOINT}`, queue: `${server.url}/queue/${ENDPOINT}`, playground: `https://fal.ai/models/${ENDPOINT}` });
    expect(r.pretty).toContain("Publishing checklist");
    expect(r.pretty).toMatch(/✔ done +Endpoint id and owner\n +alice\/text-to-image \(owner alice, environment main\)/);
    expect(r.pretty).toContain("All steps done.");
    // Every request carried the key, and the apps search asked for the manifest's environment.
    const asked = server.log.filter((l) => l.path.startsWith("/v1/"));
    expect(asked.every((l) => l.headers.authorization?.startsWith("Key "))).toBe(true);
    expect(asked.find((l) => l.path === "/v1/serverless/apps")!.query.get("environment")).toBe("main");
  });

  // [scenarios, item id, state, status, exit code, text in the pretty output]
  const cases: Array<[ScenarioName[], string, string, string, number, string]> = [
    [["apps: private"], "auth", "private", "failed", 3, "fal apps set-rev text-to-image rev-2 --auth shared"],
    [["apps: public"], "auth", "public", "failed", 3, "anyone can call it without a key"],
    [["apps: absent"], "endpoint", "absent", "failed", 3, "the key belongs to alice"],
    [["apps: substring only"], "endpoint", "absent", "failed", 3, "similar: alice/text-to-image-two"],
    [["pricing: priced other price"], "price", "price-differs", "failed", 3, "fal: $0.05 per megapixels"],
    [["pricing: priced other unit"], "price", "unit-differs", "failed", 3, "a image price does not fit"],
    [["pricing: unpriced empty"], "price", "unpriced", "todo", 0, "lists no price"],
    [["pricing: unpriced 404"], "price", "unpriced", "todo", 0, "answers 404"],
    [["pricing: stub units at 1"], "price", "stub", "todo", 0, "placeholder"],
    [["models: deprecated"], "listed", "deprecated", "failed", 3, "status deprecated"],
    [["models: card differs"], "listed", "card-differs", "failed", 3, 'title: catalog "Other Title", falpub.yaml "Text to Image"'],
    [["models: entry without metadata"], "listed", "unlisted", "todo", 0, "no metadata"],
    [["models: empty"], "listed", "unlisted", "todo", 0, "no entry"],
    [["models: 404"], "listed", "unlisted", "todo", 0, "answers 404"],
    [["analytics: zero traffic"], "traffic", "no-traffic", "todo", 0, "0 requests"],
    [["requests: not recorded yet"], "billing", "not-recorded-yet", "todo", 0, "not recorded yet"],
    [["requests: none"], "billing", "no-requests", "todo", 0, "no recent requests"],
  ];
  test.each(cases)("%j → %s is %s (%s), exit %i", async (scenarios, id, state, itemStatus, code, text) => {
    const r = await status(scenarios);
    expect(r.states[id]).toBe(state);
    expect(r.statuses[id]).toBe(itemStatus);
    expect(r.exitCode).toBe(code);
    expect(r.pretty).toContain(text);
    // Only the item under test moved away from the healthy state (absent skips the rest).
    const others = Object.entries(r.states).filter(([k]) => k !== id && !(state === "absent"));
    for (const [k, v] of others) expect(v).toBe(HEALTHY[k as keyof typeof HEALTHY]);
  });

  test("an absent app: the other items are skipped, and /users/current says whose key it is", async () => {
    const r = await status(["apps: absent"]);
    expect(r.states).toMatchObject({ auth: "skipped", revision: "skipped", price: "skipped", billing: "skipped" });
    expect(server.log.some((l) => l.path === "/rest/users/current")).toBe(true);
  });

  test("revision: behind HEAD, no annotation, failed, none current, outside git", async () => {
    expect((await status([], { matchHead: false })).states.revision).toBe("behind-head");
    expect((await status([], { tweak: (s) => void (s.revisions[ENDPOINT]![0]!.annotations = null) })).states.revision).toBe("no-annotation");
    const failed = await status([], { tweak: (s) => void (s.revisions[ENDPOINT]![0]!.status = "failed") });
    expect([failed.states.revision, failed.statuses.revision, failed.exitCode]).toEqual(["revision-failed", "failed", 3]);
    const none = await status([], { tweak: (s) => s.revisions[ENDPOINT]!.forEach((r) => (r.is_current = false)) });
    expect([none.states.revision, none.exitCode]).toEqual(["no-current", 3]);
    const plain = makeProject();
    try {
      expect((await status([], { cwd: plain.dir })).states.revision).toBe("no-git");
    } finally {
      plain.cleanup();
    }
  });

  test("revisions past the first page are followed to the current one", async () => {
    const r = await status([], {
      tweak: (s) => {
        const list = s.revisions[ENDPOINT]!;
        const current = list[0]!;
        s.revisions[ENDPOINT] = [...Array.from({ length: 60 }, (_, i) => ({ ...list[1]!, revision_id: `old-${i}` })), current];
      },
    });
    expect(r.states.revision).toBe("matches-head");
  });

  // Every way the platform cannot be asked: the item says what happened, exit 5 (3 wins if an item failed on the platform's word).
  const failures: Array<[ScenarioName[], string, string]> = [
    [["apps: 401"], "endpoint", "unauthorized"],
    [["apps: 403"], "endpoint", "forbidden"],
    [["pricing: 429"], "price", "rate-limited"],
    [["pricing: 500"], "price", "server-error"],
    [["pricing: cloudflare 403"], "price", "blocked"],
    [["analytics: 400 bad expand"], "traffic", "bad-request"],
    [["analytics: 403"], "traffic", "forbidden"],
  ];
  test.each(failures)("%j → %s cannot be asked: %s, exit 5", async (scenarios, id, kind) => {
    const r = await status(scenarios);
    expect(r.states[id]).toBe("cannot-ask");
    expect(r.doc.items.find((i: { id: string }) => i.id === id).problem.kind).toBe(kind);
    expect(r.exitCode).toBe(5);
    expect(r.pretty).toContain(`: ${kind}`);
    expect(r.stderr).toContain("exit 5");
  });

  test("the Cloudflare challenge is 'blocked', never 'not priced'", async () => {
    const r = await status(["pricing: cloudflare 403"]);
    expect(r.pretty).toContain("cf-mitigated: challenge");
    expect(r.pretty).toContain('"Just a moment..."');
  });

  test("429 and 5xx are retried (bounded): a fault that clears is an answer", async () => {
    const r = await status([], { tweak: (s) => void (s.faults.pricing = { status: 503, times: 2 }) });
    expect(r.states.price).toBe("matches");
    const r2 = await status(["pricing: 500"]);
    expect(server.log.filter((l) => l.path === "/v1/models/pricing").length).toBe(4); // the --json run: 4 attempts
    expect(r2.exitCode).toBe(5);
  });

  test("unexpected shape: says what was expected", async () => {
    const r = await status([], { tweak: (s) => void ((s.apps[0] as unknown as Record<string, unknown>).auth_mode = 7) });
    expect(r.states.endpoint).toBe("cannot-ask");
    expect(r.pretty).toMatch(/unexpected-shape.*expected \{"apps".*at apps\[0\]\.auth_mode/);
  });

  test("timeout and unreachable", async () => {
    // A short --timeout: this waits for it twice (pretty and --json).
    const slow = await status([], { timeout: "0.4", tweak: (s) => void (s.faults.apps = { delayMs: 1500 }) });
    expect(slow.doc.items[0].problem.kind).toBe("timeout");
    expect(slow.exitCode).toBe(5);
    const port = await closedPort();
    const dead = Object.fromEntries(Object.entries(server.env()).map(([k, v]) => [k, v.replace(/:\d+\//, `:${port}/`)]));
    const r = await inProcess((io) => runStatus(undefined, { json: true }, io, "t"), { env: platformTestEnv(dead), cwd: project.dir });
    expect(JSON.parse(r.stdout).items[0].problem.kind).toBe("unreachable");
    expect(r.exitCode).toBe(5);
    const pretty = await inProcess((io) => runStatus(undefined, {}, io, "t"), { env: platformTestEnv(dead), cwd: project.dir });
    expect(pretty.stdout).toMatch(/✖ failed +Endpoint id and owner\n.*: unreachable: could not connect \(ECONNREFUSED\)/);
    expect(pretty.exitCode).toBe(5);
  }, 20_000);

  test("a server that echoes the key in its errors: still redacted everywhere", async () => {
    const r = await status(["apps: 401"], { tweak: (s) => void (s.echoKeyInErrors = true) });
    // The server did put the key in its message; falpub shows the message with the key masked.
    expect(r.pretty).toContain("forced 401 (got Key ***)");
    expect(r.exitCode).toBe(5);
  });

  test("no FAL_KEY: exit 2 naming FAL_KEY, nothing asked; --json still prints one document", async () => {
    server.use();
    const before = server.log.length;
    const r = await inProcess((io) => runStatus(undefined, { json: true }, io, "t"), { env: platformTestEnv(server.env(), { FAL_KEY: undefined }), cwd: project.dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("FAL_KEY");
    expect(JSON.parse(r.stdout).error.exitCode).toBe(2);
    expect(server.log.length).toBe(before);
  });

  test("--env is the environment asked for", async () => {
    server.use();
    const r = await inProcess((io) => runStatus(undefined, { env: "staging" }, io, "t"), { env: platformTestEnv(server.env()), cwd: project.dir });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain("no app named text-to-image in environment staging");
  });
});
