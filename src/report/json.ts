import { envelope, jsonText } from "../core/envelope.js";
import { findingJson, ruleOf, summarize } from "./common.js";
import type { CheckResult, RenderOptions } from "./types.js";

/** One JSON document for machines; its shape changes only with schemaVersion (added fields keep it). */
export function renderJson(results: CheckResult[], opts: RenderOptions): string {
  const doc = envelope(opts.toolVersion, {
    results: results.map((r) => ({
      manifest: r.manifest,
      appName: r.appName ?? null,
      diagnostics: r.diagnostics.map(findingJson),
      suppressed: (r.suppressed ?? []).map((s) => ({
        code: s.code,
        rule: ruleOf(s.code),
        reason: s.reason,
        file: s.file,
        line: s.line,
      })),
      ...(r.preview ? { preview: r.preview } : {}),
    })),
    summary: summarize(results),
  });
  return jsonText(doc);
}
