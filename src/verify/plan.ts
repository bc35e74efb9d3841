import { isHealthEndpoint } from "../derived.js";
import type { ProjectFacts } from "../project.js";
import { cannotAsk, item, type StatusItem } from "../status/items.js";
import type { AppAnswer } from "../platform/run.js";
import type { Failure } from "../platform/result.js";

/** What one test call must show in `x-fal-billable-units`. */
export type Expectation = { kind: "units"; units: number } | { kind: "numeric" } | { kind: "no-header" };

export interface VerifyCall {
  /** `billing.examples[0]` or `marketplace.example_input`. */
  label: string;
  /** The route path (undefined or "/" = the app's root). */
  endpoint?: string;
  input: Record<string, unknown>;
  expect: Expectation;
}

/**
 * The calls `verify` makes: each billing example, else the card's example input (then only
 * "a number is reported" can be checked). gpu_seconds apps must send no header. Pure.
 */
export function planVerify(f: ProjectFacts): { ok: true; calls: VerifyCall[] } | { ok: false; reason: string; hint: string } {
  const m = f.manifest.manifest;
  const gpu = m.billing?.strategy === "gpu_seconds";
  const billable = (f.app?.cls?.endpoints ?? []).filter((e) => !isHealthEndpoint(e) && !e.isWebsocket);
  const onlyPath = billable.length === 1 ? billable[0]!.path ?? "/" : undefined;
  const examples = m.billing?.examples ?? [];
  if (examples.length) {
    const calls: VerifyCall[] = [];
    for (const [i, ex] of examples.entries()) {
      const label = `billing.examples[${i}]`;
      if (!ex.endpoint && billable.length > 1) return { ok: false, reason: `${label} names no endpoint and the app has ${billable.length} (${billable.map((e) => e.path ?? e.functionName).join(", ")}).`, hint: `Add endpoint: <route path> to ${label} in ${f.manifest.file}.` };
      calls.push({ label, endpoint: ex.endpoint ?? onlyPath, input: ex.input, expect: gpu ? { kind: "no-header" } : { kind: "units", units: ex.units } });
    }
    return { ok: true, calls };
  }
  const input = m.marketplace?.example_input;
  if (!input) return { ok: false, reason: `${f.manifest.file} has no billing.examples and no marketplace.example_input: nothing to call the app with.`, hint: "Add billing.examples (a request body and the units it must report) to falpub.yaml." };
  if (billable.length > 1) return { ok: false, reason: `marketplace.example_input does not say which of the app's ${billable.length} endpoints it is for.`, hint: "Add billing.examples with endpoint: <route path>." };
  return { ok: true, calls: [{ label: "marketplace.example_input", endpoint: onlyPath, input, expect: gpu ? { kind: "no-header" } : { kind: "numeric" } }] };
}

export const describeExpect = (e: Expectation) => (e.kind === "units" ? `${e.units} unit${e.units === 1 ? "" : "s"} declared` : e.kind === "numeric" ? "a number (example_input declares no units)" : "no header (gpu_seconds)");

/** One call's answer against what it must report; headers compared as numbers. Pure. */
export function judgeCall(call: VerifyCall, n: number, answer: AppAnswer | Failure): StatusItem {
  const id = `call-${n}`;
  const title = `${call.label} → ${call.endpoint && call.endpoint !== "/" ? call.endpoint : "/"}: x-fal-billable-units`;
  if (!answer.ok) return cannotAsk(id, title, answer);
  const header = answer.units.kind === "missing" ? "no header" : `header "${answer.units.raw}"`;
  const facts = [`input ${JSON.stringify(call.input)}`, `${describeExpect(call.expect)}, ${header}, HTTP ${answer.status}${answer.requestId ? `, request ${answer.requestId}` : ""}`];
  if (answer.status < 200 || answer.status >= 300) {
    return item(id, title, "failed", "app-error", [...facts, `the app refused the example${answer.detail ? `: ${answer.detail}` : ""}; fix the example's input or the app`]);
  }
  const u = answer.units;
  if (call.expect.kind === "no-header") return u.kind === "missing" ? item(id, title, "done", "no-header", facts) : item(id, title, "failed", "unexpected-header", [...facts, "gpu_seconds apps must not set the header: callers would be billed these units instead"]);
  if (u.kind === "missing") return item(id, title, "failed", "missing", [...facts, "the app sets no billing header: fal bills GPU seconds for this request"]);
  if (u.kind === "non-numeric") return item(id, title, "failed", "non-numeric", [...facts, "the header must be a number"]);
  if (call.expect.kind === "numeric") return item(id, title, "done", "numeric", facts);
  if (Math.abs(u.value - call.expect.units) > 1e-9 * Math.max(1, Math.abs(u.value))) return item(id, title, "failed", "mismatch", [...facts, `reported ${u.value}, declared ${call.expect.units}`]);
  return item(id, title, "done", "match", facts);
}

/** The call without a key: refused is right; a 2xx means anyone can call it (public). Pure. */
export function judgeAnonymous(answer: AppAnswer | Failure): StatusItem {
  const title = "Calls without a key are refused (not public)";
  if (!answer.ok) return cannotAsk("no-key", title, answer);
  const got = `HTTP ${answer.status} without a key`;
  if (answer.status >= 200 && answer.status < 300) return item("no-key", title, "failed", "public", [got, "the app is public: anyone can call it, billed to you. Deploy with --auth shared"]);
  if (answer.status === 401 || answer.status === 403) return item("no-key", title, "done", "refused", [got]);
  return item("no-key", title, "todo", "unclear", [got, "neither a refusal (401/403) nor an answer: check the app's auth mode with falpub status"]);
}

/** One call's recorded billing against what it declared (after --wait-billing). Pure. */
export function judgeRecorded(call: VerifyCall, n: number, requestId: string | undefined, recorded: number | null | undefined): StatusItem {
  const id = `billing-${n}`;
  const title = `${call.label}: billable_units recorded by fal`;
  if (!requestId) return item(id, title, "todo", "no-request-id", ["the call returned no x-fal-request-id: cannot find its billing record"]);
  if (recorded === undefined || recorded === null) return item(id, title, "todo", "not-recorded-yet", [`request ${requestId}: not recorded yet (billing lags by minutes); falpub status shows it later`]);
  if (call.expect.kind === "units" && Math.abs(recorded - call.expect.units) > 1e-9 * Math.max(1, recorded)) return item(id, title, "failed", "mismatch", [`request ${requestId}: fal recorded ${recorded}, declared ${call.expect.units}`]);
  return item(id, title, "done", "recorded", [`request ${requestId}: fal recorded ${recorded}`]);
}
