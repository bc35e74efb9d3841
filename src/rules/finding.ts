import type { Diagnostic, Pos } from "../diagnostics.js";
import { CODES, type Code } from "./codes.js";

/** Build a finding with the code's registered severity (decided in one place: codes.ts). */
export function finding(code: Code, file: string, pos: Pos, message: string, hint?: string): Diagnostic {
  return { code, severity: CODES[code].severity, message, file, line: pos.line, column: pos.column, hint };
}

/** "app.py:12" — how a rule names the other place in a disagreement. */
export function where(file: string, pos: Pos): string {
  return `${file}:${pos.line}`;
}
