import { finding, type Finding } from "../core/findings.js";
import type { ProjectFacts } from "../project.js";

/** The card fields whose absence is a finding (the checklist also asks for `license`). */
const CARD_CODES = [["title", "FP701"], ["description", "FP702"], ["category", "FP703"]] as const;

export function cardRules(f: ProjectFacts): Finding[] {
  const m = f.manifest;
  // When the YAML could not be read (FP001/FP002) or is empty (FP006), the card is unknown, not missing.
  if (m.diagnostics.some((d) => d.code === "FP001" || d.code === "FP002" || d.code === "FP006")) return [];
  const card = m.manifest.marketplace;
  const at = { file: m.file, ...m.pos(card ? ["marketplace"] : []) };
  return CARD_CODES.filter(([field]) => !card?.[field]).map(([, code]) => finding(code, at, {}));
}
