import { isCode, RENUMBERED, UNSILENCEABLE } from "../core/codes.js";
import { finding, sortFindings, type Finding } from "../core/findings.js";
import { redact, redactDeep } from "../core/redact.js";
import type { ProjectFacts } from "../project.js";
import { authRules } from "./auth.js";
import { billingRules } from "./billing.js";
import { cardRules } from "./card.js";
import { healthRules } from "./health.js";
import { namingRules } from "./naming.js";
import { scalingRules } from "./scaling.js";
import { secretRules } from "./secrets.js";

/** Every rule: (facts) → findings. Add a rule here, its codes in core/codes.ts and its words in core/messages.ts. */
export const RULES = [authRules, billingRules, healthRules, scalingRules, namingRules, secretRules, cardRules];

/** A finding silenced by the manifest's `ignore` list. */
export interface Suppressed {
  code: string;
  reason: string;
  file: string;
  line: number;
}

export interface Judged {
  diagnostics: Finding[];
  suppressed: Suppressed[];
}

/**
 * Run the rules, add the loading findings, apply the manifest's `ignore` list and --strict.
 * Pure: the one place where the final list and severities are decided.
 */
export function judge(facts: ProjectFacts, loading: Finding[], strict: boolean): Judged {
  const all = [...loading, ...RULES.flatMap((rule) => rule(facts))];
  const ignores = facts.manifest.manifest.ignore ?? [];
  const suppressed: Suppressed[] = [];
  const used = new Set<string>();
  const kept = all.filter((d) => {
    // An entry without a valid reason is reported already and silences nothing; one that was
    // not a mapping at all was dropped, leaving a hole in the list.
    const entry = ignores.find((i) => i?.code === d.code && typeof i.reason === "string");
    if (!entry || UNSILENCEABLE.has(d.code)) return true;
    used.add(d.code);
    suppressed.push({ code: d.code, reason: entry.reason, file: d.at.file, line: d.at.line });
    return false;
  });
  ignores.forEach((entry, i) => {
    // An entry whose code was invalid is already reported (FP012) and its code dropped.
    if (entry.code === undefined || typeof entry.reason !== "string" || used.has(entry.code)) return;
    const m = facts.manifest;
    // An unsilenceable code may well have fired; the entry is useless either way.
    const why = UNSILENCEABLE.has(entry.code) ? "unsilenceable" : !isCode(entry.code) && RENUMBERED[entry.code] ? "renumbered" : "did-not-fire";
    kept.push(finding("FP010", { file: m.file, ...m.pos(["ignore", i, "code"], "value") }, { code: entry.code, why }));
  });
  const final = strict ? kept.map((d) => (d.severity === "warning" ? { ...d, severity: "error" as const } : d)) : kept;
  // Findings quote manifest values in their args: never carry a key pasted into one of them.
  const redacted = final.map((d) => ({ ...d, args: redactDeep(d.args) }));
  return { diagnostics: sortFindings(redacted), suppressed: suppressed.map((s) => ({ ...s, reason: redact(s.reason) })) };
}
