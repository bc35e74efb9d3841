import type { NoArgs } from "./messages.js";
import { BILLING_HEADER, BILLING_STRATEGIES, type BillingStrategy } from "./vocabulary.js";

/*
 * The words of the billing findings (FP2xx). Evidence a person can check: the path on which
 * the header is not set, or a request with the units the code gives and the units expected.
 */

type Strategy = Exclude<BillingStrategy, "gpu_seconds">;

/** fal's documented formula per strategy (publishing-to-marketplace), as a hint shows it. */
export const FORMULA: Record<Strategy, string> = {
  per_image: "the number of images, e.g. str(input.num_images)",
  per_megapixel: "math.ceil(width * height / (1024 * 1024)) per image, times the number of images",
  per_video_second: "the seconds of video generated, e.g. num_frames / fps",
  per_text_chunk: "math.ceil(len(text) / chunk_chars)",
  per_request: 'a constant, e.g. "1"',
};

const json = (v: unknown) => JSON.stringify(v);
const fmt = (n: number) => String(Math.round(n * 1e8) / 1e8);
/** "depends on `images`": identifiers in backticks, phrases as they are. */
export const dependsOn = (deps: string[]) => `depends on ${deps.slice(0, 3).map((d) => (/^[\w.]+(\(\))?$/.test(d) ? `\`${d}\`` : d)).join(", ")}`;
// An example whose `input` was invalid (reported by FP004) is still named, never as "undefined".
const request = (a: { input: unknown; endpoint?: string }) => `${a.input === undefined ? "a request without a valid `input`" : json(a.input)}${a.endpoint ? ` to ${a.endpoint}` : ""}`;

type Unmatched = { routes: string[]; unnamed?: string[] };
/** The billable endpoints an example could name: literal route paths, then those without one. */
const billableList = (u: Unmatched) => [...u.routes, ...(u.unnamed ?? []).map((fn) => `\`${fn}()\`, whose path is not a literal`)].join(", ");
const unmatchedHint = (u: Unmatched) =>
  [
    u.routes.length ? `Set \`endpoint:\` to one of ${u.routes.join(", ")}.` : "",
    u.unnamed?.length ? `An example names an endpoint by its route path: write the path of ${u.unnamed.map((fn) => `\`${fn}()\``).join(", ")} as a string literal in @fal.endpoint(...) to name it.` : "",
  ]
    .filter(Boolean)
    .join(" ");

export const BILLING_MESSAGES = {
  FP201: (_: NoArgs) => ({
    message: "No billing strategy is declared; the Marketplace bills callers per unit the app reports.",
    hint: `Add \`billing:\` with \`strategy:\` one of ${BILLING_STRATEGIES.join(", ")}.`,
  }),
  FP202: (a: { parameter: "chunk_chars"; chunkChars?: number; divisor?: number }) =>
    a.divisor === undefined
      ? { message: "per_text_chunk needs `billing.chunk_chars`: how many characters make one billed chunk.", hint: "Add e.g. `chunk_chars: 1000` under `billing:` and use the same number in the code." }
      : { message: `billing.chunk_chars is ${a.chunkChars}, but the code bills one unit per ${a.divisor} characters.`, hint: `Make them equal: \`chunk_chars: ${a.divisor}\`, or divide by ${a.chunkChars} in the code.` },
  FP203: (a: { route: string; functionName: string; strategy: Strategy }) => ({
    message: `Endpoint \`${a.route}\` (${a.functionName}) never sets ${BILLING_HEADER} on the response it sends; fal would bill callers GPU seconds instead of ${a.strategy}.`,
    hint: `Take \`response: Response\` (from fastapi) and set \`response.headers["${BILLING_HEADER}"] = str(units)\` with units = ${FORMULA[a.strategy]}.`,
  }),
  FP204: (a: { route: string }) => ({
    message: `The strategy is gpu_seconds, but \`${a.route}\` sets ${BILLING_HEADER}, so callers are billed per unit instead.`,
    hint: "Remove the header, or declare the strategy the code implements.",
  }),
  FP205: (a: { route: string; input: unknown; units: number; expected: number; strategy: Strategy; baseline?: unknown }) => ({
    message: `On the request ${json(a.input)}, \`${a.route}\` reports ${fmt(a.units)} units, but ${a.strategy === "per_request" ? `${fmt(a.expected)} on ${json(a.baseline)}: a flat price varies per request` : `${fmt(a.expected)} by ${a.strategy} (${FORMULA[a.strategy]})`}.`,
    hint: "Fix the formula, declare the strategy the code implements, or add `billing.examples` stating what a request costs.",
  }),
  FP206: (a: { className: string }) => ({ message: `${a.className} has no endpoint besides the health check, so nothing is billed.`, hint: "Add an @fal.endpoint that does the work and reports its units." }),
  FP207: (a: { route: string; functionName: string; implicit: boolean; line: number; path: string[] }) => ({
    message: `\`${a.route}\` does not set ${BILLING_HEADER} on every successful path: ${a.implicit ? `the end of ${a.functionName}` : `the return at line ${a.line}`} is reached without it${Array.isArray(a.path) && a.path.length ? ` when ${a.path.join(" and ")}` : ""}; such requests are billed GPU seconds.`,
    hint: "Compute the units on every successful path and set the header once, before each return.",
  }),
  FP208: (a: { value: string }) => ({
    message: `${BILLING_HEADER} is set to \`${a.value}\`, a number; Starlette encodes header values as strings, so the request fails with a 500.`,
    hint: `Use \`str(${a.value})\`.`,
  }),
  FP209: (a: { route: string; responseParam?: string }) => ({
    message: `This dict holds ${BILLING_HEADER} but never becomes the response headers of \`${a.route}\`, so it bills nothing.`,
    hint: a.responseParam ? `Set it on the response: \`${a.responseParam}.headers["${BILLING_HEADER}"] = …\`.` : "Pass it as `headers=` of the Response you return, or set it on an injected `response: Response`.",
  }),
  FP210: (a: { route: string; setAt: string }) => ({
    message: `\`${a.route}\` sets ${BILLING_HEADER} on the injected response (${a.setAt}) but returns a new Response here; FastAPI then sends the returned one, without the header.`,
    hint: `Pass the header to the Response you return (\`headers={"${BILLING_HEADER}": …}\`), or return a plain value.`,
  }),
  FP211: (a: { example: number; input: unknown; endpoint?: string; declared: number; units?: number; problem?: string; unset?: boolean; unmatched?: { routes: string[]; unnamed?: string[] } }) => ({
    message: a.unmatched
      ? a.endpoint
        ? `billing example ${a.example} names endpoint \`${a.endpoint}\`, which is not a billable endpoint of the app (billable: ${billableList(a.unmatched)}).`
        : `billing example ${a.example} names no endpoint, but the app has several billable endpoints (${billableList(a.unmatched)}).`
      : a.unset
      ? `billing example ${a.example}: on ${request(a)} the code sets no ${BILLING_HEADER} (declared: ${fmt(a.declared)}).`
      : a.problem
        ? `billing example ${a.example}: on ${request(a)} the header is not a valid unit count: ${a.problem} (declared: ${fmt(a.declared)}).`
        : `billing example ${a.example}: on ${request(a)} the code reports ${fmt(a.units ?? 0)} units, the example declares ${fmt(a.declared)}.`,
    hint: a.unmatched ? unmatchedHint(a.unmatched) : a.unset ? "Set the header on that path too." : a.problem ? "Report a non-negative number as a string." : "Fix the formula in the code, or the example's `units`.",
  }),
  FP212: (a: { example: number; input: unknown; endpoint?: string; deps: string[] }) => ({
    message: `billing example ${a.example} (${request(a)}) cannot be evaluated statically: the number of units ${dependsOn(Array.isArray(a.deps) ? a.deps : [])}.`,
    hint: "`falpub verify` checks it on the deployed app; or compute the units from the request.",
  }),
  FP213: (a: { route: string; strategy: Strategy }) => ({
    message: `\`${a.route}\` is a websocket/realtime endpoint: it sends no per-request response header, so fal bills its sessions GPU seconds, not ${a.strategy}.`,
    hint: "Keep per-unit billing on a plain @fal.endpoint; if this endpoint must be billed per unit, agree how with the fal team (or silence FP213 with the reason).",
  }),
} as const;
