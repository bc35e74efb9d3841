/** A finding is data; words for humans are added by the renderers in src/report/. */
export type Severity = "error" | "warning" | "info";

/** 1-based line and column, as editors and SARIF count them. */
export interface Pos {
  line: number;
  column: number;
}

export interface Diagnostic {
  /** Stable code, e.g. "FP101"; documented in src/rules/codes.ts and the README. */
  code: string;
  severity: Severity;
  message: string;
  /** Path as the user would type it (relative to the cwd where possible). */
  file: string;
  line: number;
  column: number;
  /** What to do about it. */
  hint?: string;
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sort by file, then position, then code: the order every renderer shows. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code),
  );
}
