import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from "yaml";
import { parseSimpleYaml } from "../../src/manifest/fast-yaml.js";
import { LineIndex } from "../../src/positions.js";

/*
 * The reference for src/manifest/fast-yaml.ts: what load.ts does with yaml up to validation,
 * and the comparison of a fast answer with it (used by its unit and property tests).
 */

export type Path = (string | number)[];
export const OPTIONS = { uniqueKeys: false, prettyErrors: false, logLevel: "error" } as const;

/** What load.ts does with yaml, up to validation. */
export function reference(text: string) {
  const doc = parseDocument(text, OPTIONS);
  const problems: string[] = [...doc.errors, ...doc.warnings].map((e) => e.code);
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) problems.push("COLLECTION_KEY");
        else if (seen.has(pair.key.value) && !Number.isNaN(pair.key.value)) problems.push("DUPLICATE_KEY");
        seen.add(isScalar(pair.key) ? pair.key.value : pair.key);
      }
    },
  });
  if (!isMap(doc.contents)) problems.push("NOT_A_MAPPING");
  if (problems.length) return { problems };
  const lines = new LineIndex(text);
  const at = (node: Node | undefined) => (node?.range ? lines.pos(node.range[0]) : { line: 1, column: 1 });
  // load.ts's pos() from locate()'s state at a path: both ends at once.
  const pos = ({ found }: Located) => ({ key: at(found.key ?? found.value), value: at(found.value ?? found.key) });
  return { problems, value: doc.toJS({ maxAliasCount: 100 }) as unknown, pos, root: start(doc) };
}

/** load.ts's locate() as a fold over the path: `start`, then `step` per part (the loop's body, unchanged). */
type Located = { node: unknown; found: { key?: Node; value?: Node }; done: boolean };
const start = (doc: Document): Located => ({ node: doc.contents, found: { value: doc.contents ?? undefined }, done: false });
function step(state: Located, part: string | number): Located {
  if (state.done) return state;
  const { node, found } = state;
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
    if (!pair) return { node, found, done: true };
    return { node: pair.value, found: { key: pair.key as Node, value: (pair.value as Node) ?? undefined }, done: false };
  } else if (isSeq(node) && typeof part === "number" && node.items[part]) {
    return { node: node.items[part], found: { value: node.items[part] as Node }, done: false };
  }
  return { node, found, done: true };
}

/** The first difference between two toJS values, or undefined; Object.is on scalars, key order on objects. */
export function difference(a: unknown, b: unknown, at = "$"): string | undefined {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b) ? undefined : `${at}: ${String(a)} (${typeof a}) vs ${String(b)} (${typeof b})`;
  }
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: kinds differ`;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.join("\0") !== kb.join("\0")) return `${at}: keys ${JSON.stringify(ka.map(String))} vs ${JSON.stringify(kb.map(String))}`;
  for (const k of ka) {
    const d = difference((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k], `${at}.${String(k)}`);
    if (d) return d;
  }
  return undefined;
}

/**
 * Every path in a value, and beside each some that are missing or run through a scalar, each
 * with locate()'s state there: one step from its parent's (paths come parent first).
 */
export function paths(value: unknown, state: Located, prefix: Path = [], out: Array<[Path, Located]> = [[[], state]]): Array<[Path, Located]> {
  const add = (part: string | number, v?: unknown, deeper = false) => {
    const path = [...prefix, part];
    const next = step(state, part);
    out.push([path, next]);
    if (deeper) paths(v, next, path, out);
  };
  if (Array.isArray(value)) {
    for (const part of [value.length, "0", -1]) add(part);
    value.forEach((v, i) => add(i, v, true));
  } else if (typeof value === "object" && value !== null) {
    for (const part of ["missing", 0, 1]) add(part);
    for (const [k, v] of Object.entries(value)) {
      add(k, v, true);
      if (/^\d+$/.test(k)) add(Number(k));
    }
  } else if (prefix.length) {
    for (const part of ["below", 0]) add(part);
  }
  return out;
}

export const stats = { fast: 0, fallback: 0 };

/** The property: a fast answer is yaml's answer. Returns whether the fast path answered. */
export function agrees(text: string): boolean {
  const fast = parseSimpleYaml(text);
  if (!fast) {
    stats.fallback++;
    return false;
  }
  stats.fast++;
  const ref = reference(text);
  if (ref.problems.length) throw new Error(`fast path answered where yaml reports ${ref.problems.join(", ")}:\n${JSON.stringify(text)}`);
  const diff = difference(fast.value, ref.value);
  if (diff) throw new Error(`values differ at ${diff}:\n${JSON.stringify(text)}`);
  for (const [path, state] of paths(ref.value, ref.root!)) {
    const want = ref.pos!(state);
    for (const which of ["key", "value"] as const) {
      const got = fast.pos(path, which);
      if (got.line !== want[which].line || got.column !== want[which].column) {
        throw new Error(`pos(${JSON.stringify(path)}, ${which}): ${got.line}:${got.column} vs yaml ${want[which].line}:${want[which].column}:\n${JSON.stringify(text)}`);
      }
    }
  }
  return true;
}

