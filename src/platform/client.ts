import { redact } from "../core/redact.js";
import { DEFAULT_RETRY, interpret, retryable, retryDelayMs, type Parse, type RawAnswer, type RetryPolicy } from "./answer.js";
import type { PlatformUrls } from "./config.js";
import { nodeFetch, type HttpFetch } from "./http.js";
import type { Failure, Result } from "./result.js";

export interface ClientOptions {
  urls: PlatformUrls;
  /** FAL_KEY (`key_id:key_secret`), sent as `Authorization: Key …`, never printed. */
  key?: string;
  /** Values to redact from every message (the key and its secret half at least). */
  secrets: string[];
  /** Limit for each HTTP call, body included. */
  timeoutMs: number;
  retry?: RetryPolicy;
  /** The transport (default: node:http/https, see http.ts); tests pass their own. */
  fetch?: HttpFetch;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry wait, for progress lines on long waits. */
  onWait?: (line: string) => void;
  /** Abandons every call (each then ends as a failure): for a check whose answer is no longer wanted. */
  signal?: AbortSignal;
}

export interface CallSpec {
  base: keyof PlatformUrls;
  method?: "GET" | "POST" | "PUT";
  path: string;
  query?: Record<string, string | number | readonly string[] | undefined>;
  body?: unknown;
  /** Send the key (default true). */
  auth?: boolean;
  headers?: Record<string, string>;
  /** Retry 429/5xx (default true; never for calls that may be billed). */
  retry?: boolean;
  timeoutMs?: number;
  /** A stricter policy for hard-limited calls (estimates). */
  retryPolicy?: (base: RetryPolicy) => RetryPolicy;
}

/** The one HTTP shell for fal's platform: node:http(s), timeouts, bounded retries, typed results. */
export class PlatformClient {
  /** HTTP requests sent (each retry counts). */
  requests = 0;
  readonly urls: PlatformUrls;
  private readonly fetchImpl: HttpFetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: ClientOptions) {
    this.urls = opts.urls;
    this.fetchImpl = opts.fetch ?? nodeFetch;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get hasKey(): boolean {
    return Boolean(this.opts.key);
  }

  redact = (text: string): string => redact(text, this.opts.secrets);

  /** Ask, retry when worth it, and decide what the answer means. */
  async call<T>(spec: CallSpec, parse: Parse<T>): Promise<Result<T>> {
    const answer = await this.send(spec);
    if (!answer.ok) return answer;
    return interpret(answer.raw, answer.request, parse, this.redact);
  }

  /** The answer as it came (status, headers, text), for inference calls whose status is the app's. */
  async send(spec: CallSpec): Promise<{ ok: true; raw: RawAnswer; request: string } | Failure> {
    const url = buildUrl(this.urls[spec.base], spec.path, spec.query);
    const method = spec.method ?? (spec.body === undefined ? "GET" : "POST");
    const request = this.redact(`${method} ${url}`);
    const headers: Record<string, string> = { accept: "application/json", ...spec.headers };
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    if (spec.auth !== false && this.opts.key) headers.authorization = `Key ${this.opts.key}`;
    const base = this.opts.retry ?? DEFAULT_RETRY;
    const policy = spec.retryPolicy ? spec.retryPolicy(base) : base;
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      const raw = await this.once(url, method, headers, spec, request);
      if ("ok" in raw) return raw;
      if (spec.retry !== false && retryable(raw.status)) {
        const wait = retryDelayMs(attempt, raw.headers.get("retry-after"), policy, Date.now(), Math.random());
        if (wait !== undefined) {
          if (wait >= 2000) this.opts.onWait?.(`${request.split("?")[0]}: HTTP ${raw.status}, retrying in ${Math.round(wait / 1000)} s`);
          await this.sleep(wait);
          continue;
        }
      }
      return { ok: true, raw, request };
    }
  }

  private async once(url: string, method: string, headers: Record<string, string>, spec: CallSpec, request: string): Promise<RawAnswer | Failure> {
    const timeoutMs = spec.timeoutMs ?? this.opts.timeoutMs;
    try {
      const limit = AbortSignal.timeout(timeoutMs);
      const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, limit]) : limit;
      const res = await this.fetchImpl(url, { method, headers, body: spec.body === undefined ? undefined : JSON.stringify(spec.body), signal });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (error) {
      const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
      if (e.name === "TimeoutError" || e.name === "AbortError") {
        return { ok: false, kind: "timeout", message: `no answer within ${formatSeconds(timeoutMs)}`, request };
      }
      const why = e.code ?? e.cause?.code ?? e.cause?.message ?? e.message;
      return { ok: false, kind: "unreachable", message: this.redact(`could not connect (${why})`), request };
    }
  }
}

export function buildUrl(base: string, path: string, query: CallSpec["query"] = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    params.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ""}`;
}

const formatSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
