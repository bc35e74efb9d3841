import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runVerify, type VerifyOpts } from "../../src/commands/verify.js";
import { inProcess, leaksCanary, makeProject, MANIFEST, platformTestEnv } from "../support/platform-harness.js";
import { closedPort, ENDPOINT, startPlatformServer, type PlatformServer, type PlatformState, type ScenarioName } from "../support/platform-server.js";

let server: PlatformServer;
let project: ReturnType<typeof makeProject>;
beforeAll(async () => {
  server = await startPlatformServer();
  project = makeProject();
});
afterAll(async () => {
  await server.close();
  project.cleanup();
});

async function verify(scenarios: ScenarioName[], opts: VerifyOpts = {}, extra: { tweak?: (s: PlatformState) => void; cwd?: string; interactive?: boolean; answer?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const runOnce = async (json: boolean) => {
    const state = server.use(...scenarios);
    extra.tweak?.(state);
    return inProcess((io) => runVerify(undefined, { yes: !extra.interactive, timeout: "1", ...opts, json }, io, "t"), { env: platformTestEnv(server.env(), extra.env), cwd: extra.cwd ?? project.dir, interactive: extra.interactive, answer: extra.answer });
  };
  const pretty = await runOnce(false);
  const runs = server.log.filter((l) => l.path.startsWith("/run/"));
  const json = await runOnce(true);
  expect(leaksCanary(pretty.stdout, pretty.stderr, json.stdout, json.stderr)).toBe(false);
  expect(json.exitCode).toBe(pretty.exitCode);
  const doc = JSON.parse(json.stdout);
  const states = (doc.items ?? []).map((i: { state: string }) => i.state);
  return { exitCode: pretty.exitCode, pretty: pretty.stdout, stderr: pretty.stderr, doc, states, runs, asked: pretty.asked };
}

describe("falpub verify: the billing header of the deployed app", () => {
  test("each billing example reports its declared units; a keyless call is refused: exit 0", async () => {
    const r = await verify([]);
    expect(r.exitCode).toBe(0);
    expect(r.states).toEqual(["match", "match", "refused"]);
    expect(r.pretty).toContain("Billing check");
    expect(r.pretty).toContain("Every check holds.");
    expect(r.stderr).toMatch(/may be billed to alice's fal account/);
    // Two calls with the key and the test headers, then one without a key.
    expect(r.runs.map((l) => [l.path, Boolean(l.headers.authorization), l.headers["x-fal-no-retry"], l.headers["x-fal-store-io"]])).toEqual([
      [`/run/${ENDPOINT}`, true, "1", "0"],
      [`/run/${ENDPOINT}`, true, "1", "0"],
      [`/run/${ENDPOINT}`, false, "1", "0"],
    ]);
    expect(r.runs[1]!.body).toEqual({ prompt: "two foxes", num_images: 2 });
    expect(r.doc.calls[1].answer).toMatchObject({ status: 200, header: "2.00000000", units: 2 });
  });

  const cases: Array<[ScenarioName, string[], number, string]> = [
    ["run: header 2.00000000", ["mismatch", "match", "refused"], 3, "1 of 3 checks failed."],
    ["run: header 0", ["mismatch", "mismatch", "refused"], 3, "reported 0, declared 1"],
    ["run: header missing", ["missing", "missing", "refused"], 3, "fal bills GPU seconds"],
    ["run: header non-numeric", ["non-numeric", "non-numeric", "refused"], 3, 'header "two"'],
    ["run: 422 with 0", ["app-error", "app-error", "refused"], 3, "body.prompt: field required"],
    ["run: 2xx without a key (public)", ["match", "match", "public"], 3, "the app is public"],
    ["run: 401 without a key", ["match", "match", "refused"], 0, "HTTP 401 without a key"],
  ];
  test.each(cases)("%s → %j, exit %i", async (scenario, states, code, text) => {
    const r = await verify([scenario]);
    expect(r.states).toEqual(states);
    expect(r.exitCode).toBe(code);
    expect(r.pretty).toContain(text);
  });

  test("a slow app beyond --timeout: timeout, exit 5", async () => {
    const r = await verify(["run: slow"], { timeout: "0.3" });
    // The keyless call is refused before the app runs: only the two calls with the key time out.
    expect(r.states).toEqual(["cannot-ask", "cannot-ask", "refused"]);
    expect(r.doc.items[0].problem.kind).toBe("timeout");
    expect(r.exitCode).toBe(5);
  }, 30_000);

  test("a closed port: unreachable, exit 5", async () => {
    const port = await closedPort();
    server.use();
    const env = platformTestEnv({ ...server.env(), FALPUB_RUN_URL: `http://127.0.0.1:${port}/run` });
    const r = await inProcess((io) => runVerify(undefined, { yes: true, json: true }, io, "t"), { env, cwd: project.dir });
    expect(JSON.parse(r.stdout).items.map((i: { problem?: { kind: string } }) => i.problem?.kind)).toEqual(["unreachable", "unreachable", "unreachable"]);
    expect(r.exitCode).toBe(5);
  });

  test("no billing.examples: the card's example_input, any number accepted", async () => {
    const p = makeProject({ manifest: MANIFEST.replace(/  examples:\n(    .*\n|      .*\n)+/, "") });
    try {
      const r = await verify([], {}, { cwd: p.dir });
      expect(r.states).toEqual(["numeric", "refused"]);
      expect(r.runs[0]!.body).toEqual({ prompt: "a red fox in the snow" });
      expect(r.pretty).toContain("example_input declares no units");
    } finally {
      p.cleanup();
    }
  });

  test("without a terminal and without --yes: exit 2 naming --yes, nothing called", async () => {
    server.use();
    const r = await inProcess((io) => runVerify(undefined, {}, io, "t"), { env: platformTestEnv(server.env()), cwd: project.dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--yes");
    expect(r.stderr).toContain("billed");
    expect(server.log).toEqual([]);
  });

  test("on a terminal it asks: no → nothing called (exit 2), yes → the calls", async () => {
    const no = await verify([], {}, { interactive: true, answer: false });
    expect(no.exitCode).toBe(2);
    expect(no.runs).toEqual([]);
    expect(no.asked[0]).toMatch(/may be billed/);
    const yes = await verify([], {}, { interactive: true, answer: true });
    expect(yes.exitCode).toBe(0);
    expect(yes.runs.length).toBe(3);
  });

  test("the app is not deployed: exit 3, nothing called", async () => {
    const r = await verify(["apps: absent"]);
    expect(r.exitCode).toBe(3);
    expect(r.runs).toEqual([]);
    expect(r.stderr).toContain("no app named text-to-image");
  });

  test("the key is refused: exit 5, nothing called", async () => {
    const r = await verify(["apps: 401"]);
    expect(r.exitCode).toBe(5);
    expect(r.runs).toEqual([]);
    expect(r.doc.error.kind).toBe("unauthorized");
  });

  test("--wait-billing: polls (with progress lines) until fal records the units, then compares", async () => {
    const r = await verify(["requests: recorded after 2 polls"], { waitBilling: "5" });
    expect(r.states).toEqual(["match", "match", "refused", "recorded", "recorded"]);
    expect(r.stderr).toMatch(/waiting for fal to record billing: 0 of 2 calls recorded/);
    expect(r.exitCode).toBe(0);
  });

  test("--wait-billing: recorded units that differ from the declared ones fail", async () => {
    const r = await verify(["requests: recorded unequal"], { waitBilling: "5" });
    expect(r.states.slice(3)).toEqual(["mismatch", "mismatch"]);
    expect(r.pretty).toContain("fal recorded 7, declared 1");
    expect(r.exitCode).toBe(3);
  });

  test("--wait-billing: bounded; still not recorded is its own state", async () => {
    const r = await verify(["requests: not recorded yet"], { waitBilling: "0.05" });
    expect(r.states.slice(3)).toEqual(["not-recorded-yet", "not-recorded-yet"]);
    expect(r.exitCode).toBe(0);
  });

  test("--wait-billing: the calls are found past the first page (next_cursor)", async () => {
    // 120 older requests listed first, the new calls after them: only the cursor reaches them.
    const r = await verify(["requests: paginated"], { waitBilling: "5" });
    expect(r.states.slice(3)).toEqual(["recorded", "recorded"]);
    expect(server.log.filter((l) => l.path === "/v1/serverless/requests/by-endpoint" && l.query.get("cursor")).length).toBeGreaterThan(0);
  });
});
