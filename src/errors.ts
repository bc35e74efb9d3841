import { envelope, type JsonDocument } from "./core/envelope.js";

/** Exit codes (DESIGN.md §5): one table, used by every command. */
export const EXIT = {
  ok: 0,
  projectErrors: 1,
  usage: 2,
  falFailed: 3,
  falMissing: 4,
  /** status/verify/price: the platform could not be asked (unauthorized, unreachable, blocked, …). */
  platformUnavailable: 5,
  /** A bug in falpub: the error boundary's short report. */
  internal: 70,
  interrupted: 130,
} as const;

/** An expected failure: printed as one clear message (and hint), never as a stack trace. */
export class FalpubError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string, hint?: string) => new FalpubError(message, EXIT.usage, hint);

/** An expected failure (or a refusal) as people read it on stderr: `falpub: <message>` and the hint indented below. */
export function formatError(error: { message: string; hint?: string }): string {
  return `falpub: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ""}`;
}

export type ErrorDocument = JsonDocument<{ error: { message: string; hint: string | null; exitCode: number } }>;

/** For `--json` / `--format json` callers: an expected failure as the one document on stdout. */
export function errorDocument(error: FalpubError, toolVersion: string): ErrorDocument {
  return envelope(toolVersion, { error: { message: error.message, hint: error.hint ?? null, exitCode: error.exitCode } });
}
