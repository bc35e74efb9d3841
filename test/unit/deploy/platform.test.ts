// `falpub deploy`'s platform check through the Platform API (FAL_KEY set), in-process, against the
// local imitation (test/support/platform-server.ts); fal itself is replayed (harness.ts). Without
// FAL_KEY the check falls back to `fal apps list`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closedPort, OWNER, startPlatformServer, type PlatformServer, type PlatformState } from "../../support/platform-server.js";
import { leaksCanary, platformTestEnv } from "../../support/platform-harness.js";
import type { PlatformChecker } from "../../../src/commands/deploy/platform.js";
import { cleanup, deploy, REVISION } from "./harness.js";
import { recorded } from "../../support/replay-fal.js";

let server: PlatformServer;
beforeAll(async () => {
  server = await startPlatformServer();
});
afterAll(async () => {
  cleanup();
  await server.close();
});

// The recorded `fal deploy` (deployed-json) reports app my-app, revision REVISION.
const DEPLOYED = "my-app";
const ENDPOINT_ID = `${OWNER}/${DEPLOYED}`;

/** The platform after that deploy: my-app in main, REVISION current, with this auth mode. */
function deployedState(auth: "shared" | "private" | "public" = "shared"): PlatformState {
  const s = server.use();
  s.apps = [{ name: DEPLOYED, owner: OWNER, environment: "main", auth_mode: auth }];
  s.revisions[ENDPOINT_ID] = [{ revision_id: REVISION, created_at: new Date().toISOString(), is_current: true, message: null, annotations: null, status: "deployed", deployed_by: OWNER }];
  return s;
}

const urls = () => ({ run: `${server.url}/run/${ENDPOINT_ID}`, queue: `${server.url}/queue/${ENDPOINT_ID}`, playground: `https://fal.ai/models/${ENDPOINT_ID}` });
const platformRun = (args: string[], env: NodeJS.ProcessEnv = platformTestEnv(server.env())) => deploy(args, { env, platformApi: true });
const appsListRuns = (r: { calls: Array<{ argv: string[] }> }) => r.calls.filter((c) => c.argv[0] === "apps");

describe("after a deployed outcome, with FAL_KEY: the Platform API, no second fal", () => {
  test("shared: endpoint id and URLs after the outcome and in the checklist (pretty); exit 0", async () => {
    deployedState("shared");
    const r = await platformRun(["--output", "pretty"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(appsListRuns(r)).toEqual([]);
    const u = urls();
    expect(r.stdout).toContain(`✔ Deployed my-app, revision ${REVISION} (deployed)\n    endpoint id ${ENDPOINT_ID}\n    run:        ${u.run}\n    queue:      ${u.queue}\n    playground: ${u.playground}\n`);
    expect(r.stdout).toContain(`platform: auth_mode shared, revision ${REVISION}`);
    expect(r.stdout).toContain(`endpoint id ${ENDPOINT_ID} (owner ${OWNER})`);
    expect(r.stdout).toMatch(/✔ done   Deployed in shared mode/);
    // The app by name and environment, then its revisions: two requests, with the key.
    expect(server.log.map((l) => l.path)).toEqual(["/v1/serverless/apps", `/v1/serverless/apps/${ENDPOINT_ID}/revisions`]);
    expect(leaksCanary(r.stdout, r.stderr)).toBe(false);
  });

  test("shared: the JSON document carries platform.endpointId, owner and urls", async () => {
    deployedState("shared");
    const r = await platformRun(["--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.platform).toEqual({ authMode: "shared", revision: REVISION, endpointId: ENDPOINT_ID, owner: OWNER, urls: urls() });
    expect(doc.checklist.find((i: { id: string }) => i.id === "deployed-shared")).toMatchObject({ status: "done", evidence: expect.arrayContaining([`run: ${urls().run}`]) });
    expect(r.stderr).toContain(`endpoint id ${ENDPOINT_ID}`);
    expect(leaksCanary(r.stdout, r.stderr)).toBe(false);
  });

  test("shared: the listing request names the endpoint id and the URLs, not <owner>/…", async () => {
    deployedState("shared");
    const r = await platformRun(["--json", "--listing-request", "listing.md"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const md = readFileSync(path.join(r.cwd, "listing.md"), "utf8");
    expect(md).toContain(`- **Endpoint id:** \`${ENDPOINT_ID}\``);
    expect(md).toContain(`- **Run URL:** ${urls().run}`);
    expect(md).toContain(`- **Queue URL:** ${urls().queue}`);
    expect(md).toContain(`- **Playground:** ${urls().playground}`);
    expect(md).not.toContain("<owner>");
  });

  test.each(["private", "public"] as const)("%s: live but not shared is exit 3 with the fix", async (auth) => {
    deployedState(auth);
    const r = await platformRun(["--output", "pretty"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`my-app is live but NOT shared: the platform reports auth_mode ${auth}. Run \`fal apps set-rev my-app ${REVISION} --auth shared\``);
    expect(r.stdout).toMatch(/✖ failed Deployed in shared mode/);
  });

  test("the current revision is someone else's: the check does not judge, exit 0", async () => {
    const s = deployedState("private");
    s.revisions[ENDPOINT_ID]![0]!.revision_id = "rev-other";
    const r = await platformRun(["--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).platform.error).toBe(`${ENDPOINT_ID} points to revision rev-other, not the deployed ${REVISION}`);
  });

  test("401: platform check failed, exit unchanged, the key not printed", async () => {
    deployedState("shared");
    server.state.faults.apps = { status: 401 };
    server.state.echoKeyInErrors = true;
    const pretty = await platformRun(["--output", "pretty"]);
    expect(pretty.exitCode, pretty.stderr).toBe(0);
    expect(pretty.stdout).toMatch(/platform check failed: the Platform API could not be asked: GET \S+\/v1\/serverless\/apps\S*: unauthorized \(HTTP 401\)/);
    expect(leaksCanary(pretty.stdout, pretty.stderr)).toBe(false);
    const json = await platformRun(["--json"]);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout).platform.error).toMatch(/^the Platform API could not be asked: /);
    expect(appsListRuns(json)).toEqual([]);
  });

  test("unreachable: platform check failed, exit 0", async () => {
    const port = await closedPort();
    const dead = `http://127.0.0.1:${port}`;
    const env = platformTestEnv({ FALPUB_API_URL: `${dead}/v1`, FALPUB_RUN_URL: `${dead}/run`, FALPUB_QUEUE_URL: `${dead}/queue`, FALPUB_REST_URL: `${dead}/rest` });
    const r = await platformRun(["--output", "pretty"], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/platform check failed: the Platform API could not be asked: /);
    expect(r.stdout).not.toMatch(/endpoint id/);
  });

  test("the app is not in the environment: platform check failed, exit 0", async () => {
    server.use("apps: absent");
    const r = await platformRun(["--json"]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).platform).toEqual({ error: "my-app is not in /v1/serverless/apps for environment main" });
  });
});

describe("--team: fal apps list --team asks as the team (the Platform API lists the key's own apps only)", () => {
  test("with FAL_KEY and --team the check runs fal apps list --team and asks the Platform API nothing", async () => {
    deployedState("shared");
    const r = await platformRun(["--json", "--team", "acme"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(appsListRuns(r).map((c) => c.argv)).toEqual([["apps", "list", "--json", "--filter", "my-app", "--team", "acme"]]);
    expect(server.log).toEqual([]);
  });
});

describe("without FAL_KEY (fal auth login only): fal apps list, as before", () => {
  test("the fallback runs fal apps list, asks the Platform API nothing, and reports no endpoint id", async () => {
    deployedState("shared");
    const env = { ...server.env(), NO_COLOR: "1" };
    const r = await platformRun(["--json"], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(appsListRuns(r).map((c) => c.argv)).toEqual([["apps", "list", "--json", "--filter", "my-app"]]);
    expect(server.log).toEqual([]);
    const doc = JSON.parse(r.stdout);
    expect(doc.platform).not.toHaveProperty("endpointId");
  });
});

describe("the platform check starts at fal's JSON result line, its modules load while fal runs", () => {
  /** A checker that logs when it is prepared and asked (whether fal had ended), and keeps its signal. */
  function spy() {
    const log: string[] = [];
    const signals: Array<AbortSignal | undefined> = [];
    const make = (calls: Array<{ argv: string[]; ended?: boolean }>): PlatformChecker => {
      const deployEnded = () => calls.find((c) => c.argv[0] === "deploy")?.ended === true;
      const check: PlatformChecker = async (query, signal) => {
        log.push(`check ${query.appName}@${query.revision} ${deployEnded() ? "after fal ended" : "while fal runs"}`);
        signals.push(signal);
        return { authMode: "shared", revision: query.revision };
      };
      check.prepare = () => void log.push(`prepare after ${calls.map((c) => c.argv[0]).join(",")}`);
      return check;
    };
    return { log, signals, make };
  }

  test("a deploy: asked once, before fal has ended, for the app and revision of its JSON line; prepared once", async () => {
    const s = spy();
    const r = await deploy(["--output", "pretty"], { platformChecker: s.make });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(s.log.sort()).toEqual([`check ${DEPLOYED}@${REVISION} while fal runs`, "prepare after --version,deploy"]);
    expect(s.signals[0]?.aborted).toBe(false);
    expect(r.stdout).toContain(`platform: auth_mode shared, revision ${REVISION}`);
  });

  test("fal printed its JSON line but then failed: the early check is abandoned (aborted) and not reported", async () => {
    const s = spy();
    const r = await deploy(["--json"], { platformChecker: s.make, replay: { ...recorded("deployed-json"), exitCode: 1 } });
    expect(r.exitCode).toBe(3);
    expect(s.log.filter((l) => l.startsWith("check"))).toHaveLength(1);
    expect(s.signals[0]?.aborted).toBe(true);
    expect(JSON.parse(r.stdout).platform).toBeUndefined();
  });

  test("a dry run, a refused deploy and --team (fal apps list asks) never prepare or ask it", async () => {
    for (const [args, code] of [[["--dry-run"], 0], [["--auth", "private"], 1], [["--team", "acme"], 0]] as const) {
      const s = spy();
      const r = await deploy([...args], { platformChecker: s.make });
      expect(r.exitCode, `${args.join(" ")}: ${r.stderr}`).toBe(code);
      expect(s.log, args.join(" ")).toEqual([]);
    }
  });
});
