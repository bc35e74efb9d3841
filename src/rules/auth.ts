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

  const codeAuth = f.appClass?.attributes.app_auth;
  if (codeAuth?.literal && codeAuth.value !== auth && f.appFile) {
    out.push(finding("FP102", { file: f.appFile, ...codeAuth.pos }, { code: codeAuth.text, auth }, manifestAuth));
  }

  const tomlAuth = f.pyprojectApp?.keys.auth;
  if (tomlAuth && tomlAuth.value !== auth && f.pyprojectFile) {
    out.push(finding("FP103", { file: f.pyprojectFile, ...tomlAuth.valuePos }, { value: JSON.stringify(tomlAuth.value), table: f.pyprojectApp!.tableName, auth }, manifestAuth));
  }

  if (f.appClass && !codeAuth && !tomlAuth && auth === "shared") {
    if (f.refIsAppName && f.pyprojectApp && f.pyprojectFile) {
      // fal rejects --auth with an app-name ref, so nothing would make the deploy shared.
      out.push(finding("FP105", { file: f.pyprojectFile, ...f.pyprojectApp.pos }, { table: f.pyprojectApp.tableName }));
    } else if (f.appFile) {
      out.push(finding("FP104", { file: f.appFile, ...f.appClass.pos }, { className: f.appClass.className }));
    }
  }
  return out;
}
