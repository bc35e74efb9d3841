import { parseDocument, isMap, isSeq, isScalar, isPair, visit, type Node, type Document } from "yaml";
import type { z } from "zod";
import type { Diagnostic, Pos } from "../diagnostics.js";
import { LineIndex } from "../positions.js";
import { CODES, type Code } from "../rules/codes.js";
import { suggest } from "../suggest.js";
import { knownKeys, manifestSchema, type Manifest } from "./schema.js";

type Path = readonly (string | number)[];

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
  diagnostics: Diagnostic[];
}

/** Parse and validate falpub.yaml text. Pure: the caller reads the file. */
export function loadManifest(text: string, file: string): LoadedManifest {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  // Positions from the text itself: yaml's LineCounter skips newlines after some stream
  // errors, which put findings on the wrong line.
  const lines = new LineIndex(text);
  const at = (offset: number): Pos => lines.pos(offset);
  const diagnostics: Diagnostic[] = [];
  const finding = (code: Code, pos: Pos, message: string, hint?: string) =>
    diagnostics.push({ code, severity: CODES[code].severity, message, file, ...pos, line: pos.line, column: pos.column, hint });

  const pos = (path: Path, which: "key" | "value" = "key"): Pos => {
    const found = locate(doc, path);
    const node = which === "value" ? (found.value ?? found.key) : (found.key ?? found.value);
    return node?.range ? at(node.range[0]) : { line: 1, column: 1 };
  };
  const empty: LoadedManifest = { file, manifest: {}, pos, diagnostics };

  for (const error of doc.errors) {
    const where = at(error.pos[0]);
    if (error.code === "DUPLICATE_KEY") {
      finding("FP002", where, "This key appears twice in the same mapping.", "Keep one of them; YAML would silently use only one.");
    } else {
      finding("FP001", where, `Invalid YAML: ${firstLine(error.message)}`, "Fix the YAML syntax at this position.");
    }
  }
  if (doc.errors.length > 0) return empty;

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    finding("FP006", { line: 1, column: 1 }, "The manifest is empty.", "Run `falpub init` to write one, or see the manifest reference in the README.");
    return empty;
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved aliases (`*x` before `&x`) and alias bombs only surface here, as exceptions.
    let where = pos([], "value");
    visit(doc, { Alias: (_, node) => (!node.resolve(doc) && node.range ? ((where = at(node.range[0])), visit.BREAK) : undefined) });
    finding("FP001", where, `Invalid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`, "Define the anchor (`&name`) before using the alias (`*name`), and do not nest aliases deeply.");
    return empty;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    finding("FP004", pos([], "value"), "The manifest must be a mapping of keys (version, app, billing, …).", "See the manifest reference in the README.");
    return empty;
  }

  const result = manifestSchema.safeParse(raw);
  if (result.success) return { file, manifest: result.data, pos, diagnostics };

  const data = structuredClone(raw) as Record<string, unknown>;
  for (const issue of result.error.issues) {
    for (const d of describeIssue(issue, raw, pos)) finding(d.code, d.pos, d.message, d.hint);
    // Drop what failed so that rules see only typed values.
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) removeAt(data, [...issue.path, key] as Path);
    else if (issue.path.length > 0) removeAt(data, issue.path as Path);
  }
  return { file, manifest: data as PartialManifest, pos, diagnostics };
}

interface Described {
  code: Code;
  pos: Pos;
  message: string;
  hint?: string;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, pos: LoadedManifest["pos"]): Described[] {
  const path = issue.path as Path;
  const name = dotted(path);
  if (issue.code !== "unrecognized_keys" && valueAt(raw, path) === undefined) return [missing(path, pos)];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        const guess = suggest(key, knownKeys(path));
        return {
          code: "FP003" as const,
          pos: pos(keyPath),
          message: `Unknown key \`${dotted(keyPath)}\`.` + (guess ? ` Did you mean \`${guess}\`?` : ""),
          hint: guess ? `Rename it to \`${guess}\`.` : `Known keys here: ${knownKeys(path).join(", ") || "none"}.`,
        };
      });
    case "invalid_type":
      return [{ code: "FP004", pos: pos(path, "value"), message: `\`${name}\` must be ${article(issue.expected)}, not ${describe(valueAt(raw, path))}.`, hint: hintFor(path) }];
    case "invalid_value": {
      if (name === "version") {
        return [{ code: "FP007", pos: pos(path, "value"), message: `Manifest version ${JSON.stringify(valueAt(raw, path))} is not supported; this falpub reads version 1.`, hint: "Set `version: 1`, or upgrade falpub." }];
      }
      const allowed = issue.values.map((v) => String(v));
      const given = String(valueAt(raw, path));
      const guess = suggest(given, allowed);
      return [{
        code: "FP004",
        pos: pos(path, "value"),
        message: `\`${name}\` is ${JSON.stringify(valueAt(raw, path))}; expected one of: ${allowed.join(", ")}.` + (guess ? ` Did you mean \`${guess}\`?` : ""),
        hint: hintFor(path),
      }];
    }
    default:
      return [{ code: "FP004", pos: pos(path, "value"), message: `\`${name}\`: ${issue.message}.`, hint: hintFor(path) }];
  }
}

/** A missing key: some have their own code because they are the point of publishing. */
function missing(path: Path, pos: LoadedManifest["pos"]): Described {
  const name = dotted(path);
  const parent = path.slice(0, -1);
  const where = parent.length ? pos(parent) : { line: 1, column: 1 };
  if (name === "app.auth") {
    return { code: "FP101", pos: where, message: "`app.auth` is missing; Marketplace apps must be deployed with auth mode `shared`.", hint: "Add `auth: shared` under `app:`." };
  }
  if (name === "billing" || name === "billing.strategy") {
    return { code: "FP201", pos: where, message: "No billing strategy is declared; the Marketplace bills callers per unit the app reports.", hint: "Add `billing:` with `strategy:` one of per_image, per_megapixel, per_video_second, per_text_chunk, per_request, gpu_seconds." };
  }
  return { code: "FP005", pos: where, message: `\`${name}\` is required.`, hint: hintFor(path) };
}

function hintFor(path: Path): string {
  return `See \`${dotted(path.filter((p) => typeof p === "string"))}\` in the manifest reference (README).`;
}

function dotted(path: Path): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[");
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
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

/** The key node and value node at a path in the YAML document, as far as it exists. */
function locate(doc: Document, path: Path): { key?: Node; value?: Node } {
  let node: unknown = doc.contents;
  let found: { key?: Node; value?: Node } = { value: doc.contents ?? undefined };
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) return found;
      found = { key: pair.key as Node, value: (pair.value as Node) ?? undefined };
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number" && node.items[part]) {
      found = { value: node.items[part] as Node };
      node = node.items[part];
    } else {
      return found;
    }
  }
  return found;
}
