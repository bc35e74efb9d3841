import type { z } from "zod";
import { finding as build, type Finding, type Location } from "../core/findings.js";
import { suggest } from "../suggest.js";
import type { Explain, LoadedManifest, PartialManifest, Path } from "./load.js";
import { knownKeys, manifestSchema } from "./schema.js";

/**
 * Why a manifest breaks the schema, by zod: the findings (FP003–FP005, FP007, FP011, FP012,
 * FP101, FP201) and the values that passed. Loaded only for a manifest validate.ts rejects
 * (commands/disk.ts imports it on demand), so zod stays off the path of a valid one.
 */
export const explainManifest: Explain = (given, pos, file) => {
  const raw = withoutBinary(given) as typeof given;
  const result = manifestSchema.safeParse(raw);
  // validate.ts and zod agree (a differential test holds them equal); zod has the last word.
  if (result.success) return { manifest: result.data, diagnostics: [] };
  const diagnostics: Finding[] = [];
  const data = structuredClone(raw);
  for (const issue of result.error.issues) {
    diagnostics.push(...describeIssue(issue, given, pos, file));
    // Drop what failed so that rules see only typed values.
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) removeAt(data, [...issue.path, key] as Path);
    else if (issue.path.length > 0) removeAt(data, issue.path as Path);
  }
  return { manifest: data as PartialManifest, diagnostics };
};

/** The findings for one schema issue; did-you-mean goes into the args as `suggestion`. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, pos: LoadedManifest["pos"], file: string): Finding[] {
  const path = issue.path as Path;
  const name = dotted(path);
  const at = (p: Path, which?: "key" | "value") => ({ file, ...pos(p, which) });
  const docKey = docKeyOf(path);
  if (issue.code !== "unrecognized_keys" && valueAt(raw, path) === undefined) return [missing(path, at)];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        return build("FP003", at(keyPath), { path: dotted(keyPath), suggestion: suggest(key, knownKeys(path)), known: [...knownKeys(path)] });
      });
    case "invalid_type":
      return [build("FP004", at(path, "value"), { path: name, docKey, expected: issue.expected, actual: describe(valueAt(raw, path)) })];
    case "invalid_value": {
      if (name === "version") return [build("FP007", at(path, "value"), { given: JSON.stringify(valueAt(raw, path)) })];
      const allowed = issue.values.map((v) => String(v));
      const suggestion = suggest(String(valueAt(raw, path)), allowed);
      return [build("FP011", at(path, "value"), { path: name, docKey, given: JSON.stringify(valueAt(raw, path)), allowed, suggestion })];
    }
    default:
      return [build("FP012", at(path, "value"), { path: name, docKey, problem: issue.message })];
  }
}

/** A missing key: some have their own code because they are the point of publishing. */
function missing(path: Path, at: (p: Path) => Location): Finding {
  const name = dotted(path);
  const parent = path.slice(0, -1);
  const where = parent.length ? at(parent) : { ...at([]), line: 1, column: 1 };
  if (name === "app.auth") return build("FP101", where, {});
  if (name === "billing" || name === "billing.strategy") return build("FP201", where, {});
  return build("FP005", where, { path: name, docKey: docKeyOf(path) });
}

/** The key as the README's manifest reference names it (no list indexes). */
function docKeyOf(path: Path): string {
  return dotted(path.filter((p) => typeof p === "string"));
}

function dotted(path: Path): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (ArrayBuffer.isView(value)) return `binary data (!!binary, ${value.byteLength} bytes)`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}


function valueAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

function removeAt(root: Record<string, unknown>, path: Path): void {
  const parent = valueAt(root, path.slice(0, -1));
  if (parent && typeof parent === "object") delete (parent as Record<string | number, unknown>)[path[path.length - 1]];
}

/**
 * YAML's `!!binary` gives a Uint8Array, which zod would read as a mapping with keys "0", "1", …
 * (a finding per byte). No typed manifest field takes binary data: zod sees null there, so the
 * field gets one wrong-type finding (which describes the original value).
 */
function withoutBinary(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return null;
  if (Array.isArray(value)) return value.map(withoutBinary);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBinary(v)]));
  return value;
}
