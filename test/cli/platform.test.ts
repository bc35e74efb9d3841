// status / verify / price through the built bin, against the local platform imitation.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { assertLoopback, leaksCanary, makeProject } from "../support/platform-harness.js";
import { CANARY_KEY, ENDPOINT, startPlatformServer, type PlatformServer } from "../support/platform-server.js";
import { baseEnv, falpub, STACK_FRAME } from "./helpers.js";

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

async function bin(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const env = baseEnv({ ...server.env(), FAL_KEY: CANARY_KEY, ...extra });
  assertLoopback(env);
  const r = await falpub(args, { cwd: project.dir, env });
  expect(leaksCanary(r.stdout, r.stderr)).toBe(false);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  return r;
}

describe("platform commands through the bin", () => {
  test("status: the checklist, exit 0; --json one document", async () => {
    server.use().revisions[ENDPOINT]![0]!.annotations = { GIT_SHA: project.head! };
    const r = await bin(["status"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Publishing checklist");
    expect(r.stdout).toMatch(/✔ done +Billing recorded/);
    server.use("apps: private");
    const j = await bin(["status", "--json"]);
    expect(j.exitCode).toBe(3);
    expect(JSON.parse(j.stdout)).toMatchObject({ schemaVersion: 1, command: "status", exitCode: 3 });
  });

  test("status: a refused key is exit 5 with the reason; no FAL_KEY is exit 2 naming it", async () => {
    server.use("apps: 401");
    const r = await bin(["status"]);
    expect(r.exitCode).toBe(5);
    expect(r.stdout).toContain("unauthorized");
    const none = await bin(["status"], { FAL_KEY: undefined });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("FAL_KEY is not set");
  });

  test("verify: without a terminal it needs --yes (exit 2); with it, the calls (exit 0)", async () => {
    server.use();
    const no = await bin(["verify"]);
    expect(no.exitCode).toBe(2);
    expect(no.stderr).toContain("--yes");
    expect(server.log.some((l) => l.path.startsWith("/run/"))).toBe(false);
    server.use("run: header missing");
    const r = await bin(["verify", "--yes", "--json"]);
    expect(r.exitCode).toBe(3);
    expect(JSON.parse(r.stdout).items.map((i: { state: string }) => i.state)).toEqual(["missing", "missing", "refused"]);
  });

  test("price: the comparison, exit 0", async () => {
    server.use();
    const r = await bin(["price"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("fal-ai/flux/dev");
    expect(r.stdout).toContain("different unit (image): not compared");
  });

  test("a malformed base URL is a usage error (exit 2)", async () => {
    const env = baseEnv({ ...server.env(), FAL_KEY: CANARY_KEY, FALPUB_API_URL: "not a url" });
    const r = await falpub(["status"], { cwd: project.dir, env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("FALPUB_API_URL=not a url is not a URL");
  });
});
