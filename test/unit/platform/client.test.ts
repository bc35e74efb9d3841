import { describe, expect, test } from "vitest";
import { interpret, retryDelayMs, type RawAnswer } from "../../../src/platform/answer.js";
import { PlatformClient } from "../../../src/platform/client.js";
import { isLoopback, platformUrls, DEFAULT_URLS } from "../../../src/platform/config.js";
import { parseUnitsHeader } from "../../../src/platform/run.js";
import { shapeOf } from "../../../src/platform/shape.js";
import * as z from "zod";
import { assertLoopback } from "../../support/platform-harness.js";

const raw = (status: number, body: string, headers: Record<string, string> = { "content-type": "application/json" }): RawAnswer => ({ status, text: body, headers: new Headers(headers) });
const any = shapeOf(z.object({ a: z.number() }), '{"a"}');
const id = (s: string) => s;

describe("interpret: every answer is a typed result", () => {
  test.each([
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "not-found"],
    [400, "bad-request"],
    [422, "bad-request"],
    [429, "rate-limited"],
    [500, "server-error"],
    [503, "server-error"],
  ])("JSON %i → %s, with fal's message", (status, kind) => {
    const r = interpret(raw(status, JSON.stringify({ error: { type: "x", message: "said so" } })), "GET /x", any, id);
    expect(r).toMatchObject({ ok: false, kind, status, message: "said so" });
  });

  test("REST/inference {detail} messages are read too", () => {
    expect(interpret(raw(401, '{"detail":"No user found for Key ID and Secret"}'), "GET /u", any, id)).toMatchObject({ kind: "unauthorized", message: "No user found for Key ID and Secret" });
  });

  test("HTML (a Cloudflare challenge) is blocked whatever the status; so is a JSON type that does not parse", () => {
    const cf = interpret(raw(403, "<html><title>Just a moment...</title></html>", { "content-type": "text/html", "cf-mitigated": "challenge" }), "GET /p", any, id);
    expect(cf).toMatchObject({ ok: false, kind: "blocked" });
    expect(cf.ok || cf.message).toMatch(/cf-mitigated: challenge.*Just a moment/);
    expect(interpret(raw(200, "<html></html>", { "content-type": "text/html" }), "GET /p", any, id)).toMatchObject({ kind: "blocked" });
    expect(interpret(raw(200, "{nope"), "GET /p", any, id)).toMatchObject({ kind: "blocked" });
  });

  test("a 2xx of the wrong shape says what was expected and where", () => {
    const r = interpret(raw(200, '{"a":"one"}'), "GET /p", any, id);
    expect(r).toMatchObject({ ok: false, kind: "unexpected-shape" });
    expect(r.ok || r.message).toMatch(/^expected \{"a"\} \(at a: .*number/);
  });

  test("messages go through the redactor", () => {
    const r = interpret(raw(401, '{"error":{"message":"bad key k:secret"}}'), "GET /p", any, (s) => s.replace("k:secret", "***"));
    expect(r.ok || r.message).toBe("bad key ***");
  });
});

describe("retryDelayMs", () => {
  const policy = { attempts: 3, baseMs: 100, capMs: 5000 };
  test("exponential with jitter, bounded attempts", () => {
    expect(retryDelayMs(0, null, policy, 0, 0)).toBe(50);
    expect(retryDelayMs(1, null, policy, 0, 1)).toBe(200);
    expect(retryDelayMs(2, null, policy, 0, 0)).toBeUndefined();
  });
  test("Retry-After in seconds or as an HTTP date wins; beyond the cap ends the retries", () => {
    expect(retryDelayMs(0, "2", policy, 0, 0)).toBe(2000);
    expect(retryDelayMs(0, new Date(10_000).toUTCString(), policy, 7_000, 0)).toBe(3000);
    expect(retryDelayMs(0, "60", policy, 0, 0)).toBeUndefined();
    expect(retryDelayMs(0, "soon", policy, 0, 0)).toBe(50);
  });
});

describe("the client shell", () => {
  const urls = { ...DEFAULT_URLS, api: "http://127.0.0.1:9/v1" };
  test("Authorization: Key …, retries 429/5xx only, counts requests, never retries a call marked so", async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    let n = 0;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      seen.push({ url, auth: new Headers(init.headers).get("authorization") });
      n++;
      return new Response(n < 3 ? '{"error":{"message":"busy"}}' : '{"a":1}', { status: n < 3 ? 503 : 200, headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    const c = new PlatformClient({ urls, key: "id:sec", secrets: ["id:sec"], timeoutMs: 1000, fetch: fetchImpl, sleep: async () => {} });
    const r = await c.call({ base: "api", path: "/x", query: { endpoint_id: ["a/b", "c/d"] } }, any);
    expect(r).toMatchObject({ ok: true, value: { a: 1 } });
    expect(c.requests).toBe(3);
    expect(seen[0]).toEqual({ url: "http://127.0.0.1:9/v1/x?endpoint_id=a%2Fb%2Cc%2Fd", auth: "Key id:sec" });
    n = 0;
    const once = await c.call({ base: "api", path: "/x", retry: false }, any);
    expect(once).toMatchObject({ ok: false, kind: "server-error" });
    expect(n).toBe(1);
  });
  test("no key, no Authorization header (the keyless call)", async () => {
    let auth: string | null = "unset";
    const fetchImpl = (async (_u: string, init: RequestInit) => {
      auth = new Headers(init.headers).get("authorization");
      return new Response('{"a":1}', { headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    await new PlatformClient({ urls, key: "id:sec", secrets: [], timeoutMs: 1000, fetch: fetchImpl }).call({ base: "api", path: "/x", auth: false }, any);
    expect(auth).toBeNull();
  });
});

describe("x-fal-billable-units compared as numbers", () => {
  test.each([
    ["2.00000000", { kind: "number", value: 2 }],
    ["0", { kind: "number", value: 0 }],
    ["3.14159265", { kind: "number", value: 3.14159265 }],
    [" 42 ", { kind: "number", value: 42 }],
    ["two", { kind: "non-numeric" }],
    ["", { kind: "non-numeric" }],
    ["NaN", { kind: "non-numeric" }],
    ["0x10", { kind: "non-numeric" }],
  ])("%j", (header, want) => expect(parseUnitsHeader(header)).toMatchObject(want));
  test("absent", () => expect(parseUnitsHeader(null)).toEqual({ kind: "missing" }));
});

describe("base URLs", () => {
  test("fal's hosts by default; FALPUB_*_URL override (trailing slash dropped); a non-URL is an error", () => {
    expect(platformUrls({})).toEqual(DEFAULT_URLS);
    expect(platformUrls({ FALPUB_API_URL: "http://127.0.0.1:5/v1/", FALPUB_RUN_URL: "http://localhost:5/run" })).toMatchObject({ api: "http://127.0.0.1:5/v1", run: "http://localhost:5/run", queue: "https://queue.fal.run" });
    expect(platformUrls({ FALPUB_REST_URL: "rest.example" })).toEqual({ error: "FALPUB_REST_URL=rest.example is not a URL" });
    expect(platformUrls({ FALPUB_API_URL: "ftp://x/v1" })).toMatchObject({ error: expect.stringContaining("http(s)") });
  });
  test("the test harness refuses a base URL that is not loopback, and an unset one (fal's real host)", () => {
    expect(isLoopback("http://127.0.0.1:1/v1")).toBe(true);
    expect(isLoopback("https://api.fal.ai/v1")).toBe(false);
    const local = { FALPUB_API_URL: "http://127.0.0.1:1/v1", FALPUB_RUN_URL: "http://127.0.0.1:1/run", FALPUB_QUEUE_URL: "http://127.0.0.1:1/q", FALPUB_REST_URL: "http://localhost:1/rest" };
    expect(() => assertLoopback(local)).not.toThrow();
    expect(() => assertLoopback({ ...local, FALPUB_RUN_URL: "https://fal.run" })).toThrow(/FALPUB_RUN_URL=https:\/\/fal.run is not a loopback URL/);
    expect(() => assertLoopback({ ...local, FALPUB_REST_URL: undefined })).toThrow(/FALPUB_REST_URL=\(unset: fal's real host\)/);
  });
});
