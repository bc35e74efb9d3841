import type { Finding, Pos } from "../core/findings.js";

/** A value from [tool.fal.apps.<name>] with where it is written. */
export interface TomlValue {
  value: unknown;
  /** Position of the key. */
  pos: Pos;
  /** Position of the value. */
  valuePos: Pos;
}

export interface PyprojectApp {
  /** The table key: [tool.fal.apps.<name>]. */
  tableName: string;
  pos: Pos;
  keys: Record<string, TomlValue>;
}

export interface PyprojectFacts {
  /** Absent when the file has no [tool.fal.apps] table. */
  apps: PyprojectApp[];
  /** Problems found the way `fal deploy` would find them (but all at once, with positions). Codes FP8xx. */
  diagnostics: Finding[];
}
