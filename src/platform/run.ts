import type { PlatformClient } from "./client.js";
import { errorMessage, parseJsonBody } from "./answer.js";
import type { Failure } from "./result.js";

/** Sent with every test call: no platform retries (each may be billed), no stored payloads. */
export const TEST_CALL_HEADERS = { "X-Fal-No-Retry": "1", "X-Fal-Store-IO": "0" } as const;

export type UnitsHeader = { kind: "missing" } | { kind: "non-numeric"; raw: string } | { kind: "number"; value: number; raw: string };

/** `x-fal-billable-units` as a number: "2.00000000" is 2; absent and non-numeric are their own states. Pure. */
export function parseUnitsHeader(raw: string | null): UnitsHeader {
  if (raw === null) return { kind: "missing" };
  const t = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { kind: "non-numeric", raw };
  return { kind: "number", value: Number(t), raw };
}

export interface AppAnswer {
  ok: true;
  /** The app's own status (a 422 is an answer, not a failure to ask). */
  status: number;
  units: UnitsHeader;
  requestId?: string;
  /** The app's error message (`detail`) on a non-2xx answer. */
  detail?: string;
  request: string;
}

/** POST one input to the deployed app through the run URL; `auth: false` calls without a key. */
export async function callApp(client: PlatformClient, endpointId: string, routePath: string | undefined, input: unknown, opts: { auth: boolean; timeoutMs?: number }): Promise<AppAnswer | Failure> {
  const sub = routePath && routePath !== "/" ? `/${routePath.replace(/^\/+/, "")}` : "";
  const sent = await client.send({ base: "run", method: "POST", path: `/${endpointId}${sub}`, body: input, auth: opts.auth, headers: { ...TEST_CALL_HEADERS }, retry: false, timeoutMs: opts.timeoutMs });
  if (!sent.ok) return sent;
  const { raw, request } = sent;
  const body = parseJsonBody(raw);
  const requestId = raw.headers.get("x-fal-request-id") ?? undefined;
  // A challenge page in front of the app is not the app's answer.
  if (!body.ok && raw.headers.get("cf-mitigated")) {
    return { ok: false, kind: "blocked", message: `expected the app's answer, got a Cloudflare challenge (HTTP ${raw.status})`, request, status: raw.status };
  }
  const detail = raw.status >= 300 && body.ok ? errorMessage(body.json) : undefined;
  return { ok: true, status: raw.status, units: parseUnitsHeader(raw.headers.get("x-fal-billable-units")), request, ...(requestId ? { requestId } : {}), ...(detail ? { detail: client.redact(detail) } : {}) };
}
