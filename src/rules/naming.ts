import type { Diagnostic, Pos } from "../diagnostics.js";
import type { ProjectFacts } from "../project.js";
import { finding, where } from "./finding.js";

/** fal's own derivation (fal.app._to_fal_app_name): PascalCase → kebab-case. */
export function falAppNameFromClass(className: string): string {
  const parts = className.match(/[A-Z][a-z]*/g);
  if (parts) return parts.map((p) => p.toLowerCase()).join("-");
  if (className.includes("_")) return className.split("_").filter(Boolean).map((p) => p.toLowerCase()).join("-");
  return className.toLowerCase();
}

/** A DNS-label-style heuristic, not a documented fal rule: fal's docs suggest simple kebab-case names. */
export function appNameProblem(name: string): string | undefined {
  if (name.includes("--")) return "contains `--`, which fal reserves as the environment separator (app--env)";
  if (name.length > 63) return `is ${name.length} characters long (keep it ≤ 63)`;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) return "is not lowercase kebab-case (a-z, 0-9, single dashes)";
  return undefined;
}

export interface EffectiveName {
  name: string;
  file: string;
  pos: Pos;
  source: string;
}

/** The name the deploy will use, in fal's precedence, with where it comes from. */
export function effectiveAppName(f: ProjectFacts): EffectiveName | undefined {
  const m = f.manifest;
  if (m.manifest.app?.name) return { name: m.manifest.app.name, file: m.file, pos: m.pos(["app", "name"], "value"), source: "app.name" };
  const toml = f.pyprojectApp?.keys.name;
  if (f.refIsAppName && f.pyprojectFile && f.pyprojectApp) {
    if (typeof toml?.value === "string") return { name: toml.value, file: f.pyprojectFile, pos: toml.valuePos, source: "pyproject name" };
    return { name: f.pyprojectApp.tableName, file: f.pyprojectFile, pos: f.pyprojectApp.pos, source: "pyproject table" };
  }
  const app = f.appClass;
  if (!app || !f.appFile) return undefined;
  for (const key of ["app_name", "name"]) {
    const a = app.attributes[key];
    if (a?.literal && typeof a.value === "string") return { name: a.value, file: f.appFile, pos: a.pos, source: key };
  }
  return { name: falAppNameFromClass(app.className), file: f.appFile, pos: app.pos, source: "class name" };
}

export function namingRules(f: ProjectFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const effective = effectiveAppName(f);
  if (!effective) return out;
  const problem = appNameProblem(effective.name);
  if (problem) {
    out.push(finding("FP501", effective.file, effective.pos, `The app name \`${effective.name}\` (from ${effective.source}) ${problem}.`, "Use a short lowercase kebab-case name such as `text-to-image`; set it as `app.name` in the manifest."));
  }
  const m = f.manifest;
  const declared = m.manifest.app?.name;
  if (!declared) return out;
  const here = where(m.file, m.pos(["app", "name"], "value"));
  const codeName = f.appClass?.attributes.app_name;
  if (f.appFile && codeName?.literal && typeof codeName.value === "string" && codeName.value !== declared) {
    out.push(finding("FP502", f.appFile, codeName.pos, `app_name = ${codeName.text} disagrees with \`name: ${declared}\` in ${here}; falpub deploy passes --app-name ${declared}, a plain fal deploy would use ${codeName.value}.`, "Make them the same."));
  }
  const tomlName = f.pyprojectApp?.keys.name;
  if (f.pyprojectFile && typeof tomlName?.value === "string" && tomlName.value !== declared) {
    out.push(finding("FP502", f.pyprojectFile, tomlName.valuePos, `name = ${JSON.stringify(tomlName.value)} disagrees with \`name: ${declared}\` in ${here}.`, "Make them the same."));
  }
  return out;
}
