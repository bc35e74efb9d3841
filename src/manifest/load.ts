import type { Finding, Pos } from "../core/findings.js";
import { SlowPartMissing } from "../core/slow-parts.js";
import { parseSimpleYaml } from "./fast-yaml.js";
import type { Manifest } from "./schema.js";
import { validateManifest } from "./validate.js";

export type Path = readonly (string | number)[];

/** Any part of a manifest may be missing or dropped for being invalid; rules must cope. */
export type PartialManifest = {
  [K in keyof Manifest]?: Manifest[K] extends object ? Partial<Manifest[K]> : Manifest[K];
};

export interface LoadedManifest {
  file: string;
  /** Values that passed validation; invalid ones are dropped so rules only see typed data. */
  manifest: PartialManifest;
  /** Where a key (or, with "value", its value) is written; falls back to the nearest parent. */
  pos(path: Path, which?: "key" | "value"): Pos;
  diagnostics: Finding[];
}

/** The text by the yaml library (yaml-parse.ts): the mapping, or none with the findings that say why. */
export type ParseYaml = (text: string, file: string) => { raw?: Record<string, unknown>; pos: LoadedManifest["pos"]; diagnostics: Finding[] };

/** The schema findings for a manifest the fast validator rejected, and its values that are valid (explain.ts). */
export type Explain = (raw: Record<string, unknown>, pos: LoadedManifest["pos"], file: string) => { manifest: PartialManifest; diagnostics: Finding[] };

/** The manifest loader's slow parts (core/slow-parts.ts). */
export interface SlowParts {
  parseYaml?: ParseYaml;
  explain?: Explain;
}

const installed: SlowParts = {};

/** Install parts for every later loadManifest (undefined uninstalls: tests). */
export function useSlowParts(parts: SlowParts): void {
  for (const key of Object.keys(parts) as Array<keyof SlowParts>) (installed as Record<string, unknown>)[key] = parts[key];
}

export const slowPartLoaded = (part: keyof SlowParts): boolean => installed[part] !== undefined;

/** Parse and validate falpub.yaml text. Pure but for the installed parts: the caller reads the file. */
export function loadManifest(text: string, file: string, parts: SlowParts = installed): LoadedManifest {
  // A plain manifest needs no yaml: the fast parser answers only where yaml gives the same value
  // and positions with nothing to report (test/property/fast-yaml.property.test.ts).
  const fast = parseSimpleYaml(text);
  let parsed: ReturnType<ParseYaml>;
  if (fast) parsed = { raw: fast.value as Record<string, unknown>, pos: fast.pos, diagnostics: [] };
  else if (parts.parseYaml) parsed = parts.parseYaml(text, file);
  else throw new SlowPartMissing("parseYaml", file);
  const { raw, pos, diagnostics } = parsed;
  if (!raw) return { file, manifest: {}, pos, diagnostics };

  const valid = validateManifest(raw);
  if (valid) return { file, manifest: valid, pos, diagnostics };
  if (!parts.explain) throw new SlowPartMissing("explain", file);
  const explained = parts.explain(raw, pos, file);
  return { file, manifest: explained.manifest, pos, diagnostics: [...diagnostics, ...explained.diagnostics] };
}
