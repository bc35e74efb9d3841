import type { AST } from "toml-eslint-parser";
import type { Pos } from "../core/findings.js";

/**
 * A TOML document as nested tables, arrays and scalars, where every entry remembers where
 * its key and its value are written. Built from toml-eslint-parser's AST, which keeps
 * locations but leaves the merging of `[a.b]` headers, dotted keys and `[[a]]` to us.
 */
export type ScalarType = "str" | "int" | "float" | "bool" | "datetime";
export type TomlNode =
  | { kind: "table"; entries: Map<string, Entry> }
  | { kind: "array"; items: Entry[] }
  | { kind: "scalar"; type: ScalarType; value: string | number | boolean | Date; text: string };

export interface Entry {
  node: TomlNode;
  /** Position of the key (for array items: of the item). */
  pos: Pos;
  /** Position of the value (for `[table]` headers: of the `[`). */
  valuePos: Pos;
}

/** toml-eslint-parser columns are 0-based; ours are 1-based. */
export function toPos(p: { line: number; column: number }): Pos {
  return { line: p.line, column: p.column + 1 };
}

const newTable = (): TomlNode & { kind: "table" } => ({ kind: "table", entries: new Map() });

function keyName(part: AST.TOMLBare | AST.TOMLQuoted): string {
  return part.type === "TOMLBare" ? part.name : part.value;
}

/** The table under `name`, created if missing; an array of tables yields its last table. */
function childTable(parent: TomlNode & { kind: "table" }, name: string, pos: Pos): TomlNode & { kind: "table" } {
  const existing = parent.entries.get(name);
  if (existing?.node.kind === "table") return existing.node;
  if (existing?.node.kind === "array") {
    const last = existing.node.items.at(-1)?.node;
    if (last?.kind === "table") return last;
  }
  // The parser rejected conflicting definitions already; anything else is a fresh table.
  const t = newTable();
  if (!existing) parent.entries.set(name, { node: t, pos, valuePos: pos });
  return t;
}

function convert(v: AST.TOMLContentNode): TomlNode {
  if (v.type === "TOMLArray") {
    return {
      kind: "array",
      items: v.elements.map((e) => ({ node: convert(e), pos: toPos(e.loc.start), valuePos: toPos(e.loc.start) })),
    };
  }
  if (v.type === "TOMLInlineTable") {
    const t = newTable();
    for (const kv of v.body) insertKeyValue(t, kv);
    return t;
  }
  const text = v.kind === "integer" ? v.bigint.toString() : v.kind === "float" ? v.number : String(v.value);
  switch (v.kind) {
    case "string":
      return { kind: "scalar", type: "str", value: v.value, text };
    case "integer":
      return { kind: "scalar", type: "int", value: v.value, text };
    case "float":
      return { kind: "scalar", type: "float", value: v.value, text };
    case "boolean":
      return { kind: "scalar", type: "bool", value: v.value, text };
    default:
      return { kind: "scalar", type: "datetime", value: v.value, text: v.datetime };
  }
}

function insertKeyValue(table: TomlNode & { kind: "table" }, kv: AST.TOMLKeyValue): void {
  const parts = kv.key.keys;
  let t = table;
  for (const part of parts.slice(0, -1)) t = childTable(t, keyName(part), toPos(part.loc.start));
  const last = parts[parts.length - 1]!;
  t.entries.set(keyName(last), { node: convert(kv.value), pos: toPos(last.loc.start), valuePos: toPos(kv.value.loc.start) });
}

/** Build the tree for a parsed program. */
export function buildTree(program: AST.TOMLProgram): TomlNode & { kind: "table" } {
  const root = newTable();
  for (const item of program.body[0].body) {
    if (item.type === "TOMLKeyValue") {
      insertKeyValue(root, item);
      continue;
    }
    let current: TomlNode & { kind: "table" };
    const parts = item.key.keys;
    let t = root;
    for (const part of parts.slice(0, -1)) t = childTable(t, keyName(part), toPos(part.loc.start));
    const last = parts[parts.length - 1]!;
    const name = keyName(last);
    const pos = toPos(last.loc.start);
    const valuePos = toPos(item.loc.start);
    if (item.kind === "standard") {
      const existing = t.entries.get(name);
      if (existing?.node.kind === "table") {
        // Defined implicitly before (e.g. by [a.b.c] before [a.b]): the header is the better place.
        existing.pos = pos;
        existing.valuePos = valuePos;
        current = existing.node;
      } else {
        current = newTable();
        t.entries.set(name, { node: current, pos, valuePos });
      }
    } else {
      let arr = t.entries.get(name);
      if (arr?.node.kind !== "array") {
        arr = { node: { kind: "array", items: [] }, pos, valuePos };
        t.entries.set(name, arr);
      }
      current = newTable();
      (arr.node as TomlNode & { kind: "array" }).items.push({ node: current, pos, valuePos });
    }
    // A table's own key/values hang under its header node.
    for (const kv of item.body) insertKeyValue(current, kv);
  }
  return root;
}

/** The plain JS value of a node (tables become objects). */
export function toPlain(node: TomlNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "array") return node.items.map((i) => toPlain(i.node));
  const out: Record<string, unknown> = {};
  for (const [k, e] of node.entries) out[k] = toPlain(e.node);
  return out;
}

const pyStr = (s: string) =>
  s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** Roughly Python's repr() of the value tomli would produce, so messages match fal's. */
export function pyRepr(node: TomlNode): string {
  if (node.kind === "array") return `[${node.items.map((i) => pyRepr(i.node)).join(", ")}]`;
  if (node.kind === "table") {
    return `{${[...node.entries].map(([k, e]) => `${pyStr(k)}: ${pyRepr(e.node)}`).join(", ")}}`;
  }
  switch (node.type) {
    case "str":
      return pyStr(node.value as string);
    case "bool":
      return node.value ? "True" : "False";
    case "float": {
      const v = node.value as number;
      if (Number.isNaN(v)) return "nan";
      if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
      return Number.isInteger(v) && Math.abs(v) < 1e16 ? v.toFixed(1) : String(v);
    }
    default:
      return node.text;
  }
}
