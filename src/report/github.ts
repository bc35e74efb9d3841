import type { Severity } from "../core/findings.js";
import { formatHint, formatMessage } from "../core/messages.js";
import { ciPath, ruleOf } from "./common.js";
import type { CheckResult, RenderOptions } from "./types.js";

// Same escaping as @actions/core's command.ts (escapeData / escapeProperty).
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** GitHub Actions workflow commands: one annotation line per finding, paths from the repository root. */
export function renderGithub(results: CheckResult[], opts: RenderOptions): string {
  let out = "";
  for (const r of results) {
    for (const d of r.diagnostics) {
      const props = [
        `file=${escapeProperty(ciPath(d.at.file, opts))}`,
        `line=${d.at.line}`,
        `col=${d.at.column}`,
        `title=${escapeProperty(`${d.code} ${ruleOf(d.code)}`)}`,
      ].join(",");
      const hint = formatHint(d);
      const text = hint ? `${formatMessage(d)}\n${hint}` : formatMessage(d);
      out += `::${COMMAND[d.severity]} ${props}::${escapeData(text)}\n`;
    }
  }
  return out;
}
