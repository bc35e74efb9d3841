import fc from "fast-check";
import { isScalar, parseDocument, type Node } from "yaml";
import { expect, test } from "vitest";
import { loadManifest } from "../../src/manifest/load.js";
import { LineIndex } from "../../src/positions.js";

/*
 * loadManifest finds duplicate keys with one Set per mapping (yaml's uniqueKeys is quadratic).
 * Differential: on random YAML with repeated keys in block and flow mappings, nested, with
 * anchors, tags, quotes, numbers, nulls and aliases as keys, the FP001/FP002 findings are the
 * ones yaml's own `uniqueKeys: true` gives, at the same positions (sorted, as every report is).
 */

const key = fc.constantFrom("a", "b", "'a'", '"a"', "1", "'1'", "01", "1.0", "true", "null", "~", "&k a", "!!str a", "*k", ".nan", "? a", "[x, y]", "{x: 1}", "a b", "");
const scalar = fc.constantFrom("1", "x", "'q'", "[1, 2]", "{}", "&k v", "*k", "", "null");

const yaml: fc.Arbitrary<string> = fc.letrec<{ block: string; flow: string }>((tie) => ({
  block: fc
    .array(fc.tuple(key, fc.oneof({ depthSize: "small" }, scalar.map((v) => ({ inline: v })), tie("flow").map((v) => ({ inline: v })), tie("block").map((v) => ({ nested: v })))), { minLength: 1, maxLength: 6 })
    .map((pairs) =>
      pairs
        .map(([k, v]) => ("inline" in v ? `${k}: ${v.inline}` : `${k}:\n${v.nested.split("\n").map((l) => `  ${l}`).join("\n")}`))
        .join("\n"),
    ),
  flow: fc.array(fc.tuple(key, fc.oneof({ depthSize: "small" }, scalar, tie("flow"))), { maxLength: 4 }).map((pairs) => `{ ${pairs.map(([k, v]) => `${k}: ${v}`).join(", ")} }`),
})).block;

type Found = { code: string; line: number; column: number };
const sorted = (xs: Found[]) => [...xs].sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));

/**
 * yaml's own verdict: its uniqueKeys test (copied from compose/util-map-includes.js), recording
 * each key it calls a duplicate. Positions are the key's own: yaml's DUPLICATE_KEY error sits at
 * the end of the key's leading whitespace, which after an empty value is the previous line.
 */
function reference(text: string) {
  const lines = new LineIndex(text);
  const repeated: Node[] = [];
  const uniqueKeys = (a: unknown, b: unknown) => {
    const same = a === b || (isScalar(a) && isScalar(b) && a.value === b.value);
    if (same) repeated.push(b as Node);
    return same;
  };
  const doc = parseDocument(text, { uniqueKeys, prettyErrors: false, logLevel: "error" });
  const syntax = doc.errors.filter((e) => e.code !== "DUPLICATE_KEY").map((e) => ({ code: "FP001", ...lines.pos(e.pos[0]) }));
  return sorted([...syntax, ...repeated.map((k) => ({ code: "FP002", ...lines.pos(k.range![0]) }))]);
}

test("duplicate keys: the same findings as yaml's uniqueKeys", () => {
  let withDuplicates = 0;
  fc.assert(
    fc.property(yaml, (text) => {
      const expected = reference(text);
      if (expected.some((e) => e.code === "FP002")) withDuplicates++;
      const got = sorted(
        loadManifest(text, "falpub.yaml")
          .diagnostics.filter((d) => d.code === "FP001" || d.code === "FP002")
          .map(({ code, at }) => ({ code, line: at.line, column: at.column })),
      );
      // Without parse errors the manifest goes on to toJS and validation (their FP001s are not compared).
      if (expected.length) expect(got).toEqual(expected);
      else expect(got.filter((d) => d.code === "FP002")).toEqual([]);
    }),
    { numRuns: 1_000 },
  );
  // The generator must exercise the point of the test.
  expect(withDuplicates).toBeGreaterThan(100);
}, 300_000);
