import fc from "fast-check";
import { expect, test } from "vitest";
import { BILLING_STRATEGIES } from "../../src/core/vocabulary.js";
import { planAdoption } from "../../src/init/adopt.js";
import { renderScaffold } from "../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../src/init/templates.js";
import { EXISTING_APP } from "../support/existing-app.js";
import { agrees, stats } from "../support/yaml-reference.js";

/*
 * Differential: whenever parseSimpleYaml answers, yaml (with load.ts's options) accepts the text
 * without an error, a warning or anything load.ts reports before validation (duplicate or
 * collection keys, empty document, non-mapping root), toJS gives the same value (Object.is,
 * key order), and load.ts's locate()-based pos gives the same position for every path in the
 * document and for missing ones. Inputs: init's scaffolds and adopted manifests mutated in the
 * ways people and editors change YAML, and random documents in many block and flow shapes.
 */

// ---- seeds: what init writes ----

const readTemplate = readTemplatesFrom(findTemplatesDir());
const scaffolds = BILLING_STRATEGIES.map((strategy) => {
  const files = renderScaffold({ appName: "sound-maker", className: "SoundMaker", strategy, machineType: "GPU-H100" }, readTemplate);
  return files.find((f) => f.path === "falpub.yaml")!.content;
});
const adopted = [undefined, ...BILLING_STRATEGIES].map(
  (billing) => planAdoption({ pythonFiles: [{ path: "app.py", source: EXISTING_APP["app.py"] }], pyproject: EXISTING_APP["pyproject.toml"], flags: { billing } }).manifest,
);
const SEEDS = [...scaffolds, ...adopted];

test("the fast path answers on every scaffold and every adopted manifest, with yaml's answer", () => {
  for (const text of SEEDS) expect(agrees(text), text).toBe(true);
  // CRLF and a BOM, as Windows editors write them.
  for (const text of SEEDS) expect(agrees(`\ufeff${text.replace(/\n/g, "\r\n")}`)).toBe(true);
});

// ---- mutations ----

const NUMBERS = ["0", "-0", "+1", "007", "0o17", "0o8", "0x1F", "0xg", "-0x1", "+0o7", "1.5", "-1.5", ".5", "-.5", "1.", "1e3", "1E-3", "+1.5e+3", ".1e2", "1.e2", "1e", "e3", "-.0", "0.0", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "-.nan", ".NAN", "1_000", "12345678901234567890123", "1,5", "1:30", "0b101", "Infinity", "NaN", "0x", "-", "+", "."];
const WORDS = ["true", "True", "TRUE", "tRUE", "false", "FALSE", "yes", "no", "on", "off", "null", "Null", "NULL", "nULL", "~", "", "a red fox", "a: b", "a:b", "a #b", "a# b", "a  b", "a ", "http://x.y/z?q=1#f", "a, b", "[a", "a]", "{a", "x}", "- a", "-a", "--a", "---", "...", "?a", "? a", ":a", "!a", "&a", "*a", "|", ">", "%a", "@a", "`a", ",a", "#a", "é", "日本語", "😀 fox", "\u00a0a", "a\u00a0", "a\tb", "\ta", "a\u2028b", "a\u0085b", "a\rb", "a\x01"];
const QUOTED = ["'a'", '"a"', "'it''s'", "'a''", '"a # b"', "'a: b'", "'# x'", '"x: #"', '"\\n\\t\\u00e9\\x41\\U0001F600\\\\\\"\\/\\0\\a\\e\\N\\_\\L\\P\\ "', '"\\q"', '"\\u12"', '"\\uD83D\\uDE00"', '"\\uD800"', '"\\U00110000"', '"\\x4"', '"a', "'a", '""', "''", "'é 😀'", '"a\\', '"a" b', "'a'b", "'a' # c", '"a"# c', '"a"   ', "' a '", '" a "', "'a\tb'"];
const FLOWS = ["[]", "{}", "[a, b]", "[a, b,]", "[,]", "[a,, b]", "[ a ,b ]", "{a: 1}", "{a: 1,}", "{ a: [1, {b: c}] }", '{"a":1}', '{"a":"b","c":[1,2,{"d":null}]}', "{\"a\": 'b', 'c': \"d\"}", "{a:1}", "{a}", "{a: }", "{a: ,}", "[a: 1]", '["a": 1]', "{a: 1, a: 2}", '{a: 1, "a": 2}', "[[[]]]", "[[a, [b, [c]]], {}]", "{ a: { b: { c: [1, 2.5, .inf, ~, true, 0x1F, -0] } } }", "[a # c]", "[a]#c", "[a] # c", "[a] x", '["a,b", \'c]d\', "e#f", "g: h"]', '{ "k:#": "v # :" }', "[a\u00a0b]", "[-1, +2, 0x10, 0o7, 1e3, .5, -.inf, .NaN]", "{ x: -.inf }", "[ 'a' , \"b\" ]", "{ a : 1 }", '{"a" : 1}', "[a, {b: 1}, [c]]", "[a", "{a: 1", "[a]]", "{a: 1}}", "[a b c]", "{a b: c}", "{1: a}", "{'1': a, 1: b}", "{true: 1}", "{__proto__: 1}", "[&a x, *a]", "[!!str 1]", "{? a : b}", "[a, - b]", "[http://x]", "[a:b]", "{ a: 'x', b: \"y\", c: z, }", "[é, 😀, 日本]", "{ é: 1 }"];
const VALUES = [...NUMBERS, ...WORDS, ...QUOTED, ...FLOWS];
const KEYS = ["a", "b", "version", "app", "name", "1", "'1'", '"1"', "01", "1a", "true", "null", "~", "a b", "a.b", "a-b", "a/b", "a+b", "é", "日本", "😀", "_x", "$x", "x$", "x@y", "'a'", '"a"', "'a b'", '"a\\tb"', '"a\\q"', "? a", "[a]", "{a: 1}", "&k a", "!!str a", "*k", "__proto__", '"__proto__"', "constructor", "<<", "'<<'", "-a", ".a", "a:", '"a:b"', "'#'", "0x1", "1e3", ".nan", "-", "a#b", "a #b", "''", '""', "'a'b", "x".repeat(1030)];
const COMMENTS = [" # c", "# c", "  #", " #\tx", " # a: b", " # 'x", " # {", " #️ é", "\t# c"];
const LINES = ["---", "...", "--- # doc", "%YAML 1.2", "a: 1", "zz: 1", "  - x", "- x", "? a", ": b", "key: |", "  text", "key: >-", "&a b: c", "x: *a", "\t a: 1", " \t", "", "   ", "#", "  # c", "x: 1 # c", "y:", "z: [a,", "  b]", "q: 'a", "  b'", "k: v\\", "  - - x", "-", "- ", "-  # c", "!!map", "x: !!str 1", "a: b: c", "{a: 1}: x", "[a]: x"];
const CHARS = [":", "#", "-", " ", "  ", "'", '"', "{", "}", "[", "]", ",", "\t", "\n", "\r", "\r\n", "&", "*", "!", "|", ">", "?", "%", "@", "\\", "é", "😀", "\u00a0", "\ufeff", "0", "."];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("value" as const), line: fc.nat(), pick: fc.nat(VALUES.length - 1) }),
  fc.record({ kind: fc.constant("key" as const), line: fc.nat(), pick: fc.nat(KEYS.length - 1) }),
  fc.record({ kind: fc.constant("comment" as const), line: fc.nat(), pick: fc.nat(COMMENTS.length - 1) }),
  fc.record({ kind: fc.constant("commentLine" as const), line: fc.nat(), indent: fc.nat(8), pick: fc.nat(COMMENTS.length - 1) }),
  fc.record({ kind: fc.constant("spaces" as const), line: fc.nat(), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("reindent" as const), num: fc.constantFrom(1, 3, 4, 6) }),
  fc.record({ kind: fc.constant("shift" as const), line: fc.nat(), delta: fc.constantFrom(-2, -1, 1, 2, 3) }),
  fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("insertLine" as const), line: fc.nat(), indent: fc.nat(6), pick: fc.nat(LINES.length - 1) }),
  fc.record({ kind: fc.constant("char" as const), at: fc.nat(), pick: fc.nat(CHARS.length - 1) }),
  fc.record({ kind: fc.constant("deleteChar" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("nest" as const), line: fc.nat(), pick: fc.nat(VALUES.length - 1), seq: fc.boolean(), same: fc.boolean() }),
  fc.record({ kind: fc.constant("crlf" as const) }),
  fc.record({ kind: fc.constant("bom" as const) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** `  key: value  # comment` → its parts; `- ` items count as part of the indentation. */
const LINE = /^( *(?:- +)*)((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)(?=: |:$))?(:?)( *)(.*?)$/s;

function mutate(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const at = (n: number) => n % lines.length;
  switch (m.kind) {
    case "value": {
      const i = at(m.line);
      const [, lead, key, colon] = LINE.exec(lines[i])!;
      lines[i] = key ? `${lead}${key}${colon} ${VALUES[m.pick]}` : `${lead}${VALUES[m.pick]}`;
      break;
    }
    case "key": {
      const i = at(m.line);
      const [, lead, key, , , rest] = LINE.exec(lines[i])!;
      if (key) lines[i] = `${lead}${KEYS[m.pick]}:${rest ? ` ${rest}` : ""}`;
      break;
    }
    case "comment":
      lines[at(m.line)] += COMMENTS[m.pick];
      break;
    case "commentLine":
      lines.splice(at(m.line), 0, " ".repeat(m.indent) + COMMENTS[m.pick].trimStart());
      break;
    case "spaces":
      lines[at(m.line)] += " ".repeat(m.n);
      break;
    case "reindent":
      return lines.map((l) => l.replace(/^ +/, (s) => " ".repeat(Math.floor((s.length * m.num) / 2)))).join("\n");
    case "shift": {
      const i = at(m.line);
      lines[i] = m.delta > 0 ? " ".repeat(m.delta) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.delta}}`), "");
      break;
    }
    case "duplicate":
      lines.splice(at(m.line), 0, lines[at(m.line)]);
      break;
    case "delete":
      lines.splice(at(m.line), 1);
      break;
    case "insertLine":
      lines.splice(at(m.line), 0, " ".repeat(m.indent) + LINES[m.pick]);
      break;
    case "char": {
      const p = m.at % (text.length + 1);
      return text.slice(0, p) + CHARS[m.pick] + text.slice(p);
    }
    case "deleteChar": {
      const p = m.at % Math.max(1, text.length);
      return text.slice(0, p) + text.slice(p + 1);
    }
    case "nest": {
      const i = at(m.line);
      const [, lead, key] = LINE.exec(lines[i])!;
      if (!key) break;
      const pad = lead.replace(/-/g, " ") + (m.same && m.seq ? "" : "  ");
      lines.splice(i, 1, `${lead}${key}:`, m.seq ? `${pad}- ${VALUES[m.pick]}` : `${pad}k: ${VALUES[m.pick]}`, m.seq ? `${pad}- x` : `${pad}k2: x`);
      break;
    }
    case "crlf":
      return text.replace(/\r?\n/g, "\r\n");
    case "bom":
      return `\ufeff${text}`;
  }
  return lines.join("\n");
}

/** A seed's top-level sections (with the comments above each): mutating a few keeps each case small and fast. */
const SECTIONS = SEEDS.map((seed) => seed.split(/\n(?=(?:#[^\n]*\n)*[a-z])/));
const piece = fc
  .tuple(fc.nat(SEEDS.length - 1), fc.nat(), fc.integer({ min: 1, max: 2 }), fc.nat(19))
  .map(([seed, from, count, whole]) => {
    const sections = SECTIONS[seed];
    const start = from % sections.length;
    return whole === 0 ? SEEDS[seed] : sections.slice(start, start + count).join("\n") + "\n";
  });
const mutated = fc.tuple(piece, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([text, ms]) => ms.reduce(mutate, text));

// ---- random documents in the shapes the subset covers (and some it does not) ----

function mulberry(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIMPLE_KEYS = ["a", "b", "c", "name", "input", "units", "prompt", "x_1", "k-2", "é", "'q k'", '"d k"', "日本", "a.b", "'a: b'", '"x # y"', "'[1]'", '"\\t"', "0a", "a1"];
/** Scalars for flow collections: quotes holding their indicators, numbers, plain words with spaces. */
const FLOW_SCALARS = ["1", "-2.5", "0x10", "1e-3", ".NaN", "~", "true", "a fox", "x-y", "é😀", "'a, b'", '"c]d"', "'e}f'", '"g # h"', "'i: j'", '"k\\"l"', "'m''n'", '""', "''", '"\\u263A"'];
const SIMPLE_VALUES = ["1", "-2", "0x1F", "0o7", "1.5", "1e3", ".inf", ".nan", "-0", "true", "False", "~", "null", "a red fox", "app.py::Cls", "x#y", "a, b", "[1, 2]", "{ a: 1 }", '{"a":1}', "'it''s'", '"a # b: c"', '"\\u00e9\\n"', "😀", "[]", "{}", "[a, [b, {c: d}],]"];

/** A document built from random choices: block maps and sequences at a chosen indentation, values inline or nested. */
function randomDocument(seed: number): string {
  const r = mulberry(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const unit = pick([1, 2, 2, 2, 3, 4]);
  const sameIndentSeq = r() < 0.3;
  const out: string[] = [];
  const flow = (depth: number): string => {
    const n = Math.floor(r() * 4);
    const sp = pick(["", " "]);
    const trailing = n > 0 && r() < 0.2 ? "," : "";
    const entry = () => (depth < 3 && r() < 0.25 ? flow(depth + 1) : pick(FLOW_SCALARS));
    if (r() < 0.5) return `[${sp}${Array.from({ length: n }, entry).join(pick([", ", ",", " , "]))}${trailing}${sp}]`;
    const keys = [...new Set(Array.from({ length: n }, () => pick([...SIMPLE_KEYS.slice(0, 12), '"q"', "'r s'"])))];
    // JSON's `"k":v` where the key is quoted, else `k: v`.
    return `{${sp}${keys.map((k) => `${k}${k.startsWith('"') && r() < 0.5 ? ":" : ": "}${entry()}`).join(", ")}${keys.length ? trailing : ""}${sp}}`;
  };
  const value = () => (r() < 0.3 ? flow(0) : pick(SIMPLE_VALUES));
  const comment = () => (r() < 0.15 ? pick(["  # note", " # a: b", " #"]) : "");
  const maybeCommentLine = (indent: number) => {
    if (r() < 0.08) out.push(`${" ".repeat(pick([0, indent, indent + 1]))}# ${pick(["c", "x: y", "- z"])}`);
    if (r() < 0.04) out.push(pick(["", "  ", "   "]));
  };
  const mapping = (indent: number, depth: number, first?: string) => {
    const keys = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(SIMPLE_KEYS)))];
    keys.forEach((key, n) => {
      const lead = n === 0 && first !== undefined ? first : " ".repeat(indent);
      if (n > 0 || first === undefined) maybeCommentLine(indent);
      const roll = r();
      if (depth < 3 && roll < 0.25) {
        out.push(`${lead}${key}:${comment()}`);
        mapping(indent + unit, depth + 1);
      } else if (depth < 3 && roll < 0.45) {
        out.push(`${lead}${key}:${comment()}`);
        sequence(sameIndentSeq ? indent : indent + unit, depth + 1);
      } else if (roll < 0.5) {
        out.push(`${lead}${key}:${pick(["", " ", "  # empty"])}`);
      } else {
        out.push(`${lead}${key}:${pick([" ", "  "])}${value()}${comment()}`);
      }
    });
  };
  const sequence = (indent: number, depth: number) => {
    const n = 1 + Math.floor(r() * 2);
    for (let i = 0; i < n; i++) {
      maybeCommentLine(indent);
      const dash = `${" ".repeat(indent)}-${" ".repeat(pick([1, 1, 2, 3]))}`;
      if (depth < 3 && r() < 0.5) mapping(dash.length, depth + 1, dash);
      else out.push(`${dash}${value()}${comment()}`);
    }
  };
  if (r() < 0.3) out.push("# yaml-language-server: $schema=./.falpub/falpub.schema.json");
  mapping(0, 0);
  const text = out.join("\n") + pick(["\n", "", "\n\n"]);
  return r() < 0.1 ? text.replace(/\n/g, "\r\n") : text;
}

const MUTATED = 14_000;
const RANDOM = 6_000;

test(`differential: ${MUTATED} mutated manifests and ${RANDOM} random documents`, () => {
  stats.fast = stats.fallback = 0;
  fc.assert(fc.property(mutated, (text) => void agrees(text)), { numRuns: MUTATED });
  const mutatedStats = { ...stats };
  stats.fast = stats.fallback = 0;
  fc.assert(fc.property(fc.integer(), (seed) => void agrees(randomDocument(seed))), { numRuns: RANDOM });
  console.log(`fast path answered on ${mutatedStats.fast} of ${MUTATED} mutated manifests and ${stats.fast} of ${RANDOM} random documents`);
  // Mutations must land on both sides, and the random shapes mostly in the subset, or the comparison proves little.
  expect(Math.min(mutatedStats.fast, mutatedStats.fallback)).toBeGreaterThan(MUTATED / 5);
  expect(stats.fast).toBeGreaterThan(RANDOM / 2);
});
