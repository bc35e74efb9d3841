import { finding, type Finding } from "../core/findings.js";
import type { Contradiction } from "../core/messages.js";
import type { BillingStrategy } from "../core/vocabulary.js";
import { billableEndpoints } from "../derived.js";
import type { ProjectFacts } from "../project.js";
import type { BillingHeaderSet } from "../python/facts.js";

/** What a unit count visibly measures, judged from the names and numbers in its expression. */
type Measure = "images" | "megapixels" | "seconds" | "text";
const MEASURES: Array<[Measure, (s: BillingHeaderSet) => boolean]> = [
  ["megapixels", (s) => s.numbers.some((n) => n === 1024 || n === 1048576 || n === 1e6) || s.identifiers.some((id) => /width|height|megapixel|pixel|^mp$/i.test(id))],
  ["seconds", (s) => s.identifiers.some((id) => /sec|duration|fps|frame/i.test(id))],
  ["text", (s) => s.identifiers.some((id) => /char|chunk|text|token|prompt/i.test(id))],
  ["images", (s) => s.identifiers.some((id) => /image|img/i.test(id))],
];

const STRATEGY: Record<Exclude<BillingStrategy, "gpu_seconds">, { measures?: Measure; constant: "required" | "allowed" | "never" }> = {
  per_image: { measures: "images", constant: "allowed" },
  per_megapixel: { measures: "megapixels", constant: "never" },
  per_video_second: { measures: "seconds", constant: "never" },
  per_text_chunk: { measures: "text", constant: "never" },
  per_request: { constant: "required" },
};

/**
 * Why the header's expression clearly contradicts the strategy, if it does. A plain
 * variable (`str(units)`) says nothing either way and is not flagged: names vary.
 */
export function formulaContradiction(strategy: keyof typeof STRATEGY, s: BillingHeaderSet): Contradiction | undefined {
  const rule = STRATEGY[strategy];
  if (s.constant && rule.constant === "never") return "constant";
  if (!s.constant && rule.constant === "required") return "varies";
  // "megapixels" expressions mention images too; the first matching measure is the one that counts.
  const seen = MEASURES.find(([, test]) => test(s))?.[0];
  if (seen && rule.measures && seen !== rule.measures) return seen;
  return undefined;
}

export function billingRules(f: ProjectFacts): Finding[] {
  const out: Finding[] = [];
  const m = f.manifest;
  const billing = m.manifest.billing;
  const strategy = billing?.strategy;
  if (strategy === "per_text_chunk" && billing?.chunk_chars === undefined) {
    out.push(finding("FP202", { file: m.file, ...m.pos(["billing", "strategy"], "value") }, { parameter: "chunk_chars" }));
  }
  if (!strategy || !f.appClass || !f.appFile) return out;
  const file = f.appFile;

  const billable = billableEndpoints(f);
  if (billable.length === 0) {
    out.push(finding("FP206", { file, ...f.appClass.pos }, { className: f.appClass.className }));
    return out;
  }
  for (const endpoint of billable) {
    const route = endpoint.path ?? endpoint.functionName;
    if (strategy === "gpu_seconds") {
      for (const set of endpoint.billingHeaderSets) {
        out.push(finding("FP204", { file, ...set.pos }, { route }));
      }
      continue;
    }
    if (endpoint.billingHeaderSets.length === 0) {
      out.push(finding("FP203", { file, ...endpoint.pos }, { route, functionName: endpoint.functionName, strategy }));
      continue;
    }
    if (endpoint.billingHeaderSets.every((set) => set.conditional)) {
      const first = endpoint.billingHeaderSets[0];
      out.push(finding("FP207", { file, ...first.pos }, { route }));
    }
    for (const set of endpoint.billingHeaderSets) {
      const why = formulaContradiction(strategy, set);
      if (why) {
        out.push(finding("FP205", { file, ...set.pos }, { value: set.valueText, why, strategy }));
      }
    }
  }
  return out;
}
