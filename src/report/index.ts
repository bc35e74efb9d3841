import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { renderPretty } from "./pretty.js";
import { renderSarif } from "./sarif.js";
import type { CheckResult, RenderOptions, ReportFormat } from "./types.js";

export { summarize, docsUrl } from "./common.js";
export type { CheckResult, RenderOptions, ReportFormat, Summary, Suppressed } from "./types.js";

export const REPORT_FORMATS: readonly ReportFormat[] = ["pretty", "json", "github", "sarif"];

/** Render every checked app's findings in one format; the result is what goes to stdout. */
export function render(format: ReportFormat, results: CheckResult[], opts: RenderOptions): string {
  switch (format) {
    case "pretty":
      return renderPretty(results, opts);
    case "json":
      return renderJson(results, opts);
    case "github":
      return renderGithub(results, opts);
    case "sarif":
      return renderSarif(results, opts);
  }
}
