import type { Diagnostic } from "../diagnostics.js";
import type { ProjectFacts } from "../project.js";
import type { Code } from "./codes.js";
import { finding } from "./finding.js";

const CARD_FIELDS: Array<[field: "title" | "description" | "category", code: Code, why: string]> = [
  ["title", "FP701", "the name shown on the model page"],
  ["description", "FP702", "what the model does, for the model card"],
  ["category", "FP703", "where the model is listed, e.g. text-to-image"],
];

export function cardRules(f: ProjectFacts): Diagnostic[] {
  const m = f.manifest;
  // When the YAML could not be read (FP001/FP002) or is empty (FP006), the card is unknown, not missing.
  if (m.diagnostics.some((d) => d.code === "FP001" || d.code === "FP002" || d.code === "FP006")) return [];
  const card = m.manifest.marketplace;
  return CARD_FIELDS.filter(([field]) => !card?.[field]).map(([field, code, why]) =>
    finding(code, m.file, m.pos(card ? ["marketplace"] : []), `\`marketplace.${field}\` is missing: ${why}. The fal team asks for it before listing.`, `Add \`${field}:\` under \`marketplace:\`.`),
  );
}
