import { CODES, RENUMBERED, type Code } from "./codes.js";
import type { Finding, Related } from "./findings.js";
import { BILLING_MESSAGES } from "./messages-billing.js";
import { PYPROJECT_MESSAGES } from "./messages-pyproject.js";
import { redact } from "./redact.js";
import { BILLING_HEADER, BILLING_STRATEGIES, HTTP_METHODS, MACHINE_TYPES, REGIONS, type BillingStrategy } from "./vocabulary.js";

/**
 * THE formatter (publint's message.js is the model): every word of every finding is written
 * here, keyed by code, from the finding's typed arguments. `related` carries the other places.
 */
export interface Text {
  message: string;
  hint?: string;
}
export type Formatter<A> = (args: A, related: readonly Related[]) => Text;
/** For codes whose words need no argument. */
export type NoArgs = Record<string, never>;

/** "falpub.yaml:5": how a message names the other place in a disagreement. */
const where = (r: Related | undefined) => (r ? `${r.file}:${r.line}` : "the manifest");
const docs = (key: string) => `See \`${key}\` in the manifest reference (README).`;
const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const didYouMean = (s: string | undefined) => (s ? ` Did you mean \`${s}\`?` : "");

const TIMEOUT_DEFAULT: Record<string, string> = { request_timeout: "request 3600 s", startup_timeout: "startup 600 s" };
const CARD_PURPOSE = { title: "the name shown on the model page", description: "what the model does, for the model card", category: "where the model is listed, e.g. text-to-image" };
const card = (field: keyof typeof CARD_PURPOSE): Text => ({
  message: `\`marketplace.${field}\` is missing: ${CARD_PURPOSE[field]}. The fal team asks for it before listing.`,
  hint: `Add \`${field}:\` under \`marketplace:\`.`,
});
const nameHint = "Use a short lowercase kebab-case name such as `text-to-image`; set it as `app.name` in the manifest.";
type NameArgs = { name: string; source?: string };
const named = (a: NameArgs) => `The app name \`${a.name}\`${a.source ? ` (from ${a.source})` : ""}`;

const MESSAGES = {
  FP001: (a: { detail: string; alias: boolean }) => ({
    message: `Invalid YAML: ${a.detail}`,
    hint: a.alias ? "Define the anchor (`&name`) before using the alias (`*name`), and do not nest aliases deeply." : "Fix the YAML syntax at this position.",
  }),
  FP002: (_: NoArgs) => ({ message: "This key appears twice in the same mapping.", hint: "Keep one of them; YAML would silently use only one." }),
  FP003: (a: { path: string; suggestion?: string; known: string[] }) => ({
    message: `Unknown key \`${a.path}\`.${didYouMean(a.suggestion)}`,
    hint: a.suggestion ? `Rename it to \`${a.suggestion}\`.` : `Known keys here: ${a.known.join(", ") || "none"}.`,
  }),
  FP004: (a: { path: string; docKey: string; expected: string; actual: string }) => ({ message: `\`${a.path}\` must be ${article(a.expected)}, not ${a.actual}.`, hint: docs(a.docKey) }),
  FP005: (a: { path: string; docKey: string }) => ({ message: `\`${a.path}\` is required.`, hint: docs(a.docKey) }),
  FP006: (_: NoArgs) => ({ message: "The manifest is empty.", hint: "Run `falpub init` to write one, or see the manifest reference in the README." }),
  FP007: (a: { given: string }) => ({ message: `Manifest version ${a.given} is not supported; this falpub reads version 1.`, hint: "Set `version: 1`, or upgrade falpub." }),
  FP008: (a: { file: string; problem: "missing" | "unreadable"; root: string }) => ({
    message: `The app file \`${a.file}\` ${a.problem === "missing" ? "does not exist" : "cannot be read (a directory, or no read permission)"}.`,
    hint: `Fix \`app.ref\` (paths are relative to ${a.root}/), or create the file with \`falpub init\`.`,
  }),
  FP009: (a: { ref: string; refFile: string; file: string; className: string; found: string[] }) =>
    a.className === ""
      ? {
          message: `\`${a.ref}\` names no class after \`::\`; fal deploy would fail with "Function '' not found in module".`,
          hint: a.found.length ? `Set \`app.ref: ${a.refFile}::${a.found[0]}\`, or drop the \`::\`.` : "Point `app.ref` at the file and class of your fal.App.",
        }
      : { message: `No fal.App subclass named \`${a.className}\` in ${a.file}` + (a.found.length ? ` (found: ${a.found.join(", ")}).` : "."), hint: "Point `app.ref` at the file and class of your fal.App." },
  FP010: (a: { code: string; why: "did-not-fire" | "unsilenceable" | "renumbered" }) => ({
    message: `\`ignore\` lists ${a.code}, ${a.why === "did-not-fire" ? "which did not fire" : a.why === "unsilenceable" ? "which cannot be silenced" : "which was split into other codes in falpub 0.2"}.`,
    hint: a.why === "renumbered" ? `Silence the one you mean of ${(RENUMBERED[a.code] ?? []).join(", ")} (README: "Renumbered in 0.2").` : "Remove the entry so that the code is checked again.",
  }),
  FP011: (a: { path: string; docKey: string; given: string; allowed: string[]; suggestion?: string }) => ({
    message: `\`${a.path}\` is ${a.given}; expected one of: ${a.allowed.join(", ")}.${didYouMean(a.suggestion)}`,
    hint: docs(a.docKey),
  }),
  FP012: (a: { path: string; docKey: string; problem: string }) => ({ message: `\`${a.path}\`: ${a.problem}.`, hint: docs(a.docKey) }),
  FP013: (a: { file: string }) => ({ message: `No fal.App subclass in ${a.file}.`, hint: "Point `app.ref` at the file and class of your fal.App." }),
  FP014: (a: { file: string; refFile: string; found: string[] }) => ({
    message: `${a.file} has several fal.App subclasses (${a.found.join(", ")}); name one.`,
    hint: `Set \`app.ref: ${a.refFile}::${a.found[0]}\` (or the class you mean).`,
  }),
  FP017: (a: { entryPoint: string; module: string; roots: string[] }) => ({
    message: `python_entry_point \`${a.entryPoint}\` names module \`${a.module}\`, which is not a file of the project (looked for ${String(a.module).replace(/\./g, "/")}.py under ${[a.roots].flat().join(" and ")}), so its code cannot be checked.`,
    hint: 'Point python_entry_point at a module of the project, or use `ref = "file.py::Class"`.',
  }),
  FP015: (a: { ref: string; pyprojectFile?: string }) => ({
    message: `\`app.ref\` is \`${a.ref}\`, which fal reads as an app name, but no [tool.fal.apps.${a.ref}] table was found${a.pyprojectFile ? ` in ${a.pyprojectFile}` : " (no pyproject.toml)"}.`,
    hint: "Use `file.py::Class`, or add the app to pyproject.toml.",
  }),
  FP016: (_: NoArgs) => ({ message: "The manifest must be a mapping of keys (version, app, billing, …).", hint: "See the manifest reference in the README." }),

  FP101: (a: { auth?: string }) =>
    a.auth === undefined
      ? { message: "`app.auth` is missing; Marketplace apps must be deployed with auth mode `shared`.", hint: "Add `auth: shared` under `app:`." }
      : {
          message: `\`app.auth\` is \`${a.auth}\`; the Marketplace requires \`shared\` (callers pay with their own key).`,
          hint: "Set `auth: shared`. With `private` only your team can call the app; with `public` you pay for every caller.",
        },
  FP102: (a: { code: string; auth: string }, r: readonly Related[]) => ({
    message: `\`app_auth = ${a.code}\` here disagrees with \`auth: ${a.auth}\` in ${where(r[0])}.`,
    hint: 'Make both say "shared" (the class attribute is what `fal run` and a plain `fal deploy` use).',
  }),
  FP103: (a: { value: string; table: string; auth: string }, r: readonly Related[]) => ({
    message: `\`auth = ${a.value}\` in [tool.fal.apps.${a.table}] disagrees with \`auth: ${a.auth}\` in ${where(r[0])}.`,
    hint: 'Set `auth = "shared"` in pyproject.toml too.',
  }),
  FP104: (a: { className: string }) => ({
    message: `${a.className} sets no \`app_auth\`; \`falpub deploy\` will pass \`--auth shared\`, but a plain \`fal deploy\` or \`fal run\` would not be shared.`,
    hint: 'Add `app_auth = "shared"` to the class so every way of deploying agrees.',
  }),
  FP105: (a: { table: string }) => ({
    message: `[tool.fal.apps.${a.table}] sets no \`auth\`, the class sets no \`app_auth\`, and fal does not accept \`--auth\` with an app-name ref: the app would deploy as private.`,
    hint: 'Add `auth = "shared"` to the pyproject table (or `app_auth = "shared"` to the class).',
  }),

  ...BILLING_MESSAGES,

  FP301: (a: { className: string; plain?: { route: string; functionName: string } }) =>
    a.plain
      ? {
          message: `${a.className} declares no health check; \`${a.plain.route}\` (${a.plain.functionName}) looks like one but lacks \`health_check=\`, so fal never calls it.`,
          hint: `Make it the health check: \`@fal.endpoint("${a.plain.route}", health_check=fal.HealthCheck(timeout_seconds=5, failure_threshold=3))\`.`,
        }
      : {
          message: `${a.className} declares no health check; the Marketplace expects one so broken runners get replaced.`,
          hint: 'Add `@fal.endpoint("/health", health_check=fal.HealthCheck(timeout_seconds=5, failure_threshold=3))` returning a small dict.',
        },
  FP302: (a: { functionName: string; first: string }) => ({ message: `A second health check endpoint (${a.functionName}); fal allows one and refuses the deploy.`, hint: `Keep one health check (the first is ${a.first}).` }),
  FP303: (_: NoArgs) => ({ message: "The health check endpoint is a websocket endpoint; fal rejects that.", hint: "Use a plain HTTP endpoint for the health check." }),
  FP304: (a: { name: string; text: string; max: number }) => ({
    message: `HealthCheck ${a.name}=${a.text} is not an integer between 1 and ${a.max}.`,
    hint: "Defaults are start_period_seconds=30, timeout_seconds=5, failure_threshold=3.",
  }),
  FP305: (a: { name: string }) => ({ message: `With call_regularly=False, ${a.name} is ignored by fal.`, hint: `Remove ${a.name}, or let the check run regularly.` }),
  FP306: (a: { text: string }) => ({ message: `HealthCheck method=${a.text} is not an HTTP method.`, hint: `Use one of ${HTTP_METHODS.join(", ")} (default POST).` }),

  FP401: (a: { name: string; text: string; min: number; max?: number }) => ({
    message: `${a.name} = ${a.text} must be an integer ${a.max === undefined ? `≥ ${a.min}` : `from ${a.min} to ${a.max}`}.`,
    hint: `Set ${a.name} to a whole number${a.min > 0 ? ` of at least ${a.min}` : ""}.`,
  }),
  FP402: (a: { max: number; min: number }) => ({ message: `max_concurrency = ${a.max} is below min_concurrency = ${a.min}.`, hint: "Raise max_concurrency to at least min_concurrency." }),
  FP403: (a: { multiplexing: number; functionName: string }) => ({
    message: `max_multiplexing = ${a.multiplexing}, but ${a.functionName} is synchronous, so requests on one runner wait for each other.`,
    hint: "Make it `async def`, or set max_multiplexing = 1.",
  }),
  FP404: (a: { machineType: unknown }) => ({
    message: `machine_type ${JSON.stringify(a.machineType)} is not a machine type falpub knows.`,
    hint: `Known: ${MACHINE_TYPES.join(", ")}. If fal added a new one, silence FP404 with a reason.`,
  }),
  FP405: (a: { region: unknown }) => ({ message: `Region ${JSON.stringify(a.region)} is not one fal accepts.`, hint: `Valid regions: ${REGIONS.join(", ")}.` }),
  FP406: (a: { text: string }) => ({ message: `num_gpus = ${a.text} must be a positive integer.`, hint: "Set num_gpus to 1 or more, or remove it." }),
  FP407: (a: { missing: string[] }) => ({
    message: `${a.missing.join(" and ")} not set; the platform default${a.missing.length > 1 ? "s apply" : " applies"} (${a.missing.map((n) => TIMEOUT_DEFAULT[n] ?? n).join(", ")}).`,
    hint: `Set ${a.missing.join(" and ")} on the class so the limits are yours, not the platform's.`,
  }),
  FP408: (a: { gpus: number; machineTypes: string[] }) => ({ message: `num_gpus = ${a.gpus} on CPU machine type(s) ${a.machineTypes.join(", ")}.`, hint: "Use a GPU- machine type, or remove num_gpus." }),

  FP501: (a: NameArgs) => ({ message: `${named(a)} is not lowercase kebab-case (a-z, 0-9, single dashes).`, hint: nameHint }),
  FP502: (a: { code: string; value: string; declared: string }, r: readonly Related[]) => ({
    message: `app_name = ${a.code} disagrees with \`name: ${a.declared}\` in ${where(r[0])}; falpub deploy passes --app-name ${a.declared}, a plain fal deploy would use ${a.value}.`,
    hint: "Make them the same.",
  }),
  FP503: (a: NameArgs) => ({ message: `${named(a)} contains \`--\`, which fal reserves as the environment separator (app--env).`, hint: nameHint }),
  FP504: (a: NameArgs & { length: number }) => ({ message: `${named(a)} is ${a.length} characters long (keep it ≤ 63).`, hint: nameHint }),
  FP505: (a: { value: string; declared: string }, r: readonly Related[]) => ({
    message: `name = ${JSON.stringify(a.value)} disagrees with \`name: ${a.declared}\` in ${where(r[0])}.`,
    hint: "Make them the same.",
  }),

  FP601: (_: NoArgs) => ({
    message: "A literal that looks like a fal API key is written here (value not shown).",
    hint: "Remove it, revoke the key in the fal dashboard, and pass FAL_KEY through the environment (CI: a repository secret).",
  }),
  FP701: (_: NoArgs) => card("title"),
  FP702: (_: NoArgs) => card("description"),
  FP703: (_: NoArgs) => card("category"),
  ...PYPROJECT_MESSAGES,
  FP901: (a: { detail: string; file: string }) => ({ message: a.detail, hint: `Fix the syntax error; \`python -m py_compile ${a.file}\` shows what Python says.` }),
} satisfies { [C in Code]: Formatter<never> };

/** The arguments a code's finding carries: checked by TypeScript at every `finding(...)` call. */
export type ArgsOf<C extends Code> = Parameters<(typeof MESSAGES)[C]>[0];

function text(f: Finding): Text {
  const format = MESSAGES[f.code] as Formatter<unknown> | undefined;
  // A finding is always built with a known code; an unknown one (a bug) still renders.
  if (!format) return { message: (CODES as Record<string, { summary: string }>)[f.code]?.summary ?? f.code };
  return format(f.args, f.related ?? []);
}

/** The finding's message, in words (key-like values redacted). */
export const formatMessage = (f: Finding): string => redact(text(f).message);

/** What to do about it, or undefined when there is nothing to add. */
export function formatHint(f: Finding): string | undefined {
  const hint = text(f).hint;
  return hint === undefined ? undefined : redact(hint);
}
