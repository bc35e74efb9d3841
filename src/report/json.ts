import { docsUrl, ruleOf, summarize } from "./common.js";
import type { CheckResult, RenderOptions } from "./types.js";

/** One JSON document for machines; its shape changes only with schemaVersion. */
export function renderJson(results: CheckResult[], opts: RenderOptions): string {
  const doc = {
    schemaVersion: 1,
    tool: { name: "falpub", version: opts.toolVersion },
    results: results.map((r) => ({
      manifest: r.manifest,
      appName: r.appName ?? null,
      diagnostics: r.diagnostics.map((d) => ({
        code: d.code,
        rule: ruleOf(d.code),
        severity: d.severity,
        message: d.message,
        file: d.file,
        line: d.line,
        column: d.column,
        hint: d.hint ?? null,
        docs: docsUrl(d.code),
      })),
      suppressed: (r.suppressed ?? []).map((s) => ({
        code: s.code,
        rule: ruleOf(s.code),
        reason: s.reason,
        file: s.file,
        line: s.line,
      })),
    })),
    summary: summarize(results),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
