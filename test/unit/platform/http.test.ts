// The platform client's transport (src/platform/http.ts) against a server on 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PlatformClient } from "../../../src/platform/client.js";
import { nodeFetch } from "../../../src/platform/http.js";

let server: Server;
let base: string;
const seen: Array<{ method?: string; url?: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === "/hang-body") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"partial":'); // and never ends
        return;
      }
      if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end();
        return;
      }
      res.writeHead(201, { "Content-Type": "application/json", "X-Fal-Billable-Units": "3", "set-cookie": ["a=1", "b=2"] }).end(JSON.stringify({ echo: body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

test("status, headers by any case, the body; a POST body arrives whole with its length", async () => {
  const res = await nodeFetch(`${base}/x?a=1`, { method: "POST", headers: { authorization: "Key id:secret" }, body: '{"ü":1}', signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(201);
  expect(res.headers.get("x-fal-billable-units")).toBe("3");
  expect(res.headers.get("CONTENT-TYPE")).toBe("application/json");
  expect(res.headers.get("set-cookie")).toBe("a=1, b=2");
  expect(res.headers.get("x-missing")).toBeNull();
  expect(JSON.parse(await res.text())).toEqual({ echo: '{"ü":1}' });
  const last = seen[seen.length - 1];
  expect(last).toMatchObject({ method: "POST", url: "/x?a=1", body: '{"ü":1}' });
  expect(last.headers["content-length"]).toBe(String(Buffer.byteLength('{"ü":1}')));
  expect(last.headers.authorization).toBe("Key id:secret");
});

test("a redirect is returned as it is, not followed", async () => {
  const res = await nodeFetch(`${base}/redirect`, { method: "GET", headers: {}, signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("http://127.0.0.1:1/elsewhere");
});

test("through the client: a body that never ends is a timeout; a closed port is unreachable with its code", async () => {
  const urls = { api: base, run: base, queue: base, rest: base };
  const client = new PlatformClient({ urls, key: "id:secret", secrets: ["id:secret"], timeoutMs: 300 });
  const hung = await client.send({ base: "api", path: "/hang-body", retry: false });
  expect(hung).toMatchObject({ ok: false, kind: "timeout" });
  const closed = new PlatformClient({ urls: { ...urls, api: "http://127.0.0.1:1" }, secrets: [], timeoutMs: 2000 });
  const refused = await closed.send({ base: "api", path: "/", retry: false });
  expect(refused).toMatchObject({ ok: false, kind: "unreachable", message: expect.stringContaining("ECONNREFUSED") });
});
