import { parseDocument } from "yaml";
import { describe, expect, test } from "vitest";
import { parseSimpleYaml } from "../../../src/manifest/fast-yaml.js";
import { resolvePlain } from "../../../src/manifest/fast-yaml-scalars.js";
import { agrees, OPTIONS } from "../../support/yaml-reference.js";

const value = (text: string) => parseSimpleYaml(text)?.value;
const yamlValue = (text: string) => parseDocument(text, OPTIONS).toJS();

describe("scalars resolve as yaml 2.x's core schema does", () => {
  const cases: Array<[string, unknown]> = [
    ["", null], ["~", null], ["null", null], ["Null", null], ["NULL", null], ["nULL", "nULL"],
    ["true", true], ["True", true], ["TRUE", true], ["tRUE", "tRUE"], ["false", false], ["FALSE", false], ["yes", "yes"], ["off", "off"],
    ["0", 0], ["-0", -0], ["+1", 1], ["007", 7], ["0o17", 15], ["0o8", "0o8"], ["+0o7", "+0o7"], ["0x1F", 31], ["0x1f", 31], ["0X1F", "0X1F"], ["-0x1", "-0x1"],
    ["12345678901234567890123", 1.2345678901234568e22], ["1_000", "1_000"], ["0b101", "0b101"], ["1,5", "1,5"], ["1:30", "1:30"],
    ["1.5", 1.5], ["-1.5", -1.5], [".5", 0.5], ["-.5", -0.5], ["1.", 1], ["-0.0", -0], ["1e3", 1000], ["1E-3", 0.001], ["+1.5e+3", 1500], [".1e2", 10], ["1.e2", 100], ["1e", "1e"], ["e3", "e3"],
    [".inf", Infinity], ["-.Inf", -Infinity], ["+.INF", Infinity], [".nan", NaN], [".NaN", NaN], [".NAN", NaN], ["-.nan", "-.nan"], ["Infinity", "Infinity"], ["NaN", "NaN"],
  ];
  test.each(cases)("%j", (text, expected) => {
    expect(Object.is(resolvePlain(text), expected) || (Number.isNaN(expected) && Number.isNaN(resolvePlain(text)))).toBe(true);
    // And in a document, block and flow, as yaml reads it.
    for (const doc of [`k: ${text}\n`, `k:\n  - ${text}\n`, `k: [${text}]\n`, `k: { a: ${text} }\n`]) {
      if (text === "" && doc !== "k: \n") continue; // an empty item or flow value is outside the subset
      if (/[,:]/.test(text) && /[[{]/.test(doc)) continue; // two scalars, or a colon a flow scalar may not hold
      expect(agrees(doc), doc).toBe(true);
    }
  });
});

describe("quoted scalars", () => {
  test.each([
    ["'it''s'", "it's"], ["''", ""], ['""', ""], ["' a # b: c '", " a # b: c "], ['"a # b: c"', "a # b: c"],
    ['"\\n\\t\\r\\0\\a\\b\\e\\f\\v\\/\\\\\\"\\ "', "\n\t\r\0\x07\b\x1b\f\v/\\\" "], ['"\\N\\_\\L\\P"', "\u0085\u00a0\u2028\u2029"],
    ['"\\x41\\u00e9\\U0001F600"', "Aé😀"], ['"\\uD83D\\uDE00"', "😀"], ['"é 😀 日本"', "é 😀 日本"],
  ])("%s", (text, expected) => {
    expect(value(`k: ${text}\n`)).toEqual({ k: expected });
    expect(yamlValue(`k: ${text}\n`)).toEqual({ k: expected });
    expect(agrees(`k: ${text}\nl: [${text}, ${text}]\n${text}: 1\n`)).toBe(true);
  });

  test.each(['"\\q"', '"\\u12"', '"\\x4"', '"\\U00110000"', '"a', "'a", '"a" b', "'a'#c", '"a\tb"'])("%s falls back", (text) => {
    expect(parseSimpleYaml(`k: ${text}\n`)).toBeUndefined();
  });
});

describe("shapes of real manifests", () => {
  test("flow collections: nested, trailing commas, JSON as init --adopt writes it", () => {
    const text = 'a: { prompt: "a fox", num_images: 1 }\nb: [a, b,]\nc: {"x":[1,{"y":null}],"z":"w"}\nd: [ {}, [], [[]] ]  # c\n';
    expect(value(text)).toEqual({ a: { prompt: "a fox", num_images: 1 }, b: ["a", "b"], c: { x: [1, { y: null }], z: "w" }, d: [{}, [], [[]]] });
    expect(agrees(text)).toBe(true);
  });

  test("plain scalars keep indicators that do not end them", () => {
    const text = "ref: app.py::SoundMaker\nurl: http://x.y/z?q=1#f\nlist: a, b ] c\nhash: a#b # the comment\ndots: ...\n";
    expect(value(text)).toEqual({ ref: "app.py::SoundMaker", url: "http://x.y/z?q=1#f", list: "a, b ] c", hash: "a#b", dots: "..." });
    expect(agrees(text)).toBe(true);
  });

  test("sequences at the key's indentation or deeper, maps in items, any consistent indentation", () => {
    for (const text of ["a:\n- x\n- y: 1\n  z: 2\nb: 1\n", "a:\n    -   k: 1\n        l:\n            - 2\n", "a:\n - b: 1\n   c:\n   - d\n"]) {
      expect(agrees(text), text).toBe(true);
    }
  });

  test("keys Object.prototype has: own properties, as yaml's toJS makes them", () => {
    const text = "constructor: 1\ntoString: { hasOwnProperty: 2 }\n";
    expect(Object.keys(value(text) as object)).toEqual(["constructor", "toString"]);
    expect(agrees(text)).toBe(true);
  });

  test("nesting as deep as 100 blocks and 100 flow brackets", () => {
    expect(agrees(Array.from({ length: 100 }, (_, i) => `${" ".repeat(i)}k:`).join("\n"))).toBe(true);
    expect(agrees(`a: ${"[".repeat(100)}${"]".repeat(100)}\n`)).toBe(true);
  });

  test("an empty value is null where yaml's node starts: after the colon and its spaces", () => {
    const text = "a:\nb:   \nc: # note\nd:\r\ne: 1\n";
    expect(value(text)).toEqual({ a: null, b: null, c: null, d: null, e: 1 });
    const fast = parseSimpleYaml(text)!;
    expect(["a", "b", "c", "d"].map((k) => fast.pos([k], "value"))).toEqual([{ line: 1, column: 3 }, { line: 2, column: 6 }, { line: 3, column: 4 }, { line: 4, column: 3 }]);
    expect(agrees(text)).toBe(true);
  });

  test("positions: keys and values, a BOM, astral characters, missing paths fall back to the nearest parent", () => {
    const text = "\ufeff# c\r\nk: v\r\n😀: { a: [1, 2] }\r\n";
    const fast = parseSimpleYaml(text)!;
    expect(fast.pos(["k"])).toEqual({ line: 2, column: 1 });
    expect(fast.pos(["😀", "a", 1], "value")).toEqual({ line: 3, column: 13 });
    expect(fast.pos(["😀", "a", 5])).toEqual({ line: 3, column: 6 });
    expect(fast.pos([], "value")).toEqual({ line: 2, column: 1 });
    expect(agrees(text)).toBe(true);
  });
});

describe("anything else falls back to yaml", () => {
  test.each([
    ["an empty document", ""], ["only comments", "# a\n# b\n"], ["a scalar root", "hello\n"], ["a sequence root", "- a\n"], ["an indented root", "  a: 1\n"],
    ["a tab in the indentation", "a:\n\tb: 1\n"], ["a tab before a comment", "a: 1\t# c\n"], ["an anchor", "a: &x 1\n"], ["an alias", "a: *x\n"], ["a tag", "a: !!str 1\n"],
    ["an explicit key", "? a\n: 1\n"], ["a multi-line plain scalar", "a: b\n  c\n"], ["a multi-line quoted scalar", 'a: "b\n  c"\n'], ["a multi-line flow", "a: [b,\n  c]\n"],
    ["a block scalar", "a: |\n  b\n"], ["a folded scalar", "a: >-\n  b\n"], ["a document start", "---\na: 1\n"], ["a document end", "a: 1\n...\n"], ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a duplicate key", "a: 1\na: 2\n"], ["a duplicate key, quoted", "a: 1\n'a': 2\n"], ["a duplicate flow key", "a: {b: 1, b: 2}\n"], ["a collection key", "[a]: 1\n"],
    ["a number as key", "1: a\n"], ["null as key", "~: a\n"], ["a boolean key", "true: a\n"], ["__proto__", "__proto__: 1\n"], ["a merge key", "<<: {a: 1}\n"], ["a quoted merge key", "'<<': {a: 1}\n"],
    ["a key over 1000 characters", `${"k".repeat(1001)}: 1\n`], ["a lone CR", "a: 1\rb: 2\n"], ["a NEL", "a: b\u0085c\n"], ["a control character", "a: b\u0001\n"],
    ["odd indentation", "a:\n  b: 1\n c: 2\n"], ["a compact nested sequence", "a:\n  - - b\n"], ["an empty item", "a:\n  -\n  - b\n"], ["a value after a nested block", "a: 1\n  b: 2\n"], ["a sequence after the root mapping", "a: 1\n- b\n"],
    ["a mapping in a flow sequence", "a: [b: 1]\n"], ["a quoted key in a flow sequence", 'a: ["b": 1]\n'], ["two colons in a flow mapping", "a: { b: 'c': d }\n"], ["an empty flow value", "a: {b: }\n"], ["an empty flow entry", "a: [b, , c]\n"], ["a colon in a flow plain scalar", "a: [http://x]\n"],
    ["nesting deeper than 100 blocks", Array.from({ length: 102 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")], ["flow nesting deeper than 100", `a: ${"[".repeat(102)}${"]".repeat(102)}\n`],
    ["': ' in a plain value", "a: b: c\n"], ["a plain value starting with an indicator", "a: @b\n"], ["a comment without a space", 'a: "b"#c\n'],
  ])("%s", (_, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });
});
