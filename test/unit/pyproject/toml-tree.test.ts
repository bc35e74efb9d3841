import { parseTOML } from "toml-eslint-parser";
import { describe, expect, test } from "vitest";
import { buildTree, pyRepr, toPlain, type TomlNode } from "../../../src/pyproject/toml-tree.js";

const tree = (text: string) => buildTree(parseTOML(text, { tomlVersion: "1.1" }));
const plain = (text: string) => toPlain(tree(text));

/** The entry at a dotted path of tables (array items by index). */
function at(node: TomlNode, ...path: Array<string | number>) {
  let entry: { node: TomlNode; pos: unknown; valuePos: unknown } | undefined;
  let cur = node;
  for (const p of path) {
    entry = typeof p === "number" ? (cur.kind === "array" ? cur.items[p] : undefined) : cur.kind === "table" ? cur.entries.get(p) : undefined;
    if (!entry) throw new Error(`no ${String(p)} in ${JSON.stringify(path)}`);
    cur = entry.node;
  }
  return entry!;
}

describe("buildTree", () => {
  test("[[array of tables]]: each header starts a new table of the array, keys stay with their own", () => {
    const text = "[[a]]\nb = 1\n\n[[a]]\nb = 2\nc = 3\n";
    expect(plain(text)).toEqual({ a: [{ b: 1 }, { b: 2, c: 3 }] });
    const t = tree(text);
    expect(at(t, "a", 1)).toMatchObject({ pos: { line: 4, column: 3 }, valuePos: { line: 4, column: 1 } });
    expect(at(t, "a", 1, "c").pos).toEqual({ line: 6, column: 1 });
  });

  test("a sub-table after [[a]] belongs to the last table of the array", () => {
    expect(plain("[[a]]\nx = 1\n[[a]]\nx = 2\n[a.sub]\ny = 3\n")).toEqual({ a: [{ x: 1 }, { x: 2, sub: { y: 3 } }] });
    expect(plain("[[a]]\n[[a.b]]\nv = 1\n[[a.b]]\nv = 2\n")).toEqual({ a: [{ b: [{ v: 1 }, { v: 2 }] }] });
  });

  test("[a.b.c] then [a.b]: the implicit table takes the later header's position", () => {
    const t = tree("[a.b.c]\nx = 1\n\n[a.b]\ny = 2\n");
    expect(toPlain(t)).toEqual({ a: { b: { c: { x: 1 }, y: 2 } } });
    expect(at(t, "a", "b")).toMatchObject({ pos: { line: 4, column: 4 }, valuePos: { line: 4, column: 1 } });
  });

  test("dotted keys, quoted keys, inline tables and arrays, with 1-based positions of key and value", () => {
    const t = tree('[tool.fal.apps."my app"]\nscale.min = 1\nregions = ["us-east", "eu-west"]\nenv = { A = "1" }\n');
    expect(toPlain(t)).toEqual({ tool: { fal: { apps: { "my app": { scale: { min: 1 }, regions: ["us-east", "eu-west"], env: { A: "1" } } } } } });
    expect(at(t, "tool", "fal", "apps", "my app", "scale", "min")).toMatchObject({ pos: { line: 2, column: 7 }, valuePos: { line: 2, column: 13 } });
    expect(at(t, "tool", "fal", "apps", "my app", "regions", 1).pos).toEqual({ line: 3, column: 23 });
  });

  test("scalars keep their TOML type", () => {
    const t = tree('s = "x"\ni = 0x10\nf = 1.5\nb = true\nd = 1979-05-27\n');
    const types = ["s", "i", "f", "b", "d"].map((k) => {
      const n = at(t, k).node;
      return n.kind === "scalar" ? `${n.type}:${n.text}` : n.kind;
    });
    expect(types).toEqual(["str:x", "int:16", "float:1.5", "bool:true", "datetime:1979-05-27"]);
  });
});

describe("pyRepr: what Python's repr() of tomli's value looks like", () => {
  test.each([
    ['v = "it\'s"', `"it's"`],
    ['v = "say \\"hi\\""', `'say "hi"'`],
    ["v = 'a\\b'", "'a\\\\b'"],
    ["v = true", "True"],
    ["v = false", "False"],
    ["v = 2.0", "2.0"],
    ["v = nan", "nan"],
    ["v = inf", "inf"],
    ["v = -inf", "-inf"],
    ["v = 0o17", "15"],
    ['v = [1, "a", { k = false }]', "[1, 'a', {'k': False}]"],
  ])("%s → %s", (toml, repr) => {
    expect(pyRepr(at(tree(toml), "v").node)).toBe(repr);
  });
});
