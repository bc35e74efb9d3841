import path from "node:path";
import { CODES } from "../rules/codes.js";
import type { CheckResult, Summary } from "./types.js";

const README = "https://github.com/falpub/falpub";

/** Count findings by severity over all apps (suppressed ones are not counted). */
export function summarize(results: CheckResult[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0 };
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === "error") s.errors++;
      else if (d.severity === "warning") s.warnings++;
      else s.infos++;
    }
  }
  return s;
}

/** The rule name of a code; unknown codes (a bug elsewhere) still render. */
export function ruleOf(code: string): string {
  return (CODES as Record<string, { rule: string }>)[code]?.rule ?? "unknown-rule";
}

/** README anchor documenting a code, e.g. …#fp101. */
export function docsUrl(code: string): string {
  return `${README}#${code.toLowerCase()}`;
}

/** A path relative to cwd (when it is absolute) with forward slashes, as CI tools want. */
export function relPosix(file: string, cwd: string): string {
  const rel = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return rel.split(path.sep).join("/").replace(/\\/g, "/");
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
