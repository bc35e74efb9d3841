import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runStatus } from "../../src/commands/status.js";
import { inProcess, leaksCanary, makeProject, platformTestEnv } from "../support/platform-harness.js";
import { ENDPOINT, startPlatformServer, type PlatformServer, type ScenarioName } from "../support/platform-server.js";

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

async function status(scenarios: ScenarioName[], opts: { json?: boolean; env?: NodeJS.ProcessEnv; matchHead?: boolean } = {}) {
  const state = server.use(...scenarios);
  if (opts.matchHead !== false) state.revisions[ENDPOINT]![0]!.annotations = { GIT_SHA: project.head! };
  const run = await inProcess((io) => runStatus(undefined, { json: opts.json }, io, "0.0.0-test"), { env: platformTestEnv(server.env(), opts.env), cwd: project.dir });
  expect(leaksCanary(run.stdout, run.stderr)).toBe(false);
  const doc = opts.json ? JSON.parse(run.stdout) : undefined;
  const states = doc ? Object.fromEntries(doc.items.map((i: { id: string; state: string }) => [i.id, i.state])) : undefined;
  return { ...run, doc, states };
}

describe("falpub status against the local platform", () => {
  test("the healthy published app: every item done, exit 0", async () => {
    const r = await status([], { json: true });
    expect(r.exitCode).toBe(0);
    expect(r.states).toEqual({ endpoint: "found", auth: "shared", revision: "matches-head", price: "matches", listed: "listed", traffic: "traffic", billing: "recorded" });
    expect(r.doc.schemaVersion).toBe(1);
    expect(r.doc.app).toMatchObject({ endpointId: ENDPOINT, owner: "alice", authMode: "shared" });
    expect(r.doc.platformRequests).toBe(6);
  });
});
