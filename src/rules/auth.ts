import type { Diagnostic } from "../diagnostics.js";
import type { ProjectFacts } from "../project.js";
import { finding, where } from "./finding.js";

/** Auth must be `shared` in the manifest, and every other place that sets it must agree. */
export function authRules(f: ProjectFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const m = f.manifest;
  const auth = m.manifest.app?.auth;
  if (auth === undefined) return out; // reported while loading (FP101 missing / FP004 invalid)
  const authPos = m.pos(["app", "auth"], "value");
  const here = where(m.file, authPos);
  if (auth !== "shared") {
    out.push(finding("FP101", m.file, authPos, `\`app.auth\` is \`${auth}\`; the Marketplace requires \`shared\` (callers pay with their own key).`, "Set `auth: shared`. With `private` only your team can call the app; with `public` you pay for every caller."));
  }

  const codeAuth = f.appClass?.attributes.app_auth;
  if (codeAuth?.literal && codeAuth.value !== auth && f.appFile) {
    out.push(finding("FP102", f.appFile, codeAuth.pos, `\`app_auth = ${codeAuth.text}\` here disagrees with \`auth: ${auth}\` in ${here}.`, `Make both say "shared" (the class attribute is what \`fal run\` and a plain \`fal deploy\` use).`));
  }

  const tomlAuth = f.pyprojectApp?.keys.auth;
  if (tomlAuth && tomlAuth.value !== auth && f.pyprojectFile) {
    out.push(finding("FP103", f.pyprojectFile, tomlAuth.valuePos, `\`auth = ${JSON.stringify(tomlAuth.value)}\` in [tool.fal.apps.${f.pyprojectApp!.tableName}] disagrees with \`auth: ${auth}\` in ${here}.`, 'Set `auth = "shared"` in pyproject.toml too.'));
  }

  if (f.appClass && !codeAuth && !tomlAuth && auth === "shared") {
    if (f.refIsAppName && f.pyprojectApp && f.pyprojectFile) {
      // fal rejects --auth with an app-name ref, so nothing would make the deploy shared.
      out.push(finding("FP103", f.pyprojectFile, f.pyprojectApp.pos, `[tool.fal.apps.${f.pyprojectApp.tableName}] sets no \`auth\`, the class sets no \`app_auth\`, and fal does not accept \`--auth\` with an app-name ref: the app would deploy as private.`, 'Add `auth = "shared"` to the pyproject table (or `app_auth = "shared"` to the class).'));
    } else if (f.appFile) {
      out.push(finding("FP104", f.appFile, f.appClass.pos, `${f.appClass.className} sets no \`app_auth\`; \`falpub deploy\` will pass \`--auth shared\`, but a plain \`fal deploy\` or \`fal run\` would not be shared.`, 'Add `app_auth = "shared"` to the class so every way of deploying agrees.'));
    }
  }
  return out;
}
