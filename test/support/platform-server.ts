// A local imitation of fal's Platform API (api.fal.ai/v1), REST /users/current, fal.run and
// queue.fal.run, on 127.0.0.1 (port 0), built by hand from the shapes in
// ../shared/reference/fal-platform-api.md. Keys map to an owner and a scope; every scenario of
// the reference's section 4 is a named function in SCENARIOS, switchable per test.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = "apps" | "users" | "revisions" | "pricing" | "models" | "analytics" | "requests" | "estimate" | "run";

/** Forced answer for a route: a status with the platform's error envelope, an HTML page, or a delay. */
export interface Fault {
  status?: number;
  body?: unknown;
  /** Answer a Cloudflare challenge page (403 text/html, cf-mitigated: challenge) instead. */
  cloudflare?: boolean;
  headers?: Record<string, string>;
  /** Answer this many times, then behave normally (default: always). */
  times?: number;
  delayMs?: number;
}

export interface AppRecord {
  name: string;
  owner: string;
  environment: string;
  auth_mode: "shared" | "private" | "public";
}

export interface Revision {
  revision_id: string;
  created_at: string;
  is_current: boolean;
  message: string | null;
  annotations: Record<string, string> | null;
  status: "deployed" | "failed" | "deploying" | null;
  deployed_by: string | null;
}

/** How the deployed app answers a call: the header value (null = none) as a function of the input. */
export interface RunBehaviour {
  units: string | null | ((input: Record<string, unknown>) => string | null);
  status?: number;
  detail?: unknown;
  delayMs?: number;
}

interface RequestItem {
  request_id: string;
  endpoint_id: string;
  started_at: string;
  sent_at: string;
  ended_at: string | null;
  status_code: number | null;
  duration: number | null;
  runner_id: string | null;
  /** What billing will record once the lag is over. */
  units: number | null;
  /** by-endpoint answers that showed this item; billable_units stays null for the first `billingLagPolls`. */
  polls: number;
}

export interface PlatformState {
  keys: Record<string, { owner: string; scope: "API" | "ADMIN" }>;
  apps: AppRecord[];
  revisions: Record<string, Revision[]>;
  prices: Record<string, { unit_price: number; unit: string }>;
  /** Catalog entries: metadata null = an entry without metadata. Absent id = no entry. */
  models: Record<string, { metadata: Record<string, unknown> | null }>;
  /** Catalog answers 404 (instead of an empty list) for ids it does not know. */
  models404: boolean;
  pricing404: boolean;
  analytics: Record<string, { request_count: number; success_count: number; user_error_count: number; error_count: number }>;
  requests: Record<string, RequestItem[]>;
  billingLagPolls: number;
  /** List new calls after the existing requests (so a poll must follow next_cursor to see them). */
  newCallsLast: boolean;
  /** Record these units instead of what the app's header said (billing disagrees with the app). */
  recordedUnitsOverride?: number;
  run: Record<string, RunBehaviour>;
  /** After this many estimates, answer 429 `estimate429s` times, then start counting again (no clock: deterministic). */
  estimateLimit: number;
  estimate429s: number;
  estimateRetryAfter?: string;
  faults: Partial<Record<Route, Fault>>;
  /** Echo the Authorization header in error messages (a careless server: falpub must still redact). */
  echoKeyInErrors: boolean;
}

export const OWNER = "alice";
export const APP = "text-to-image";
export const ENDPOINT = `${OWNER}/${APP}`;
/** A canary: the tests assert it appears in no output. */
export const CANARY_KEY = "canary-key-id-7f3a:canary-secret-9b1e4d2c";
export const OTHER_KEY = "bob-key-id:bob-secret-5555";
export const HEAD_SHA = "0123456789abcdef0123456789abcdef01234567";

/** The healthy published app: shared, priced as proposed, listed, traffic, billing recorded. */
export function baseState(): PlatformState {
  const now = new Date().toISOString();
  return {
    keys: { [CANARY_KEY]: { owner: OWNER, scope: "ADMIN" }, [OTHER_KEY]: { owner: "bob", scope: "API" } },
    apps: [{ name: APP, owner: OWNER, environment: "main", auth_mode: "shared" }],
    revisions: {
      [ENDPOINT]: [
        { revision_id: "rev-2", created_at: now, is_current: true, message: "feat: v2", annotations: { GIT_SHA: HEAD_SHA }, status: "deployed", deployed_by: OWNER },
        { revision_id: "rev-1", created_at: now, is_current: false, message: "v1", annotations: null, status: "deployed", deployed_by: OWNER },
      ],
    },
    prices: { [ENDPOINT]: { unit_price: 0.02, unit: "megapixels" }, "fal-ai/flux/dev": { unit_price: 0.025, unit: "megapixels" }, "fal-ai/sdxl": { unit_price: 0.003, unit: "image" }, "fal-ai/recraft": { unit_price: 0.04, unit: "megapixels" } },
    models: {
      [ENDPOINT]: { metadata: { display_name: "Text to Image", category: "text-to-image", description: "d", status: "active", license_type: "commercial" } },
      "fal-ai/flux/dev": { metadata: { display_name: "FLUX.1 [dev]", category: "text-to-image", status: "active" } },
      "fal-ai/sdxl": { metadata: { display_name: "SDXL", category: "text-to-image", status: "active" } },
      "fal-ai/recraft": { metadata: { display_name: "Recraft", category: "text-to-image", status: "active" } },
    },
    models404: false,
    pricing404: false,
    analytics: { [ENDPOINT]: { request_count: 12, success_count: 11, user_error_count: 1, error_count: 0 } },
    requests: { [ENDPOINT]: [item(ENDPOINT, 2, 0), item(ENDPOINT, 1, 0)] },
    billingLagPolls: 0,
    newCallsLast: false,
    run: { [ENDPOINT]: { units: (input) => `${Number(input.num_images ?? 1)}.00000000` } },
    estimateLimit: 3,
    estimate429s: 2,
    faults: {},
    echoKeyInErrors: false,
  };
}

function item(endpoint: string, units: number | null, polls: number): RequestItem {
  const t = new Date().toISOString();
  return { request_id: randomUUID(), endpoint_id: endpoint, started_at: t, sent_at: t, ended_at: t, status_code: 200, duration: 0.5, runner_id: "r1", units, polls };
}

const fault = (status: number, times?: number): Fault => ({ status, ...(times ? { times } : {}) });
const setApp = (s: PlatformState, auth: AppRecord["auth_mode"]) => (s.apps[0]!.auth_mode = auth);
const meta = (s: PlatformState) => s.models[ENDPOINT]!.metadata!;

/** Every scenario of the reference's section 4 ("run: closed port" is a URL, see closedPort()). */
export const SCENARIOS = {
  "apps: shared": (s: PlatformState) => setApp(s, "shared"),
  "apps: private": (s: PlatformState) => setApp(s, "private"),
  "apps: public": (s: PlatformState) => setApp(s, "public"),
  "apps: absent": (s: PlatformState) => void (s.apps = []),
  "apps: substring only": (s: PlatformState) => void (s.apps = [{ name: `${APP}-two`, owner: OWNER, environment: "main", auth_mode: "shared" }]),
  "apps: 401": (s: PlatformState) => void (s.faults.apps = fault(401)),
  "apps: 403": (s: PlatformState) => void (s.faults.apps = fault(403)),
  "pricing: priced matching": (_s: PlatformState) => undefined,
  "pricing: priced other price": (s: PlatformState) => void (s.prices[ENDPOINT] = { unit_price: 0.05, unit: "megapixels" }),
  "pricing: priced other unit": (s: PlatformState) => void (s.prices[ENDPOINT] = { unit_price: 0.02, unit: "image" }),
  "pricing: unpriced empty": (s: PlatformState) => void delete s.prices[ENDPOINT],
  "pricing: unpriced 404": (s: PlatformState) => { delete s.prices[ENDPOINT]; s.pricing404 = true; },
  "pricing: stub units at 1": (s: PlatformState) => void (s.prices[ENDPOINT] = { unit_price: 1, unit: "units" }),
  "pricing: 429": (s: PlatformState) => void (s.faults.pricing = { status: 429, headers: { "retry-after": "0" } }),
  "pricing: 500": (s: PlatformState) => void (s.faults.pricing = fault(500)),
  "pricing: cloudflare 403": (s: PlatformState) => void (s.faults.pricing = { cloudflare: true }),
  "models: listed active": (_s: PlatformState) => undefined,
  "models: deprecated": (s: PlatformState) => void (meta(s).status = "deprecated"),
  "models: card differs": (s: PlatformState) => { meta(s).display_name = "Other Title"; meta(s).category = "image-to-image"; },
  "models: entry without metadata": (s: PlatformState) => void (s.models[ENDPOINT] = { metadata: null }),
  "models: empty": (s: PlatformState) => void delete s.models[ENDPOINT],
  "models: 404": (s: PlatformState) => { delete s.models[ENDPOINT]; s.models404 = true; },
  "analytics: traffic": (_s: PlatformState) => undefined,
  "analytics: zero traffic": (s: PlatformState) => void delete s.analytics[ENDPOINT],
  "analytics: 400 bad expand": (s: PlatformState) => void (s.faults.analytics = { status: 400, body: { error: { type: "validation_error", message: "expand must include summary or time_series and at least one metric" } } }),
  "analytics: 403": (s: PlatformState) => void (s.faults.analytics = fault(403)),
  "requests: not recorded yet": (s: PlatformState) => void (s.requests[ENDPOINT] = [item(ENDPOINT, 2, 0)], s.billingLagPolls = 1000),
  "requests: recorded after 2 polls": (s: PlatformState) => void (s.billingLagPolls = 2),
  "requests: none": (s: PlatformState) => void (s.requests[ENDPOINT] = []),
  "requests: recorded unequal": (s: PlatformState) => void (s.recordedUnitsOverride = 7),
  "requests: paginated": (s: PlatformState) => { s.requests[ENDPOINT] = Array.from({ length: 120 }, () => item(ENDPOINT, 1, 0)); s.newCallsLast = true; },
  "run: header 2.00000000": (s: PlatformState) => void (s.run[ENDPOINT] = { units: "2.00000000" }),
  "run: header 0": (s: PlatformState) => void (s.run[ENDPOINT] = { units: "0" }),
  "run: header missing": (s: PlatformState) => void (s.run[ENDPOINT] = { units: null }),
  "run: header non-numeric": (s: PlatformState) => void (s.run[ENDPOINT] = { units: "two" }),
  "run: 422 with 0": (s: PlatformState) => void (s.run[ENDPOINT] = { units: "0", status: 422, detail: [{ loc: ["body", "prompt"], msg: "field required", type: "missing" }] }),
  "run: 401 without a key": (s: PlatformState) => setApp(s, "shared"),
  "run: 2xx without a key (public)": (s: PlatformState) => setApp(s, "public"),
  "run: slow": (s: PlatformState) => void (s.run[ENDPOINT] = { units: "1", delayMs: 3000 }),
  "estimate: totals": (_s: PlatformState) => undefined,
  "estimate: 400": (s: PlatformState) => void (s.faults.estimate = { status: 400, body: { error: { type: "validation_error", message: "unit_quantity must be >= 1e-06" } } }),
  "estimate: 404": (s: PlatformState) => void delete s.prices[ENDPOINT],
  "estimate: 429 after the third call": (s: PlatformState) => void (s.estimate429s = Infinity),
} satisfies Record<string, (s: PlatformState) => unknown>;
export type ScenarioName = keyof typeof SCENARIOS;

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export interface PlatformServer {
  url: string;
  state: PlatformState;
  log: LoggedRequest[];
  /** Reset to baseState() with these scenarios applied (and empty the log). */
  use(...names: ScenarioName[]): PlatformState;
  /** FALPUB_*_URL for this server. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const ENVELOPE_TYPE: Record<number, string> = { 400: "validation_error", 401: "authorization_error", 403: "authorization_error", 404: "not_found", 429: "rate_limited", 500: "server_error" };

export async function startPlatformServer(): Promise<PlatformServer> {
  const log: LoggedRequest[] = [];
  const estimates = { calls: 0, refused: 0 };
  const self = { state: baseState(), log } as PlatformServer;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      log.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body });
      void handle(self.state, estimates, req, url, body, res).catch((error) => send(res, 500, { error: { type: "server_error", message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  self.url = `http://127.0.0.1:${port}`;
  self.use = (...names) => {
    self.state = baseState();
    estimates.calls = 0;
    estimates.refused = 0;
    log.length = 0;
    for (const n of names) SCENARIOS[n](self.state);
    return self.state;
  };
  self.env = () => ({ FALPUB_API_URL: `${self.url}/v1`, FALPUB_RUN_URL: `${self.url}/run`, FALPUB_QUEUE_URL: `${self.url}/queue`, FALPUB_REST_URL: `${self.url}/rest` });
  self.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return self;
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function handle(s: PlatformState, estimates: { calls: number; refused: number }, req: IncomingMessage, url: URL, body: unknown, res: ServerResponse): Promise<void> {
  const p = url.pathname;
  const q = url.searchParams;
  const route: Route | undefined = p.startsWith("/run/") ? "run" : p === "/rest/users/current" ? "users" : p === "/v1/serverless/apps" ? "apps" : /^\/v1\/serverless\/apps\/[^/]+\/[^/]+\/revisions$/.test(p) ? "revisions"
    : p === "/v1/models/pricing" ? "pricing" : p === "/v1/models/pricing/estimate" ? "estimate" : p === "/v1/models" ? "models" : p === "/v1/serverless/analytics" ? "analytics" : p === "/v1/serverless/requests/by-endpoint" ? "requests" : undefined;
  if (!route) return send(res, 404, { error: { type: "not_found", message: `no route ${p}` } });

  const auth = req.headers.authorization;
  const match = /^Key (.+)$/.exec(auth ?? "");
  const caller = match ? s.keys[match[1]!] : undefined;
  const echo = s.echoKeyInErrors && auth ? ` (got ${auth})` : "";
  const err = (status: number, message: string, headers?: Record<string, string>) => send(res, status, { error: { type: ENVELOPE_TYPE[status] ?? "server_error", message: message + echo, request_id: randomUUID() } }, headers);

  const f = s.faults[route];
  if (f && (f.times === undefined || f.times > 0)) {
    if (f.times !== undefined) f.times--;
    if (f.delayMs) await sleep(f.delayMs);
    if (f.cloudflare) {
      res.writeHead(403, { "content-type": "text/html; charset=UTF-8", "cf-mitigated": "challenge" });
      return void res.end("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>challenge</body></html>");
    }
    if (f.status) return f.body ? send(res, f.status, f.body, f.headers) : err(f.status, `forced ${f.status}`, f.headers);
  }

  if (route === "run") return run(s, p.slice("/run/".length), caller, auth, body, res);
  if (route === "users") return caller ? send(res, 200, { full_name: "Alice A.", nickname: caller.owner, user_id: `u-${caller.owner}`, is_personal: true }) : send(res, 401, { detail: "No user found for Key ID and Secret" + echo });
  // The catalog answers without a key; everything else needs one.
  if (!caller && (route !== "models" || auth)) return err(401, "Invalid API key or malformed Authorization header");
  const owner = caller?.owner;
  const ids = (q.get("endpoint_id") ?? "").split(",").filter(Boolean);

  switch (route) {
    case "apps": {
      const search = (q.get("search") ?? "").toLowerCase();
      const env = q.get("environment");
      const apps = s.apps.filter((a) => a.owner === owner && a.name.toLowerCase().includes(search) && (!env || a.environment === env));
      return send(res, 200, { apps: apps.map((a) => ({ endpoint_id: `${a.owner}/${a.name}`, name: a.name, owner: a.owner, environment: a.environment, machine_type: "GPU-A100", auth_mode: a.auth_mode, keep_alive: 300, min_concurrency: 0, max_concurrency: 2, request_timeout: 3600, startup_timeout: 600, valid_regions: [], updated_at: new Date().toISOString() })) });
    }
    case "revisions": {
      const [, , , , appOwner, name] = p.split("/");
      if (appOwner !== owner) return err(403, "not the owner of this app");
      const list = s.revisions[`${appOwner}/${name}`];
      if (!list) return err(404, "app not found");
      const { items, next_cursor, has_more } = paginate(list, q);
      return send(res, 200, { endpoint_id: `${appOwner}/${name}`, revisions: items, next_cursor, has_more });
    }
    case "pricing": {
      if (!ids.length) return err(400, "endpoint_id is required");
      const prices = ids.filter((id) => s.prices[id]).map((id) => ({ endpoint_id: id, ...s.prices[id]!, currency: "USD" }));
      if (!prices.length && s.pricing404) return err(404, "no pricing for these endpoints");
      return send(res, 200, { prices, next_cursor: null, has_more: false });
    }
    case "models": {
      let entries = Object.entries(s.models);
      if (ids.length) entries = entries.filter(([id]) => ids.includes(id));
      if (q.get("category")) entries = entries.filter(([, m]) => m.metadata?.category === q.get("category"));
      if (q.get("status")) entries = entries.filter(([, m]) => m.metadata?.status === q.get("status"));
      if (!entries.length && ids.length && s.models404) return err(404, "model not found");
      const { items, next_cursor, has_more } = paginate(entries.map(([id, m]) => ({ endpoint_id: id, ...(m.metadata ? { metadata: m.metadata } : {}) })), q);
      return send(res, 200, { models: items, next_cursor, has_more });
    }
    case "analytics": {
      const expand = (q.get("expand") ?? "").split(",");
      const metrics = ["request_count", "success_count", "user_error_count", "error_count"];
      if (!(expand.includes("summary") || expand.includes("time_series")) || !expand.some((e) => metrics.includes(e))) return err(400, "expand must hold summary or time_series and at least one metric");
      if (ids.some((id) => !id.startsWith(`${owner}/`))) return err(403, "you must own every endpoint_id");
      return send(res, 200, { summary: ids.filter((id) => s.analytics[id]).map((id) => ({ endpoint_id: id, ...s.analytics[id]! })), next_cursor: null, has_more: false });
    }
    case "requests": {
      const id = ids[0] ?? "";
      if (!id.startsWith(`${owner}/`)) return err(403, "billing is visible to the owner only");
      let list = s.requests[id] ?? [];
      if (q.get("request_id")) list = list.filter((r) => r.request_id === q.get("request_id"));
      const page = paginate(list, q);
      return send(res, 200, {
        items: page.items.map(({ units, polls, ...r }) => {
          const shown = { ...r, billable_units: polls >= s.billingLagPolls ? units : null };
          list.find((x) => x.request_id === r.request_id)!.polls = polls + 1;
          return shown;
        }),
        next_cursor: page.next_cursor,
        has_more: page.has_more,
      });
    }
    case "estimate": {
      if (estimates.calls >= s.estimateLimit) {
        if (estimates.refused < s.estimate429s) {
          estimates.refused++;
          return err(429, "rate limited", s.estimateRetryAfter ? { "retry-after": s.estimateRetryAfter } : {});
        }
        estimates.calls = estimates.refused = 0;
      }
      estimates.calls++;
      const b = body as { estimate_type?: string; endpoints?: Record<string, { unit_quantity?: number; call_quantity?: number }> };
      if (b?.estimate_type !== "unit_price" && b?.estimate_type !== "historical_api_price") return err(400, "estimate_type must be unit_price or historical_api_price");
      let total = 0;
      for (const [id, e] of Object.entries(b.endpoints ?? {})) {
        const price = s.prices[id];
        if (!price) return err(404, `unknown endpoint ${id}`);
        const qty = b.estimate_type === "unit_price" ? e.unit_quantity : e.call_quantity;
        if (typeof qty !== "number" || qty < 1e-6) return err(400, "quantity must be >= 1e-06");
        total += price.unit_price * qty;
      }
      return send(res, 200, { estimate_type: b.estimate_type, total_cost: Math.round(total * 1e6) / 1e6, currency: "USD" });
    }
  }
}

function paginate<T>(list: readonly T[], q: URLSearchParams): { items: T[]; next_cursor: string | null; has_more: boolean } {
  const limit = Math.min(100, Math.max(1, Number(q.get("limit") ?? 50)));
  const start = q.get("cursor") ? Number(Buffer.from(q.get("cursor")!, "base64url").toString()) : 0;
  const items = list.slice(start, start + limit);
  const more = start + limit < list.length;
  return { items, next_cursor: more ? Buffer.from(String(start + limit)).toString("base64url") : null, has_more: more };
}

async function run(s: PlatformState, rest: string, caller: PlatformState["keys"][string] | undefined, auth: string | undefined, body: unknown, res: ServerResponse): Promise<void> {
  const [owner, name] = rest.split("/");
  const endpoint = `${owner}/${name}`;
  const app = s.apps.find((a) => a.owner === owner && a.name === name);
  if (!app) return send(res, 404, { detail: `Application '${name}' not found` }, { "x-fal-billable-units": "0" });
  // Shared and private apps refuse callers without a (valid) key; a public app answers anyone.
  if (app.auth_mode !== "public" && !caller) return send(res, 401, { detail: auth ? "Invalid key" : "Missing authorization header" });
  if (app.auth_mode === "private" && caller?.owner !== owner) return send(res, 403, { detail: "Forbidden" });
  const b = s.run[endpoint] ?? { units: null };
  if (b.delayMs) await sleep(b.delayMs);
  const input = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const units = typeof b.units === "function" ? b.units(input) : b.units;
  const requestId = randomUUID();
  const status = b.status ?? 200;
  const recorded = s.recordedUnitsOverride ?? (units !== null && Number.isFinite(Number(units)) ? Number(units) : null);
  const record = { ...item(endpoint, recorded, 0), request_id: requestId, status_code: status };
  const list = (s.requests[endpoint] ??= []);
  if (s.newCallsLast) list.push(record);
  else list.unshift(record);
  const headers: Record<string, string> = { "x-fal-request-id": requestId, ...(units !== null ? { "x-fal-billable-units": units } : {}) };
  send(res, status, status < 300 ? { images: [{ url: "https://example.invalid/out.png", width: 1024, height: 1024 }] } : { detail: b.detail ?? "error" }, headers);
}
