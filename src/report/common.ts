import path from "node:path";
import { CODES } from "../core/codes.js";
import type { Finding } from "../core/findings.js";
import { formatHint, formatMessage } from "../core/messages.js";
import { DOCS_URL } from "../meta.js";
import type { CheckResult, RenderOptions, Summary } from "./types.js";

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
  return `${DOCS_URL}#${code.toLowerCase()}`;
}

/** A finding as every JSON document shows it (check --format json, deploy --json). */
export function findingJson(f: Finding) {
  return {
    code: f.code,
    rule: ruleOf(f.code),
    severity: f.severity,
    message: formatMessage(f),
    file: f.at.file,
    line: f.at.line,
    column: f.at.column,
    hint: formatHint(f) ?? null,
    docs: docsUrl(f.code),
    args: f.args,
    related: f.related ?? [],
  };
}

/** A path relative to cwd (when it is absolute) with forward slashes, as CI tools want. */
export function relPosix(file: string, cwd: string): string {
  const rel = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return rel.split(path.sep).join("/").replace(/\\/g, "/");
}

/**
 * A finding's file as CI wants it: relative to the repository root with forward slashes, or
 * absolute when it lies outside the root (the runner then still maps it).
 */
export function ciPath(file: string, opts: RenderOptions): string {
  const cwd = opts.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const rel = path.relative(opts.repoRoot ?? cwd, absolute);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return absolute.split(path.sep).join("/");
  return rel.split(path.sep).join("/");
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
