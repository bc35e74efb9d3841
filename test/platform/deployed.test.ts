// The piece `falpub deploy` uses after a deployed outcome: the app by name and environment,
// with endpoint id, owner, auth mode and URLs, in one request to the Platform API.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PlatformClient } from "../../src/platform/client.js";
import { platformUrls, type PlatformUrls } from "../../src/platform/config.js";
import { checkDeployed, lookupApp } from "../../src/platform/deployed.js";
import { assertLoopback } from "../support/platform-harness.js";
import { CANARY_KEY, OTHER_KEY, startPlatformServer, type PlatformServer } from "../support/platform-server.js";

let server: PlatformServer;
let urls: PlatformUrls;
beforeAll(async () => {
  server = await startPlatformServer();
  assertLoopback(server.env());
  urls = platformUrls(server.env()) as PlatformUrls;
});
afterAll(() => server.close());

const client = (key = CANARY_KEY) => new PlatformClient({ urls, key, secrets: [key], timeoutMs: 2000, retry: { attempts: 2, baseMs: 1, capMs: 10 } });

describe("lookupApp", () => {
  test("found: endpoint id, owner, auth mode, run/queue/playground URLs, one request", async () => {
    server.use();
    const c = client();
    const r = await lookupApp(c, "text-to-image", "main");
    expect(r).toEqual({
      kind: "found",
      app: { endpointId: "alice/text-to-image", owner: "alice", name: "text-to-image", environment: "main", authMode: "shared", urls: { run: `${server.url}/run/alice/text-to-image`, queue: `${server.url}/queue/alice/text-to-image`, playground: "https://fal.ai/models/alice/text-to-image" } },
    });
    expect(c.requests).toBe(1);
  });

  test("the auth mode as reported (private, public): the caller decides what fails", async () => {
    server.use("apps: private");
    expect(await lookupApp(client(), "text-to-image")).toMatchObject({ kind: "found", app: { authMode: "private" } });
    server.use("apps: public");
    expect(await lookupApp(client(), "text-to-image")).toMatchObject({ kind: "found", app: { authMode: "public" } });
  });

  test("a substring match is not the app; another environment is not either", async () => {
    server.use("apps: substring only");
    expect(await lookupApp(client(), "text-to-image")).toEqual({ kind: "absent", similar: ["alice/text-to-image-two"] });
    server.use();
    expect(await lookupApp(client(), "text-to-image", "staging")).toEqual({ kind: "absent", similar: [] });
  });

  test("another account's key sees none of alice's apps", async () => {
    server.use();
    expect(await lookupApp(client(OTHER_KEY), "text-to-image")).toEqual({ kind: "absent", similar: [] });
  });

  test("a refused key is a typed failure, not an exception", async () => {
    server.use();
    const r = await lookupApp(client("nobody:nothing"), "text-to-image");
    expect(r).toMatchObject({ kind: "failed", failure: { kind: "unauthorized", status: 401, message: "Invalid API key or malformed Authorization header" } });
  });
});

describe("checkDeployed: the platform check deploy can inject", () => {
  test("the deployed revision is current: auth mode, endpoint id, owner, URLs, in two requests", async () => {
    server.use("apps: private");
    const c = client();
    expect(await checkDeployed(c, { appName: "text-to-image", revision: "rev-2" })).toEqual({
      authMode: "private", revision: "rev-2", endpointId: "alice/text-to-image", owner: "alice",
      urls: { run: `${server.url}/run/alice/text-to-image`, queue: `${server.url}/queue/alice/text-to-image`, playground: "https://fal.ai/models/alice/text-to-image" },
    });
    expect(c.requests).toBe(2);
  });
  test("another revision is current, the app is absent, the platform cannot be asked: an error, never a verdict", async () => {
    server.use();
    expect(await checkDeployed(client(), { appName: "text-to-image", revision: "rev-9" })).toEqual({ error: "alice/text-to-image points to revision rev-2, not the deployed rev-9" });
    expect(await checkDeployed(client(), { appName: "text-to-image", revision: "rev-2", env: "staging" })).toEqual({ error: "text-to-image is not in /v1/serverless/apps for environment staging" });
    server.use("apps: 403");
    expect(await checkDeployed(client(), { appName: "text-to-image", revision: "rev-2" })).toMatchObject({ error: expect.stringContaining("forbidden (HTTP 403)") });
  });
});
