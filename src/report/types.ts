import type { Finding } from "../core/findings.js";
import type { Suppressed } from "../rules/index.js";

export type { ReportFormat } from "../core/vocabulary.js";
export type { Suppressed } from "../rules/index.js";

/** What `falpub check` found for one app (one manifest). */
export interface CheckResult {
  /** Path of the manifest as shown to the user. */
  manifest: string;
  appName?: string;
  /** Already sorted, severities already final (--strict applied). */
  diagnostics: Finding[];
  /** Findings silenced by the manifest's `ignore` list. */
  suppressed?: Suppressed[];
}

export interface RenderOptions {
  color: boolean;
  strict: boolean;
  toolVersion: string;
  /** Base for relative paths and SARIF's %SRCROOT%; defaults to process.cwd(). */
  cwd?: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}
