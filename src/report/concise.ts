import { Chalk } from "chalk";
import { formatMessage } from "../core/messages.js";
import { plural, summarize } from "./common.js";
import type { CheckResult, RenderOptions } from "./types.js";

/**
 * One line per finding, `path:line:col: severity CODE message`, like ruff's concise output and
 * compilers' (terminals and editors make the position clickable), then one count line.
 */
export function renderConcise(results: CheckResult[], opts: RenderOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      const sev = d.severity === "error" ? c.red(d.severity) : d.severity === "warning" ? c.yellow(d.severity) : c.blue(d.severity);
      out.push(`${c.bold(`${d.at.file}:${d.at.line}:${d.at.column}`)}: ${sev} ${c.dim(d.code)} ${formatMessage(d).replace(/\s*\n\s*/g, " ")}`);
    }
  }
  const s = summarize(results);
  out.push(`${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}${s.infos ? `, ${plural(s.infos, "info")}` : ""} in ${plural(results.length, "app")}${opts.strict ? " (strict)" : ""}`);
  return out.join("\n") + "\n";
}
