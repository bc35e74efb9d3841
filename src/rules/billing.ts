import type { Diagnostic } from "../diagnostics.js";
import type { BillingStrategy } from "../manifest/schema.js";
import type { ProjectFacts } from "../project.js";
import type { BillingHeaderSet, EndpointFacts } from "../python/facts.js";
import { finding } from "./finding.js";

/**
 * What a strategy's unit count is usually computed from. A header expression that matches
 * none of these is worth a look; it is a warning, never an error, because names vary.
 */
const FORMULA_HINTS: Record<Exclude<BillingStrategy, "gpu_seconds">, { looksRight(s: BillingHeaderSet): boolean; formula: string }> = {
  per_image: {
    looksRight: (s) => !isMegapixelLike(s) && (s.constant || s.identifiers.some((id) => /image|img|num|count|len|batch|^n$/i.test(id))),
    formula: "the number of images, e.g. str(len(images))",
  },
  per_megapixel: {
    looksRight: (s) => isMegapixelLike(s),
    formula: "sum of ceil(width*height/(1024*1024)) over the images",
  },
  per_video_second: {
    looksRight: (s) => !s.constant && s.identifiers.some((id) => /sec|duration|fps|frame|length|time/i.test(id)),
    formula: "the seconds of video generated, e.g. num_frames / fps",
  },
  per_text_chunk: {
    looksRight: (s) => !s.constant && s.identifiers.some((id) => /len|char|chunk|text|token/i.test(id)),
    formula: "ceil(len(text) / chunk_chars)",
  },
  per_request: {
    looksRight: (s) => s.constant,
    formula: 'a constant, e.g. "1"',
  },
};

function isMegapixelLike(s: BillingHeaderSet): boolean {
  return (
    s.numbers.some((n) => n === 1024 || n === 1048576 || n === 1e6) ||
    s.identifiers.some((id) => /width|height|megapixel|pixel|^mp$|^w$|^h$/i.test(id))
  );
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
      out.push(finding("FP203", f.appFile, endpoint.pos, `Endpoint \`${route}\` (${endpoint.functionName}) never sets x-fal-billable-units; fal would bill callers GPU seconds instead of ${strategy}.`, `Take \`response: Response\` (from fastapi) and set \`response.headers["x-fal-billable-units"] = str(units)\` with units = ${FORMULA_HINTS[strategy].formula}.`));
      continue;
    }
    for (const set of endpoint.billingHeaderSets) {
      if (!FORMULA_HINTS[strategy].looksRight(set)) {
        out.push(finding("FP205", f.appFile, set.pos, `x-fal-billable-units is set to \`${set.valueText}\`, which does not look like ${strategy} (${FORMULA_HINTS[strategy].formula}).`, "Check the formula against `billing.strategy`, or silence FP205 in the manifest's `ignore` with a reason."));
      }
    }
  }
  return out;
}
