import { finding, relate, type Finding } from "../core/findings.js";
import { APP_NAME_MAX, APP_NAME_PATTERN } from "../core/vocabulary.js";
import { effectiveAppName } from "../derived.js";
import type { ProjectFacts } from "../project.js";

/** A DNS-label-style heuristic, not a documented fal rule: fal's docs suggest simple kebab-case names. */
export function appNameProblem(name: string): "FP501" | "FP503" | "FP504" | undefined {
  if (name.includes("--")) return "FP503";
  if (name.length > APP_NAME_MAX) return "FP504";
  if (!APP_NAME_PATTERN.test(name)) return "FP501";
  return undefined;
}

export function namingRules(f: ProjectFacts): Finding[] {
  const out: Finding[] = [];
  const effective = effectiveAppName(f);
  if (!effective) return out;
  const problem = appNameProblem(effective.name);
  if (problem) {
    const at = { file: effective.file, ...effective.pos };
    const args = { name: effective.name, source: effective.source };
    out.push(problem === "FP504" ? finding(problem, at, { ...args, length: effective.name.length }) : finding(problem, at, args));
  }
  const m = f.manifest;
  const declared = m.manifest.app?.name;
  if (!declared) return out;
  const manifestName = [relate(m.file, m.pos(["app", "name"], "value"), "manifest app.name")];
  const codeName = f.app?.cls?.attributes.app_name;
  if (f.app && codeName?.literal && typeof codeName.value === "string" && codeName.value !== declared) {
    out.push(finding("FP502", { file: f.app.file, ...codeName.pos }, { code: codeName.text, value: codeName.value, declared }, manifestName));
  }
  const tomlName = f.pyproject?.app?.keys.name;
  if (f.pyproject && typeof tomlName?.value === "string" && tomlName.value !== declared) {
    out.push(finding("FP505", { file: f.pyproject.file, ...tomlName.valuePos }, { value: tomlName.value, declared }, manifestName));
  }
  return out;
}
