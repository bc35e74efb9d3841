import { renderConcise } from "./concise.js";
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { renderPretty } from "./pretty.js";
import { renderSarif } from "./sarif.js";
import type { CheckResult, RenderOptions, ReportFormat } from "./types.js";

export { REPORT_FORMATS } from "../core/vocabulary.js";

export { summarize, docsUrl, findingJson, plural } from "./common.js";
export type { CheckResult, RenderOptions, ReportFormat, Summary, Suppressed } from "./types.js";

/** Render every checked app's findings in one format; the result is what goes to stdout. */
export function render(format: ReportFormat, results: CheckResult[], opts: RenderOptions): string {
  switch (format) {
    case "pretty":
      return renderPretty(results, opts);
    case "concise":
      return renderConcise(results, opts);
    case "json":
      return renderJson(results, opts);
    case "github":
      return renderGithub(results, opts);
    case "sarif":
      return renderSarif(results, opts);
  }
}
