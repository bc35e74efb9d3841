// fast-parse.ts promises lezer's tree, node for node, for the code it takes, and to give up
// wherever lezer would mark an error. Checked against lezer itself: on real Python (fal's own
// sources and its dependencies in .venv, which global setup installs), on every scaffold, on
// hand-picked constructs, and on broken variants of real files (a token dropped, a character
// inserted, a file cut short), where taking a file lezer marks would hide a syntax error.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parser } from "@lezer/python";
import { describe, expect, test } from "vitest";
import { BILLING_STRATEGIES } from "../../src/core/vocabulary.js";
import { renderScaffold } from "../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../src/init/templates.js";
import { analysePython } from "../../src/python/analyse.js";
import { fastParse } from "../../src/python/fast-parse.js";
import { useFastParse } from "../../src/python/parse.js";
import type { SyntaxNode } from "../../src/python/tree.js";
import { REPO_ROOT } from "../support/fal-env.js";
import { BASE_APP } from "../support/memfs.js";
import { applyEdits, SCENARIOS, type Edit } from "./scenarios.js";

/** lezer's empty error after a valueless `yield` (valid Python): the one error the fast tree leaves out. */
function bareYieldError(n: SyntaxNode): boolean {
  if (!n.type.isError || n.from !== n.to || n.nextSibling) return false;
  let prev = n.prevSibling;
  while (prev?.name === "Comment") prev = prev.prevSibling;
  return prev?.name === "yield";
}

function lines(n: SyntaxNode, out: string[] = [], depth = 0): string[] {
  if (bareYieldError(n)) return out;
  out.push(`${"  ".repeat(depth)}${n.name} ${n.from}-${n.to}`);
  for (let c = n.firstChild; c; c = c.nextSibling) lines(c, out, depth + 1);
  return out;
}

function lezerErrors(n: SyntaxNode): number {
  let count = n.type.isError && !bareYieldError(n) ? 1 : 0;
  for (let c = n.firstChild; c; c = c.nextSibling) count += lezerErrors(c);
  return count;
}

/** undefined: fast gave up. Else whether it agrees with lezer, and where it first differs. */
function compare(src: string): { taken: false } | { taken: true; errors: number; diff?: string } {
  const fast = fastParse(src);
  if (!fast) return { taken: false };
  const slow = parser.parse(src).topNode;
  const errors = lezerErrors(slow);
  const a = lines(fast.topNode);
  const b = lines(slow);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const diff = i === a.length && i === b.length ? undefined : `fast: ${a.slice(i, i + 3).join(" | ")}\nlezer: ${b.slice(i, i + 3).join(" | ")}`;
  return { taken: true, errors, diff };
}

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith(".py")) out.push(p);
  }
  return out;
}

const siteDir = path.join(REPO_ROOT, ".venv", "lib");
/** Every 8th of the venv's Python files, sorted (about 450 of 3,500), under 200 KB each. */
const corpus = pythonFiles(siteDir)
  .sort()
  .filter((_, i) => i % 8 === 0)
  .filter((f) => statSync(f).size < 200_000)
  .map((f) => ({ file: path.relative(siteDir, f), src: readFileSync(f, "utf8") }));

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fast-parse against lezer", () => {
  test("real Python: every file it takes has lezer's tree and no error; it takes most of them", () => {
    expect(corpus.length).toBeGreaterThan(300);
    let taken = 0;
    const bad: string[] = [];
    for (const { file, src } of corpus) {
      const r = compare(src);
      if (!r.taken) continue;
      taken++;
      if (r.errors > 0) bad.push(`${file}: taken, but lezer marks ${r.errors} error(s)`);
      else if (r.diff) bad.push(`${file}:\n${r.diff}`);
    }
    expect(bad).toEqual([]);
    // On 2026-12-03: 3,494 of 3,542 files; what it leaves is match statements, tabs, `with … as (a, b)`.
    expect(taken / corpus.length).toBeGreaterThan(0.95);
  });

  test("every scaffold is taken, with lezer's tree", () => {
    const readTemplate = readTemplatesFrom(findTemplatesDir());
    for (const strategy of BILLING_STRATEGIES) {
      const files = renderScaffold({ appName: "demo-app", className: "DemoApp", strategy, machineType: "GPU-H100" }, readTemplate);
      for (const f of files.filter((x) => x.path.endsWith(".py"))) {
        const r = compare(f.content);
        expect(r, `${strategy} ${f.path}`).toEqual({ taken: true, errors: 0, diff: undefined });
      }
    }
  });

  const taken = [
    "x = 1\n",
    "a = b = c\na, *b = c\nx: int = 1 = 2\nx += yield y\n",
    "not a and b or c\na if b else c if d else e\nlambda: 0\nlambda *a, b=1, **k: a\n",
    "-a ** -b * c // d @ e\na | b ^ c & d << e >> f\n~a + await b * c\n",
    "a < b <= c is not d not in e in f\n",
    "f(*a, **k, x=1, y := 2)\nf(x for x in y if z if w for v in u)\n",
    "x[1:2, ::3, a:, :b]\nx[a := 1]\n(a := 1)\n",
    "x = [*a, *b]\ny = {**a, 'b': 1, c: 2}\nz = {a, *b}\n(1,)\n()\n(*a,)\n{a: b for a in c}\n{a for a in b}\n[a async for a in b]\n",
    'f"{a=}" f"{b!s:{c}x}" "d" rb"\\q" u"\\N{DASH}\\x41\\u1234\\o17"\n"""long\n{x}\n"""\n',
    "@a.b(c)\n# between\nasync def f(a, /, b: int = 2, *c, d, **e) -> str:\n    '''doc'''\n    yield\n    x = yield\n    return (yield)\n",
    "class A(B, metaclass=M):\n    x: int\n    def f(self): pass\n\n\n# after\n",
    "try:\n    pass\nexcept* E as e:\n    pass\nexcept (A, B):\n    raise X from e\nelse:\n    pass\nfinally:\n    pass\n",
    "with a as b, c:\n    for a, *b in c, d:\n        while x := f():\n            break\n        else:\n            continue\n",
    "if a: b # c\nelif d: pass\nelse:\n    e\n    # trailing, inside\n  # trailing, outside\nf()\n",
    "import a.b as c, d\nfrom ..a import (b as c, d,)\nfrom . import x\nfrom ... import y\nfrom m import *\nglobal a, b\nnonlocal c\nassert x, 'm'\ndel a[0], b.c\n",
    "x = 1; y = 2\nz = 3;\n",
    "x = 1 + \\\n    2\n",
    "type = 1\ntype(x)\nmatch = re.match(p, s)\nmatch.group(0)\ncase = 2\n",
    "print(x)\nprint (x)\nx = 0x_ff + 0o17 + 0b1 + 1_000.5e-3j + .5\n",
    "def f():\n    x = 1\n    # c2\n\n# c3\n    # c4\ny = (1, # c5\n  2)\n",
    "x = 1",
    "def f():\n    return 1",
    "",
    "\n\n# only a comment\n",
  ];
  test.each(taken.map((src, i) => [i, src]))("taken, as lezer reads it: case %i", (_, src) => {
    expect(compare(src)).toEqual({ taken: true, errors: 0, diff: undefined });
  });

  const givenUp = [
    ["a syntax error", "def f(:\n    pass\n"],
    ["an unclosed bracket", "x = (1,\n"],
    ["an unterminated string", "x = 'abc\n"],
    ["an unterminated long string", 'x = """abc\n'],
    ["a dedent to no outer level", "if a:\n        b\n    c\n"],
    ["an indented first line", "  x = 1\n"],
    ["an unexpected indent", "x = 1\n    y = 2\n"],
    ["a tab in an indentation", "if a:\n\tb\n"],
    ["a CR line end", "x = 1\r\ny = 2\r\n"],
    ["a match statement", "match x:\n    case 1:\n        pass\n"],
    ["a type statement", "type X = int\n"],
    ["Python 2's print statement", "print x\n"],
    ["a statement after `:` on the line", "if a: for x in y: pass\n"],
    ["a keyword as a name", "def = 1\n"],
    ["a bare yield followed by a comment (lezer stretches the statement)", "def f():\n    yield  # c\n"],
    ["a bare yield followed by a space (the same)", "def f():\n    yield \n"],
    ["a bare yield before a bracketed newline", "x = (yield\n)\n"],
    ["a decorator expression (PEP 614, lezer lacks it)", "@a[0]\ndef f(): pass\n"],
    ["the enclosing quote inside an f-string replacement", 'f"{x["a"]}"\n'],
    ["a backslash not before a newline", "x = 1 \\ 2\n"],
    ["a number run into a name", "x = 1if y else 2\n"],
    ["`print` run into a non-ASCII letter at a statement's start (lezer splits it)", "printé = 1\n"],
    ["a line that starts with a continuation", "def f():\n    x\n    \\\n()\n"],
  ];
  test.each(givenUp)("gives up on %s", (_, src) => {
    expect(fastParse(src)).toBeUndefined();
  });

  test("broken variants of real files: a variant it takes has lezer's tree and no error", () => {
    const random = rng(Number(process.env.FASTPARSE_SEED ?? 20261203));
    const small = corpus.filter((c) => c.src.length > 200 && c.src.length < 6_000);
    expect(small.length).toBeGreaterThan(50);
    const junk = ["(", ")", "[", "]", "{", "}", ":", ",", "=", "'", '"', "\n", "    ", "\\", "if ", "else", "*", "@", "lambda", "yield", "#", "f'{", "."];
    let variants = 0;
    let takenCount = 0;
    const bad: string[] = [];
    // FASTPARSE_VARIANTS=30000 for a deeper local run (2026-12-03: 30,000 variants, none taken wrongly).
    const count = Number(process.env.FASTPARSE_VARIANTS ?? 1500);
    for (let n = 0; n < count; n++) {
      const { file, src } = small[Math.floor(random() * small.length)];
      const at = Math.floor(random() * src.length);
      const kind = Math.floor(random() * 4);
      const lineStart = src.lastIndexOf("\n", at) + 1;
      const broken =
        kind === 0
          ? src.slice(0, at) + src.slice(at + 1 + Math.floor(random() * 4))
          : kind === 1
            ? src.slice(0, at) + junk[Math.floor(random() * junk.length)] + src.slice(at)
            : kind === 2
              ? src.slice(0, at)
              : // a line indented more or less
                random() < 0.5
                ? src.slice(0, lineStart) + " ".repeat(1 + Math.floor(random() * 4)) + src.slice(lineStart)
                : src.slice(0, lineStart) + src.slice(lineStart).replace(/^ {1,4}/, "");
      variants++;
      const r = compare(broken);
      if (!r.taken) continue;
      takenCount++;
      const where = `${file} variant ${n} (${["drop", "insert", "cut", "indent"][kind]} at ${at}: ${JSON.stringify(broken.slice(Math.max(0, at - 40), at + 40))})`;
      if (r.errors > 0) bad.push(`${where}: taken, lezer marks ${r.errors}`);
      else if (r.diff) bad.push(`${where}:\n${r.diff}`);
    }
    expect(bad).toEqual([]);
    // Many variants stay valid (a dropped space, a cut at a line end): the check saw both sides.
    expect(takenCount).toBeGreaterThan(100);
    expect(variants - takenCount).toBeGreaterThan(100);
  });

  test("the analysis makes the same facts of both trees: scaffolds, every scenario's app, real files", () => {
    const readTemplate = readTemplatesFrom(findTemplatesDir());
    const sources: Array<[string, string]> = [];
    for (const strategy of BILLING_STRATEGIES) {
      const app = renderScaffold({ appName: "demo-app", className: "DemoApp", strategy, machineType: "GPU-H100" }, readTemplate).find((f) => f.path === "app.py");
      sources.push([strategy, app!.content]);
    }
    for (const [code, { variants }] of Object.entries(SCENARIOS) as Array<[string, { variants: Edit[][] }]>) {
      variants.forEach((edits, i) => {
        if (edits.some(([file]) => file === "app")) sources.push([`${code} variant ${i}`, applyEdits({ manifest: "", app: BASE_APP, pyproject: "" }, edits).app]);
      });
    }
    for (const { file, src } of corpus.slice(0, 120)) sources.push([file, src]);
    let fastTaken = 0;
    for (const [label, src] of sources) {
      if (fastParse(src)) fastTaken++;
      const viaFast = analysePython(src);
      useFastParse(false);
      try {
        expect(viaFast, label).toEqual(analysePython(src));
      } finally {
        useFastParse(true);
      }
    }
    expect(fastTaken).toBeGreaterThan(sources.length / 2); // both sides were really compared
  });
});
