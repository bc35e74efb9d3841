import { sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import type { ProjectFacts } from "../project.js";
import type { Suppressed } from "../report/types.js";
import { authRules } from "./auth.js";
import { billingRules } from "./billing.js";
import { cardRules } from "./card.js";
import { finding } from "./finding.js";
import { healthRules } from "./health.js";
import { namingRules } from "./naming.js";
import { scalingRules } from "./scaling.js";
import { redactKeyLike, secretRules } from "./secrets.js";

/** Every rule: (facts) → findings. Add a rule here and its codes in codes.ts. */
export const RULES = [authRules, billingRules, healthRules, scalingRules, namingRules, secretRules, cardRules];

/** Codes that cannot be silenced: without them nothing else can be trusted. */
const UNSILENCEABLE = new Set(["FP001", "FP002", "FP006", "FP601", "FP901"]);

export interface Judged {
  diagnostics: Diagnostic[];
  suppressed: Suppressed[];
}

/**
 * Run the rules, add the loading findings, apply the manifest's `ignore` list and --strict.
 * Pure: the one place where the final list and severities are decided.
 */
export function judge(facts: ProjectFacts, loading: Diagnostic[], strict: boolean): Judged {
  const all = [...loading, ...RULES.flatMap((rule) => rule(facts))];
  const ignores = facts.manifest.manifest.ignore ?? [];
  const suppressed: Suppressed[] = [];
  const used = new Set<string>();
  const kept = all.filter((d) => {
    const entry = ignores.find((i) => i.code === d.code);
    if (!entry || UNSILENCEABLE.has(d.code)) return true;
    used.add(d.code);
    suppressed.push({ code: d.code, reason: entry.reason, file: d.file, line: d.line });
    return false;
  });
  ignores.forEach((entry, i) => {
    // An entry whose code was invalid is already reported (FP004) and its code dropped.
    if (entry.code === undefined || used.has(entry.code)) return;
    const m = facts.manifest;
    // An unsilenceable code may well have fired; the entry is useless either way.
    const why = UNSILENCEABLE.has(entry.code) ? "which cannot be silenced" : "which did not fire";
    kept.push(finding("FP010", m.file, m.pos(["ignore", i, "code"], "value"), `\`ignore\` lists ${entry.code}, ${why}.`, "Remove the entry so that the code is checked again."));
  });
  const final = strict ? kept.map((d) => (d.severity === "warning" ? { ...d, severity: "error" as const } : d)) : kept;
  // Other findings quote manifest values: never echo a key pasted into one of them.
  const redacted = final.map((d) => ({ ...d, message: redactKeyLike(d.message), ...(d.hint === undefined ? {} : { hint: redactKeyLike(d.hint) }) }));
  return { diagnostics: sortDiagnostics(redacted), suppressed: suppressed.map((s) => ({ ...s, reason: redactKeyLike(s.reason) })) };
}
