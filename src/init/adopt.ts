import { BILLING_STRATEGIES, type BillingStrategy } from "../core/vocabulary.js";
import { parseRef } from "../core/ref.js";
import { analysePython } from "../python/analyse.js";
import type { AppClassFacts, EndpointFacts, PyLiteral } from "../python/facts.js";
import { chunkDivisor, codeUnits, completeInput, probeInputs, strategyUnits } from "../rules/billing-units.js";
import { checkPyproject } from "../pyproject/check.js";
import type { PyprojectApp } from "../pyproject/facts.js";
import { falAppNameFromClass } from "../derived.js";
import { exampleInputs } from "./example-inputs.js";
import { SCHEMA_PATH, titleFromAppName } from "./scaffold.js";

/**
 * `falpub init --adopt` as a pure function: an existing fal app's files in, one falpub.yaml
 * out, with a note for everything a person should review. The caller reads the files and
 * writes the manifest; the app's own files are never touched.
 */
export interface AdoptSource {
  /** Python files of the directory (relative paths, forward slashes) with their text. */
  pythonFiles: Array<{ path: string; source: string }>;
  pyproject?: string;
  flags: { name?: string; className?: string; billing?: BillingStrategy };
}

export interface Adoption {
  manifest: string;
  ref: string;
  appName: string;
  strategy: BillingStrategy;
  /** Where each value came from and what to review, one line each. */
  notes: string[];
}

/** Why nothing can be adopted (no app, several, a strategy that cannot be read): exit 1 or 2 with a hint. */
export class AdoptProblem extends Error {
  constructor(message: string, readonly hint: string, readonly needs?: "billing") {
    super(message);
  }
}

interface Found {
  file: string;
  app: AppClassFacts;
  source: string;
}

/** Every fal.App subclass in the given files, as `file::Class`: what plain `init` looks for too. */
export function findApps(files: AdoptSource["pythonFiles"]): Found[] {
  return files.flatMap((f) => analysePython(f.source).apps.map((app) => ({ file: f.path, app, source: f.source })));
}

export function planAdoption(src: AdoptSource): Adoption {
  const notes: string[] = [];
  const pyproject = src.pyproject === undefined ? undefined : checkPyproject(src.pyproject, "pyproject.toml");
  const found = pickApp(findApps(src.pythonFiles), pyproject?.apps ?? [], src.flags.className);
  const { app, file } = found;
  const table = pyproject?.apps.find((t) => {
    const ref = t.keys.ref?.value;
    return typeof ref === "string" && parseRef(ref).file === file && (parseRef(ref).className ?? app.className) === app.className;
  });
  const ref = `${file}::${app.className}`;
  const attr = (name: string) => {
    const a = app.attributes[name];
    return a?.literal ? a.value : undefined;
  };
  const tomlValue = (key: string) => table?.keys[key]?.value;

  const appName = src.flags.name ?? str(attr("app_name")) ?? str(tomlValue("name")) ?? table?.tableName ?? falAppNameFromClass(app.className);
  notes.push(`app: ${ref}, deployed as ${appName}` + (table ? ` ([tool.fal.apps.${table.tableName}] in pyproject.toml)` : ""));

  const notShared = [
    [`${file} (app_auth)`, str(attr("app_auth"))],
    ["pyproject.toml (auth)", str(tomlValue("auth"))],
  ].filter(([, v]) => v !== undefined && v !== "shared");
  if (notShared.length) {
    notes.push(`review: ${notShared.map(([where, v]) => `${where} says "${v}"`).join(", ")}; the manifest says shared (the Marketplace needs it): change ${notShared.length > 1 ? "them" : "it"} to shared, or falpub check reports the conflict`);
  }

  const machine = str(attr("machine_type")) ?? str(tomlValue("machine_type"));
  const scaling = ["min_concurrency", "max_concurrency", "keep_alive", "max_multiplexing"]
    .map((k) => [k, attr(k) ?? tomlValue(k)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${String(v)}`);
  notes.push(`machine: ${machine ?? "not set (fal's default)"}${scaling.length ? `; scaling: ${scaling.join(", ")}` : ""} (kept in the code; falpub check reviews them)`);

  const resetScale = tomlValue("app_scale_settings") === true ? true : tomlValue("no_scale") === true ? false : undefined;
  const deployStrategy = str(tomlValue("deployment_strategy"));
  const team = str(tomlValue("team"));

  const billing = strategyOf(app, src.flags.billing);
  notes.push(`billing: ${billing.strategy} (${billing.why})`);

  const endpoints = app.endpoints.filter((e) => !e.healthCheck && !e.isWebsocket);
  const examples = exampleInputs(found.source, app.className, endpoints.map((e) => e.functionName));
  const main = endpoints.find((e) => e.path === "/") ?? endpoints[0];
  const example = main ? examples.get(main.functionName) : undefined;
  if (example) {
    notes.push(`example input: from ${example.model}` + (example.missing.length ? `; add ${example.missing.join(", ")} (no example or default in the code)` : ""));
  }
  if (!app.endpoints.some((e) => e.healthCheck)) notes.push("review: no health check endpoint (falpub check reports FP301)");

  const lines = [
    `# yaml-language-server: $schema=./${SCHEMA_PATH}`,
    `# falpub manifest for an existing app, written by \`falpub init --adopt\` from ${file}${pyproject ? " and pyproject.toml" : ""}.`,
    "# Review it, then run `falpub check`.",
    "version: 1",
    "app:",
    `  ref: ${yamlString(ref)}`,
    `  name: ${yamlString(appName)}`,
    "  auth: shared  # required for the Marketplace: callers pay with their own key",
    ...(team ? [`  team: ${yamlString(team)}`] : []),
    ...(deployStrategy === "rolling" || deployStrategy === "recreate" ? [`  strategy: ${deployStrategy}`] : []),
    ...(resetScale === undefined ? [] : [`  reset_scale: ${resetScale}`]),
    `# Machine and scaling stay in ${file}: ${machine ? `machine_type ${machine}` : "no machine_type"}${scaling.length ? `, ${scaling.join(", ")}` : ""}.`,
    "billing:",
    `  strategy: ${billing.strategy}  # ${billing.why}`,
    ...(billing.strategy === "per_text_chunk" ? [`  chunk_chars: ${billing.chunkChars ?? 1000}${billing.chunkChars ? "" : "  # review: the characters per chunk your code bills"}`] : []),
    "  # unit_price_usd: 0.01  # optional: the price per unit you will propose to fal",
    "# The model card the fal team will ask for when listing the app.",
    "marketplace:",
    `  title: ${yamlString(titleFromAppName(appName))}`,
    ...(docstring(found.source) ? [`  description: ${yamlString(docstring(found.source)!)}`] : ["  # description: what the model does"]),
    "  # category: e.g. text-to-image, image-to-video, text-to-speech, llm",
    "  # license: the license of your model and weights",
    ...(example && Object.keys(example.example).length ? [`  example_input: ${JSON.stringify(example.example)}`] : []),
    "",
  ];
  return { manifest: lines.join("\n"), ref, appName, strategy: billing.strategy, notes };
}

function pickApp(found: Found[], tables: PyprojectApp[], className: string | undefined): Found {
  if (className) {
    const named = found.filter((f) => f.app.className === className);
    if (named.length === 1) return named[0];
    throw new AdoptProblem(`No single fal.App subclass named ${className} here (found: ${list(found)}).`, "Pass --class with one of the classes found.");
  }
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new AdoptProblem("No fal.App subclass found in this directory's .py files (or pyproject.toml's refs).", "Run falpub init --adopt in the directory of your app, or falpub init without --adopt to scaffold a new one.");
  // Several classes: the one pyproject.toml names, when it names exactly one.
  const refs = tables.map((t) => t.keys.ref?.value).filter((r): r is string => typeof r === "string").map((r) => parseRef(r));
  const named = found.filter((f) => refs.some((r) => r.file === f.file && (r.className === undefined || r.className === f.app.className)));
  if (named.length === 1) return named[0];
  throw new AdoptProblem(`Several fal.App subclasses found: ${list(found)}.`, "Pass --class <ClassName> to choose one (run init --adopt once per app, each in its own directory).");
}

/** Tried in this order: the first whose documented formula the code follows on every probe request wins. */
const INFERABLE: BillingStrategy[] = ["per_request", "per_megapixel", "per_video_second", "per_text_chunk", "per_image"];

/**
 * The strategy the header's value implies, with the reason; --billing wins. Decided by the units
 * evaluator, as check decides FP205: the code's units on probe requests against each formula.
 */
function strategyOf(app: AppClassFacts, flag: BillingStrategy | undefined): { strategy: BillingStrategy; why: string; chunkChars?: number } {
  const billed = app.endpoints.filter((e) => e.billing.sets.length > 0);
  const chunkChars = billed.map((e) => chunkDivisor(e, 0, e.input)).find((n) => n !== undefined);
  if (flag) return { strategy: flag, why: "from --billing", ...(flag === "per_text_chunk" && chunkChars ? { chunkChars } : {}) };
  if (billed.length === 0) return { strategy: "gpu_seconds", why: "no endpoint sets x-fal-billable-units, so fal bills GPU seconds" };
  const why = `from x-fal-billable-units = ${billed[0].billing.sets[0].text}`;
  const strategy = INFERABLE.find((s) => billed.every((e) => followsFormula(s, e, chunkChars)));
  if (strategy) return { strategy, why, ...(strategy === "per_text_chunk" && chunkChars ? { chunkChars } : {}) };
  // Units that depend on the model's output (`len(result.images)`) cannot be evaluated: adopt
  // then reads the names in the expression, a suggestion the printed notes ask to review.
  const named = strategyFromNames(billed.flatMap((e) => e.billing.sets.map((set) => set.text)));
  if (named) return { strategy: named, why: `${why} (read from its names: the units depend on the model's output; review it)`, ...(named === "per_text_chunk" && chunkChars ? { chunkChars } : {}) };
  throw new AdoptProblem(
    `Cannot tell the billing strategy from x-fal-billable-units = ${billed[0].billing.sets[0].text}.`,
    `Pass --billing ${BILLING_STRATEGIES.join("|")}.`,
    "billing",
  );
}

/** What the names and numbers in the header's value measure, most specific first. */
function strategyFromNames(texts: string[]): BillingStrategy | undefined {
  const ids = texts.flatMap((t) => t.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const nums = texts.flatMap((t) => (t.match(/\b\d+(?:\.\d+)?\b/g) ?? []).map(Number));
  const has = (re: RegExp) => ids.some((id) => re.test(id));
  if (nums.some((n) => n === 1024 || n === 1048576 || n === 1e6) || has(/width|height|megapixel|pixel|^mp$/i)) return "per_megapixel";
  if (has(/^(sec|secs|seconds?|duration\w*|fps|frames?|num_frames)$/i)) return "per_video_second";
  if (has(/char|chunk|^text$|token|prompt/i)) return "per_text_chunk";
  if (has(/image|img/i)) return "per_image";
  return undefined;
}

/** Whether the code's units equal the strategy's formula on every probe where both are known (and on at least one). */
function followsFormula(strategy: BillingStrategy, ep: EndpointFacts, chunkChars: number | undefined): boolean {
  const units: number[] = [];
  let compared = 0;
  for (const input of probeInputs(strategy, ep.input, chunkChars)) {
    const code = codeUnits(ep, input);
    if (code.kind !== "units") return false;
    units.push(code.units);
    const expected = strategyUnits(strategy, completeInput(ep.input, input), ep.input, chunkChars);
    if (expected === undefined) continue;
    if (Math.abs(expected - code.units) > 1e-9) return false;
    compared++;
  }
  // A flat rate is the one formula with no inputs: the same units on every probe, varied ones included.
  if (strategy === "per_request") return units.length > 1 && units.every((u) => u === units[0]);
  return compared > 0;
}

/** The module docstring's first sentence line, for the card's description. */
function docstring(source: string): string | undefined {
  const m = /^\s*(?:#[^\n]*\n\s*)*(?:[rRuU]?("""|'''))([\s\S]*?)\1/.exec(source);
  const first = m?.[2].trim().split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
  return first || undefined;
}

const str = (v: PyLiteral | unknown): string | undefined => (typeof v === "string" && v.trim() ? v : undefined);
const list = (found: Found[]) => found.map((f) => `${f.file}::${f.app.className}`).join(", ") || "none";
/** JSON strings are YAML strings: always quoted, so `yes`, `1.0` or `a: b` stay strings. */
const yamlString = (s: string) => (/^[A-Za-z0-9_./:-]+$/.test(s) && !/^(true|false|yes|no|on|off|null|~|[0-9.]+)$/i.test(s) ? s : JSON.stringify(s));
