import { finding, relate, type Finding } from "../core/findings.js";
import type { ProjectFacts } from "../project.js";

/** Auth must be `shared` in the manifest, and every other place that sets it must agree. */
export function authRules(f: ProjectFacts): Finding[] {
  const out: Finding[] = [];
  const m = f.manifest;
  const auth = m.manifest.app?.auth;
  if (auth === undefined) return out; // reported while loading (FP101 missing / FP011 invalid)
  const authPos = m.pos(["app", "auth"], "value");
  const manifestAuth = [relate(m.file, authPos, "manifest app.auth")];
  if (auth !== "shared") out.push(finding("FP101", { file: m.file, ...authPos }, { auth }));

  const app = f.app;
  const codeAuth = app?.cls?.attributes.app_auth;
  if (app && codeAuth?.literal && codeAuth.value !== auth) {
    out.push(finding("FP102", { file: app.file, ...codeAuth.pos }, { code: codeAuth.text, auth }, manifestAuth));
  }

  const table = f.pyproject?.app;
  const tomlAuth = table?.keys.auth;
  if (table && tomlAuth && tomlAuth.value !== auth) {
    out.push(finding("FP103", { file: f.pyproject!.file, ...tomlAuth.valuePos }, { value: JSON.stringify(tomlAuth.value), table: table.tableName, auth }, manifestAuth));
  }

  if (app?.cls && !codeAuth && !tomlAuth && auth === "shared") {
    if (f.refIsAppName && table) {
      // fal rejects --auth with an app-name ref, so nothing would make the deploy shared.
      out.push(finding("FP105", { file: f.pyproject!.file, ...table.pos }, { table: table.tableName }));
    } else {
      out.push(finding("FP104", { file: app.file, ...app.cls.pos }, { className: app.cls.className }));
    }
  }
  return out;
}
