import { CODES, type Code, type Severity } from "./codes.js";
import type { ArgsOf } from "./messages.js";

export type { Code, Severity } from "./codes.js";

/** 1-based line and column, as editors and SARIF count them. */
export interface Pos {
  line: number;
  column: number;
}

/** Where a finding is: the path as the user would type it (relative to the cwd where possible). */
export interface Location extends Pos {
  file: string;
}

/** Another place that matters to a finding, e.g. the manifest line a class attribute disagrees with. */
export interface Related extends Location {
  /** What that place is, in a few words ("manifest app.auth"). */
  role: string;
}

/**
 * A finding is data: a code, its severity, where, and the arguments its words are made of.
 * The words come from src/core/messages.ts (formatMessage / formatHint).
 */
export interface Finding {
  code: Code;
  severity: Severity;
  at: Location;
  args: Record<string, unknown>;
  related?: Related[];
}

/** THE finding builder: the code's registered severity (codes.ts), args typed per code (messages.ts). */
export function finding<C extends Code>(code: C, at: Location, args: ArgsOf<C>, related?: Related[]): Finding {
  const f: Finding = { code, severity: CODES[code].severity, at: { file: at.file, line: at.line, column: at.column }, args: args as Record<string, unknown> };
  if (related?.length) f.related = related;
  return f;
}

/** A location from a file and a position. */
export const locate = (file: string, pos: Pos): Location => ({ file, line: pos.line, column: pos.column });

/** A related location from a file, a position and its role. */
export const relate = (file: string, pos: Pos, role: string): Related => ({ file, line: pos.line, column: pos.column, role });

/** Sort by file, then position, then code: the order every renderer shows. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort((a, b) => a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line || a.at.column - b.at.column || a.code.localeCompare(b.code));
}
