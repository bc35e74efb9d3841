import { finding, locate, type Finding, type Pos } from "../core/findings.js";
import { HTTP_METHODS } from "../core/vocabulary.js";
import { healthEndpoints, isPlainHealthRoute } from "../derived.js";
import type { ProjectFacts } from "../project.js";

/** Upper bounds beyond which a value is almost certainly a unit mistake. */
const SANE_MAX: Record<string, number> = { start_period_seconds: 3600, timeout_seconds: 60, failure_threshold: 100 };

export function healthRules(f: ProjectFacts): Finding[] {
  const out: Finding[] = [];
  const cls = f.app?.cls;
  if (!cls) return out;
  const file = f.app!.file;
  const at = (pos: Pos) => ({ file, ...pos });
  const checks = healthEndpoints(f);
  if (checks.length === 0) {
    const plain = cls.endpoints.find(isPlainHealthRoute);
    if (plain) out.push(finding("FP301", locate(plain.file ?? file, plain.pos), { className: cls.className, plain: { route: plain.path ?? plain.functionName, functionName: plain.functionName } }));
    else out.push(finding("FP301", at(cls.pos), { className: cls.className }));
    return out;
  }
  for (const extra of checks.slice(1)) {
    out.push(finding("FP302", at(extra.pos), { functionName: extra.functionName, first: checks[0].functionName }));
  }
  for (const e of checks) {
    const hc = e.healthCheck!;
    if (e.isWebsocket) out.push(finding("FP303", at(e.pos), {}));
    for (const [name, max] of Object.entries(SANE_MAX)) {
      const arg = hc.args[name];
      if (!arg?.literal) continue;
      const v = arg.value;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) {
        out.push(finding("FP304", at(arg.pos), { name, text: arg.text, max }));
      }
    }
    const method = hc.args.method;
    if (method?.literal && (typeof method.value !== "string" || !(HTTP_METHODS as readonly string[]).includes(method.value.toUpperCase()))) {
      out.push(finding("FP306", at(method.pos), { text: method.text }));
    }
    const regularly = hc.args.call_regularly;
    if (regularly?.literal && regularly.value === false) {
      for (const name of ["failure_threshold", "start_period_seconds"]) {
        const arg = hc.args[name];
        if (arg) out.push(finding("FP305", at(arg.pos), { name }));
      }
    }
  }
  return out;
}
