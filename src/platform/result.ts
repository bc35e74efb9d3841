import type { HeaderReader } from "./http.js";
/**
 * Every answer from fal's platform is one of these: never an exception, never a guess.
 * `ok` carries the parsed value; every failure says what happened in words a person can act on.
 */
export type FailureKind =
  | "unauthorized" // 401: the key is wrong or malformed
  | "forbidden" // 403 with a JSON body: the key's scope, or not the owner
  | "not-found" // 404
  | "bad-request" // 400/422 and other 4xx: the request was refused as invalid
  | "rate-limited" // 429 after the bounded retries
  | "server-error" // 5xx after the bounded retries
  | "blocked" // an HTML or other non-JSON body (a Cloudflare challenge, a proxy page)
  | "unexpected-shape" // JSON, but not the shape fal documents
  | "timeout"
  | "unreachable";

export interface Failure {
  ok: false;
  kind: FailureKind;
  /** One line, secrets redacted. */
  message: string;
  /** The request as `GET https://host/path` (no key, no query secrets). */
  request: string;
  status?: number;
  requestId?: string;
}

export interface Ok<T> {
  ok: true;
  value: T;
  status: number;
  headers: HeaderReader;
}

export type Result<T> = Ok<T> | Failure;

/** The failures that mean "the platform could not be asked" (exit 5), as opposed to an answer. */
export const CANNOT_ASK: readonly FailureKind[] = ["unauthorized", "forbidden", "bad-request", "rate-limited", "server-error", "blocked", "unexpected-shape", "timeout", "unreachable"];

/** What to do about each failure kind: one hint per kind, shared by every command. */
export function failureHint(kind: FailureKind): string {
  switch (kind) {
    case "unauthorized":
      return "Check FAL_KEY: it must be the full key_id:key_secret of a live key (fal dashboard → Keys).";
    case "forbidden":
      return "The key lacks the scope, or the app belongs to another account: use an ADMIN key of the app's owner.";
    case "not-found":
      return "The platform does not know this id: check the app name and environment.";
    case "bad-request":
      return "The platform refused the request as invalid (a bug in falpub if it persists: please report it).";
    case "rate-limited":
      return "The platform is rate-limiting this key: wait a minute and run the command again.";
    case "server-error":
      return "The platform failed: try again later (status.fal.ai).";
    case "blocked":
      return "An HTML page came back instead of JSON (e.g. a Cloudflare challenge): retry later or from another network.";
    case "unexpected-shape":
      return "The platform answered in a shape falpub does not know: please report it with the message above.";
    case "timeout":
      return "No answer in time: retry, or raise --timeout.";
    case "unreachable":
      return "Check the network and FALPUB_API_URL / FALPUB_RUN_URL / FALPUB_REST_URL if set.";
  }
}

export const describeFailure = (f: Failure) => `${f.request}: ${f.kind}${f.status !== undefined ? ` (HTTP ${f.status})` : ""}: ${f.message}`;
