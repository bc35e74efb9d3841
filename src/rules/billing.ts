import type { Diagnostic } from "../diagnostics.js";
import type { BillingStrategy } from "../manifest/schema.js";
import type { ProjectFacts } from "../project.js";
import type { BillingHeaderSet, EndpointFacts } from "../python/facts.js";
import { finding } from "./finding.js";

/** What a unit count visibly measures, judged from the names and numbers in its expression. */
type Measure = "images" | "megapixels" | "seconds" | "text";
const MEASURES: Array<[Measure, (s: BillingHeaderSet) => boolean]> = [
  ["megapixels", (s) => s.numbers.some((n) => n === 1024 || n === 1048576 || n === 1e6) || s.identifiers.some((id) => /width|height|megapixel|pixel|^mp$/i.test(id))],
  ["seconds", (s) => s.identifiers.some((id) => /sec|duration|fps|frame/i.test(id))],
  ["text", (s) => s.identifiers.some((id) => /char|chunk|text|token|prompt/i.test(id))],
  ["images", (s) => s.identifiers.some((id) => /image|img/i.test(id))],
];

const STRATEGY: Record<Exclude<BillingStrategy, "gpu_seconds">, { measures?: Measure; constant: "required" | "allowed" | "never"; formula: string }> = {
  per_image: { measures: "images", constant: "allowed", formula: "the number of images, e.g. str(len(images))" },
  per_megapixel: { measures: "megapixels", constant: "never", formula: "sum of ceil(width*height/(1024*1024)) over the images" },
  per_video_second: { measures: "seconds", constant: "never", formula: "the seconds of video generated, e.g. num_frames / fps" },
  per_text_chunk: { measures: "text", constant: "never", formula: "ceil(len(text) / chunk_chars)" },
  per_request: { constant: "required", formula: 'a constant, e.g. "1"' },
};

/**
 * Why the header's expression clearly contradicts the strategy, if it does. A plain
 * variable (`str(units)`) says nothing either way and is not flagged: names vary.
 */
export function formulaContradiction(strategy: keyof typeof STRATEGY, s: BillingHeaderSet): string | undefined {
  const rule = STRATEGY[strategy];
  if (s.constant && rule.constant === "never") return "it is a constant, but the strategy bills by size";
  if (!s.constant && rule.constant === "required") return "it varies per request, but the strategy is flat";
  // "megapixels" expressions mention images too; the first matching measure is the one that counts.
  const seen = MEASURES.find(([, test]) => test(s))?.[0];
  if (seen && rule.measures && seen !== rule.measures) return `it looks like it counts ${seen}`;
  return undefined;
}

export function isHealthEndpoint(e: EndpointFacts): boolean {
  return e.healthCheck !== undefined;
}

export function billingRules(f: ProjectFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const m = f.manifest;
  const billing = m.manifest.billing;
  const strategy = billing?.strategy;
  if (strategy === "per_text_chunk" && billing?.chunk_chars === undefined) {
    out.push(finding("FP202", m.file, m.pos(["billing", "strategy"], "value"), "per_text_chunk needs `billing.chunk_chars`: how many characters make one billed chunk.", "Add e.g. `chunk_chars: 1000` under `billing:` and use the same number in the code."));
  }
  if (!strategy || !f.appClass || !f.appFile) return out;

  const billable = f.appClass.endpoints.filter((e) => !isHealthEndpoint(e));
  if (billable.length === 0) {
    out.push(finding("FP206", f.appFile, f.appClass.pos, `${f.appClass.className} has no endpoint besides the health check, so nothing is billed.`, "Add an @fal.endpoint that does the work and reports its units."));
    return out;
  }
  for (const endpoint of billable) {
    const route = endpoint.path ?? endpoint.functionName;
    if (strategy === "gpu_seconds") {
      for (const set of endpoint.billingHeaderSets) {
        out.push(finding("FP204", f.appFile, set.pos, `The strategy is gpu_seconds, but \`${route}\` sets x-fal-billable-units, so callers are billed per unit instead.`, "Remove the header, or declare the strategy the code implements."));
      }
      continue;
    }
    if (endpoint.billingHeaderSets.length === 0) {
      out.push(finding("FP203", f.appFile, endpoint.pos, `Endpoint \`${route}\` (${endpoint.functionName}) never sets x-fal-billable-units; fal would bill callers GPU seconds instead of ${strategy}.`, `Take \`response: Response\` (from fastapi) and set \`response.headers["x-fal-billable-units"] = str(units)\` with units = ${STRATEGY[strategy].formula}.`));
      continue;
    }
    if (endpoint.billingHeaderSets.every((set) => set.conditional)) {
      const first = endpoint.billingHeaderSets[0];
      out.push(finding("FP207", f.appFile, first.pos, `Endpoint \`${route}\` sets x-fal-billable-units only inside a branch or loop; a successful request that takes another path carries no header and is billed GPU seconds.`, "Compute the units on every successful path and set the header once, outside the branch (e.g. just before returning)."));
    }
    for (const set of endpoint.billingHeaderSets) {
      const why = formulaContradiction(strategy, set);
      if (why) {
        out.push(finding("FP205", f.appFile, set.pos, `x-fal-billable-units is set to \`${set.valueText}\`; ${why}, which does not fit ${strategy} (${STRATEGY[strategy].formula}).`, "Check the formula against `billing.strategy`, or silence FP205 in the manifest's `ignore` with a reason."));
      }
    }
  }
  return out;
}
