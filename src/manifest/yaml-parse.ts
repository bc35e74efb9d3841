import { parseDocument, isMap, isSeq, isScalar, isPair, visit, type Node, type Document, type YAMLError } from "yaml";
import type { Code } from "../core/codes.js";
import { finding as build, type Finding, type Pos } from "../core/findings.js";
import type { ArgsOf } from "../core/messages.js";
import { LineIndex } from "../positions.js";
import type { LoadedManifest, ParseYaml, Path } from "./load.js";

/**
 * falpub.yaml by the yaml library: syntax errors, duplicate and collection keys, an empty or
 * non-mapping document as findings, and positions from yaml's nodes. Loaded only for a manifest
 * fast-yaml.ts does not take (commands/disk.ts imports it on demand): yaml costs ~10 ms to
 * import and ~9 ms for its first parse.
 */
export const parseYamlManifest: ParseYaml = (text, file) => {
  // yaml's uniqueKeys compares each key with every earlier one (quadratic: a 10 MB manifest took
  // 13 min); withDuplicateKeys() finds the same duplicates with one Set per mapping.
  // logLevel "error": yaml's warnings (e.g. a mapping used as a key) would reach stderr as Node warnings.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: "error" });
  const errors = withDuplicateKeys(doc);
  // Positions from the text itself: yaml's LineCounter skips newlines after some stream
  // errors, which put findings on the wrong line.
  const lines = new LineIndex(text);
  const at = (offset: number): Pos => lines.pos(offset);
  const diagnostics: Finding[] = [];
  const finding = <C extends Code>(code: C, pos: Pos, args: ArgsOf<C>) => diagnostics.push(build(code, { file, ...pos }, args));

  const pos: LoadedManifest["pos"] = (path: Path, which: "key" | "value" = "key"): Pos => {
    const found = locate(doc, path);
    const node = which === "value" ? (found.value ?? found.key) : (found.key ?? found.value);
    return node?.range ? at(node.range[0]) : { line: 1, column: 1 };
  };
  const empty = { pos, diagnostics };

  for (const error of errors) {
    const where = at(error.pos[0]);
    if (error.code === "DUPLICATE_KEY") {
      finding("FP002", where, {});
    } else if (error.code === "MISSING_CHAR" && /quote/.test(error.message)) {
      // yaml reports an unclosed quote where the file ends; the person needs where it opens.
      const opened = quoteOpening(doc, error.pos[0]);
      finding("FP001", opened === undefined ? where : at(opened), { detail: `${firstLine(error.message)}: this string is never closed`, alias: false });
    } else {
      finding("FP001", where, { detail: firstLine(error.message), alias: false });
    }
  }
  if (errors.length > 0) return empty;
  for (const key of dropCollectionKeys(doc, text)) {
    finding("FP004", at(key.offset), { path: key.path, docKey: key.parent || "version", expected: "plain key name", actual: key.actual });
  }

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    finding("FP006", { line: 1, column: 1 }, {});
    return empty;
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved aliases (`*x` before `&x`) and alias bombs only surface here, as exceptions.
    let where = pos([], "value");
    visit(doc, { Alias: (_, node) => (!node.resolve(doc) && node.range ? ((where = at(node.range[0])), visit.BREAK) : undefined) });
    finding("FP001", where, { detail: firstLine(error instanceof Error ? error.message : String(error)), alias: true });
    return empty;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    finding("FP016", pos([], "value"), {});
    return empty;
  }

  return { raw: raw as Record<string, unknown>, pos, diagnostics };
};

/** doc.errors plus a DUPLICATE_KEY error per repeated key, where uniqueKeys: true reports them (reports sort them). */
function withDuplicateKeys(doc: Document): Array<Pick<YAMLError, "code" | "message" | "pos">> {
  const dups: Array<Pick<YAMLError, "code" | "message" | "pos">> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // yaml's own test: the same key node, or scalars whose values are === (so NaN never repeats).
        const key = pair.key;
        const id = isScalar(key) ? key.value : key;
        if (Number.isNaN(id)) continue;
        if (seen.has(id) && isNode(key)) dups.push({ code: "DUPLICATE_KEY", message: "Map keys must be unique", pos: [key.range![0], key.range![0] + 1] });
        seen.add(id);
      }
    },
  });
  return dups.length === 0 ? doc.errors : [...doc.errors, ...dups];
}

const isNode = (key: unknown): key is Node => typeof key === "object" && key !== null && "range" in key && Array.isArray((key as Node).range);

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** Where the quoted scalar that runs into `offset` opens. */
function quoteOpening(doc: Document, offset: number): number | undefined {
  let opened: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      if (quoted && node.range && node.range[0] <= offset && offset <= node.range[2]) opened = node.range[0];
    },
  });
  return opened;
}

/** Remove pairs whose key is a collection (JS objects cannot hold them): where each was and what. */
function dropCollectionKeys(doc: Document, text: string): Array<{ offset: number; path: string; parent: string; actual: string }> {
  const found: Array<{ offset: number; path: string; parent: string; actual: string }> = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isMap(pair.key) && !isSeq(pair.key)) return undefined;
      const range = (pair.key as Node).range ?? [0, 0];
      const parent = ancestors.filter(isPair).map((p) => (isScalar(p.key) ? String(p.key.value) : "?")).join(".");
      const written = text.slice(range[0], range[1]).replace(/\s+/g, " ").trim();
      found.push({ offset: range[0], path: parent ? `${parent}.${written}` : written, parent, actual: isMap(pair.key) ? "a mapping" : "a list" });
      return visit.REMOVE;
    },
  });
  return found;
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
