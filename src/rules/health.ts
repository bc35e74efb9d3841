import type { Diagnostic } from "../diagnostics.js";
import type { ProjectFacts } from "../project.js";
import { finding } from "./finding.js";

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
/** Upper bounds beyond which a value is almost certainly a unit mistake. */
const SANE_MAX: Record<string, number> = { start_period_seconds: 3600, timeout_seconds: 60, failure_threshold: 100 };

export function healthRules(f: ProjectFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!f.appClass || !f.appFile) return out;
  const file = f.appFile;
  const checks = f.appClass.endpoints.filter((e) => e.healthCheck);
  if (checks.length === 0) {
    out.push(finding("FP301", file, f.appClass.pos, `${f.appClass.className} declares no health check; the Marketplace expects one so broken runners get replaced.`, 'Add `@fal.endpoint("/health", health_check=fal.HealthCheck(timeout_seconds=5, failure_threshold=3))` returning a small dict.'));
    return out;
  }
  for (const extra of checks.slice(1)) {
    out.push(finding("FP302", file, extra.pos, `A second health check endpoint (${extra.functionName}); fal allows one and refuses the deploy.`, `Keep one health check (the first is ${checks[0].functionName}).`));
  }
  for (const e of checks) {
    const hc = e.healthCheck!;
    if (e.isWebsocket) out.push(finding("FP303", file, e.pos, "The health check endpoint is a websocket endpoint; fal rejects that.", "Use a plain HTTP endpoint for the health check."));
    for (const [name, max] of Object.entries(SANE_MAX)) {
      const arg = hc.args[name];
      if (!arg?.literal) continue;
      const v = arg.value;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) {
        out.push(finding("FP304", file, arg.pos, `HealthCheck ${name}=${arg.text} is not an integer between 1 and ${max}.`, "Defaults are start_period_seconds=30, timeout_seconds=5, failure_threshold=3."));
      }
    }
    const method = hc.args.method;
    if (method?.literal && (typeof method.value !== "string" || !HTTP_METHODS.includes(method.value.toUpperCase()))) {
      out.push(finding("FP304", file, method.pos, `HealthCheck method=${method.text} is not an HTTP method.`, `Use one of ${HTTP_METHODS.join(", ")} (default POST).`));
    }
    const regularly = hc.args.call_regularly;
    if (regularly?.literal && regularly.value === false) {
      for (const name of ["failure_threshold", "start_period_seconds"]) {
        const arg = hc.args[name];
        if (arg) out.push(finding("FP305", file, arg.pos, `With call_regularly=False, ${name} is ignored by fal.`, `Remove ${name}, or let the check run regularly.`));
      }
    }
  }
  return out;
}
