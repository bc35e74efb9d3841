import type { HeaderReader } from "./http.js";
import type { Failure, FailureKind, Result } from "./result.js";

/** What came back over the wire, before falpub decides what it means. */
export interface RawAnswer {
  status: number;
  headers: HeaderReader;
  text: string;
}

/** A shape check: the value, or what was expected where (e.g. `apps[0].auth_mode: a string`). */
export type Parse<T> = (json: unknown) => { ok: true; value: T } | { ok: false; expected: string };

const STATUS_KIND: Record<number, FailureKind> = { 401: "unauthorized", 403: "forbidden", 404: "not-found", 429: "rate-limited" };

/** Is this body JSON? The content type must say so and the text must parse. */
export function parseJsonBody(raw: RawAnswer): { ok: true; json: unknown } | { ok: false } {
  const type = raw.headers.get("content-type") ?? "";
  if (!/\bjson\b/i.test(type)) return { ok: false };
  try {
    return { ok: true, json: JSON.parse(raw.text) };
  } catch {
    return { ok: false };
  }
}

/** The error message in fal's envelope (`{"error":{"message"}}`) or REST/inference form (`{"detail"}`). */
export function errorMessage(json: unknown): string | undefined {
  if (!json || typeof json !== "object") return undefined;
  const o = json as Record<string, unknown>;
  const e = o.error as Record<string, unknown> | undefined;
  if (e && typeof e === "object" && typeof e.message === "string") return e.message;
  if (typeof o.detail === "string") return o.detail;
  if (Array.isArray(o.detail)) {
    return o.detail
      .map((d) => (d && typeof d === "object" ? `${Array.isArray((d as { loc?: unknown }).loc) ? (d as { loc: unknown[] }).loc.join(".") + ": " : ""}${String((d as { msg?: unknown }).msg ?? "")}` : String(d)))
      .join("; ");
  }
  return undefined;
}

/**
 * Decide what an answer means. A non-JSON body is "blocked" whatever its status (a Cloudflare
 * challenge is a 403 with HTML: never read as "forbidden" or "not priced"). Pure.
 */
export function interpret<T>(raw: RawAnswer, request: string, parse: Parse<T>, redact: (s: string) => string): Result<T> {
  const requestId = raw.headers.get("x-fal-request-id") ?? raw.headers.get("x-request-id") ?? undefined;
  const fail = (kind: FailureKind, message: string): Failure => ({ ok: false, kind, message: redact(message), request, status: raw.status, ...(requestId ? { requestId } : {}) });
  const body = parseJsonBody(raw);
  if (!body.ok) {
    const type = raw.headers.get("content-type") || "no content type";
    const challenge = raw.headers.get("cf-mitigated");
    const title = /<title>([^<]{0,80})<\/title>/i.exec(raw.text)?.[1]?.trim();
    return fail("blocked", `expected a JSON body, got ${type}${challenge ? ` (cf-mitigated: ${challenge}, a Cloudflare challenge)` : ""}${title ? `: "${title}"` : ""}`);
  }
  if (raw.status >= 200 && raw.status < 300) {
    const parsed = parse(body.json);
    if (!parsed.ok) return fail("unexpected-shape", `expected ${parsed.expected}`);
    return { ok: true, value: parsed.value, status: raw.status, headers: raw.headers };
  }
  const said = errorMessage(body.json) ?? "no error message";
  const kind = STATUS_KIND[raw.status] ?? (raw.status >= 500 ? "server-error" : raw.status >= 400 ? "bad-request" : "unexpected-shape");
  return fail(kind, kind === "unexpected-shape" ? `expected a 2xx or an error status, got ${raw.status}` : said);
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  /** Never wait longer than this for one retry; a longer Retry-After ends the retries. */
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 500, capMs: 20_000 };

/** Retry 429 and 5xx only (a 4xx will not change by asking again). */
export const retryable = (status: number) => status === 429 || status >= 500;

/**
 * How long to wait before attempt `attempt + 1` (0-based), or undefined to stop: out of
 * attempts, or the server asks for more than the cap. Retry-After is seconds or an HTTP date.
 * Without it, exponential backoff with jitter in [0.5, 1) of the step. Pure (jitter injected).
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, policy: RetryPolicy, now: number, jitter: number): number | undefined {
  if (attempt + 1 >= policy.attempts) return undefined;
  if (retryAfter !== null && retryAfter.trim() !== "") {
    const s = retryAfter.trim();
    const ms = /^\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s) - now;
    if (Number.isFinite(ms)) return ms > policy.capMs ? undefined : Math.max(0, ms);
  }
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.round(step * (0.5 + jitter / 2));
}
