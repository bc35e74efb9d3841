import type { Finding } from "../core/findings.js";
import type { Suppressed } from "../rules/index.js";

export type { ReportFormat } from "../core/vocabulary.js";
export type { Suppressed } from "../rules/index.js";
import type { PreviewRow } from "../rules/billing-preview.js";

/** What `falpub check` found for one app (one manifest). */
export interface CheckResult {
  /** Path of the manifest as shown to the user. */
  manifest: string;
  appName?: string;
  /** Already sorted, severities already final (--strict applied). */
  diagnostics: Finding[];
  /** Findings silenced by the manifest's `ignore` list. */
  suppressed?: Suppressed[];
  /** `check --preview`: units and price per endpoint and billing example. */
  preview?: PreviewRow[];
}

export interface RenderOptions {
  color: boolean;
  strict: boolean;
  toolVersion: string;
  /** Base for relative paths; defaults to process.cwd(). */
  cwd?: string;
  /**
   * Base for the paths CI reads (GitHub annotations, SARIF's %SRCROOT%): the repository root
   * (or GITHUB_WORKSPACE), so a step with `working-directory:` still annotates the right file.
   * Defaults to cwd.
   */
  repoRoot?: string;
  /** Columns the pretty output wraps to (the terminal's width; 80 off a terminal). */
  columns?: number;
  /** The text of a checked file (as named in findings), for SARIF fingerprints that survive line shifts. */
  sourceText?: (file: string) => string | undefined;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}
