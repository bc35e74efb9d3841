import { renderChecklist } from "../checklist/render.js";
import { jsonText } from "../core/envelope.js";
import { errorDocument, EXIT, FalpubError, usageError } from "../errors.js";
import { lookupApp, type DeployedApp } from "../platform/deployed.js";
import { recordedUnits, listRequests } from "../platform/requests.js";
import { describeFailure, failureHint, type Failure } from "../platform/result.js";
import { callApp, type AppAnswer } from "../platform/run.js";
import { cannotAsk, statusExit, type StatusItem } from "../status/items.js";
import { judgeAnonymous, judgeCall, judgeRecorded, planVerify, type VerifyCall } from "../verify/plan.js";
import type { CommandIO } from "./io.js";
import { DEFAULT_TIMEOUT_S, jsonDocument, loadTarget, openClient, timeoutMs } from "./platform-common.js";
import type { PlatformClient } from "../platform/client.js";

export interface VerifyOpts {
  env?: string;
  json?: boolean;
  yes?: boolean;
  timeout?: string;
  /** true (flag without a value) or seconds. */
  waitBilling?: boolean | string;
}

const RUN_TIMEOUT_S = 300;
const WAIT_BILLING_S = 300;
const POLL_MS = 10_000;

/** `falpub verify [path]`: call the deployed app with each billing example and check the header it reports. */
export async function runVerify(given: string | undefined, opts: VerifyOpts, io: CommandIO, version: string): Promise<number> {
  try {
    return await verify(given, opts, io, version);
  } catch (error) {
    if (opts.json && error instanceof FalpubError) io.out(jsonText(errorDocument(error, version)));
    throw error;
  }
}

async function verify(given: string | undefined, opts: VerifyOpts, io: CommandIO, version: string): Promise<number> {
  const target = await loadTarget(given, opts.env, io);
  const plan = planVerify(target.facts);
  if (!plan.ok) throw usageError(plan.reason, plan.hint);
  const waitS = opts.waitBilling === undefined || opts.waitBilling === false ? undefined : opts.waitBilling === true ? WAIT_BILLING_S : Number(opts.waitBilling);
  if (waitS !== undefined && (!Number.isFinite(waitS) || waitS <= 0 || waitS > 3600)) throw usageError(`--wait-billing takes seconds between 0 and 3600, not ${JSON.stringify(opts.waitBilling)}.`);
  const runTimeout = timeoutMs(opts.timeout, RUN_TIMEOUT_S);
  // Decided before anything is asked: without a terminal there is no one to say yes.
  if (!opts.yes && !io.term.interactive) throw usageError(`falpub verify calls the deployed app ${plan.calls.length + 1} times and each call may be billed to your fal account; without a terminal pass --yes to agree.`, "Run it on a terminal to be asked, or add --yes (CI).");

  const client = openClient(io, Math.min(runTimeout, DEFAULT_TIMEOUT_S * 1000));
  const say = (t: string) => (opts.json ? io.err(t) : io.out(t));
  const lookup = await lookupApp(client, target.appName, target.environment);
  if (lookup.kind !== "found") return finishWithoutApp(lookup.kind === "failed" ? lookup.failure : undefined, target.appName, target.environment, opts, io, version);
  const app = lookup.app;

  const notice = `falpub verify calls ${app.urls.run} ${plan.calls.length} time${plan.calls.length === 1 ? "" : "s"} with your key (each call may be billed to ${app.owner}'s fal account), then once without a key.`;
  if (!opts.yes) {
    if (!(await io.confirm(`${notice} Go ahead?`))) throw usageError("Not confirmed: nothing was called.", "Pass --yes to skip the question.");
  } else io.err(`${notice}\n`);

  const items: StatusItem[] = [];
  const answers: Array<AppAnswer | Failure> = [];
  for (const [i, call] of plan.calls.entries()) {
    if (runTimeout >= 10_000) io.err(`calling ${call.label}…\n`);
    const answer = await callApp(client, app.endpointId, call.endpoint, call.input, { auth: true, timeoutMs: runTimeout });
    answers.push(answer);
    items.push(judgeCall(call, i, answer));
  }
  items.push(judgeAnonymous(await callApp(client, app.endpointId, plan.calls[0]!.endpoint, plan.calls[0]!.input, { auth: false, timeoutMs: runTimeout })));
  if (waitS !== undefined) items.push(...(await waitForBilling(client, app, plan.calls, answers, waitS * 1000, io)));

  const code = statusExit(items);
  if (opts.json) {
    io.out(jsonDocument(version, "verify", { app: appDoc(app), calls: plan.calls.map((c, i) => callDoc(c, answers[i]!)), items, exitCode: code, platformRequests: client.requests }));
  } else {
    say(`${app.endpointId} (${app.environment}):\n\n`);
    const failed = items.filter((i) => i.status === "failed").length;
    say(renderChecklist(items, io.term.color, { heading: "Billing check", footer: (open, total) => (failed ? `${failed} of ${total} checks failed.` : open ? `No check failed; ${open} not settled yet.` : "Every check holds.") }));
  }
  if (code === EXIT.falFailed) io.err("falpub: the deployed app does not report what falpub.yaml declares (see above); exit 3.\n");
  if (code === EXIT.platformUnavailable) io.err("falpub: some calls could not be made (see above); exit 5.\n");
  return code;
}

/** Poll requests by endpoint (following the cursor) until every call's billable_units is recorded, or the time is up. */
async function waitForBilling(client: PlatformClient, app: DeployedApp, calls: VerifyCall[], answers: Array<AppAnswer | Failure>, limitMs: number, io: CommandIO): Promise<StatusItem[]> {
  const ids = answers.map((a) => (a.ok ? a.requestId : undefined));
  const wanted = new Set(ids.filter((x): x is string => Boolean(x)));
  const seen = new Map<string, number | null>();
  const interval = io.pollIntervalMs ?? POLL_MS;
  const sleep = io.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = Date.now();
  for (;;) {
    const r = await listRequests(client, app.endpointId, { limit: 100, maxPages: 5 });
    if (!r.ok) return [cannotAsk("billing", "billable_units recorded by fal", r)];
    for (const rec of r.value) if (wanted.has(rec.request_id)) seen.set(rec.request_id, recordedUnits(rec));
    const done = [...wanted].filter((id) => seen.get(id) !== undefined && seen.get(id) !== null).length;
    const elapsed = Date.now() - started;
    if (done === wanted.size || elapsed + interval > limitMs) break;
    io.err(`waiting for fal to record billing: ${done} of ${wanted.size} calls recorded (${Math.round(elapsed / 1000)} s of ${Math.round(limitMs / 1000)} s)\n`);
    await sleep(interval);
  }
  return calls.map((c, i) => judgeRecorded(c, i, ids[i], ids[i] ? seen.get(ids[i]!) : undefined));
}

function finishWithoutApp(failure: Failure | undefined, name: string, env: string, opts: VerifyOpts, io: CommandIO, version: string): number {
  const code = failure ? EXIT.platformUnavailable : EXIT.falFailed;
  const message = failure ? `could not look up ${name}: ${describeFailure(failure)}` : `no app named ${name} in environment ${env}: deploy it first (falpub deploy)`;
  if (opts.json) io.out(jsonDocument(version, "verify", { app: { name, environment: env, endpointId: null }, calls: [], items: [], error: { message, ...(failure ? { kind: failure.kind, hint: failureHint(failure.kind) } : {}) }, exitCode: code }));
  io.err(`falpub: ${message}\n${failure ? `  ${failureHint(failure.kind)}\n` : ""}Nothing was called.\n`);
  return code;
}

const appDoc = (a: DeployedApp) => ({ name: a.name, environment: a.environment, endpointId: a.endpointId, owner: a.owner, authMode: a.authMode, urls: a.urls });

function callDoc(c: VerifyCall, a: AppAnswer | Failure) {
  return { label: c.label, endpoint: c.endpoint ?? "/", input: c.input, expect: c.expect, answer: a.ok ? { status: a.status, header: a.units.kind === "missing" ? null : a.units.raw, units: a.units.kind === "number" ? a.units.value : null, requestId: a.requestId ?? null } : { failure: a.kind, message: a.message } };
}
