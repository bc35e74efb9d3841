import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { expect, test } from "vitest";
import { analysePython } from "../../src/python/analyse.js";
import type { EndpointBilling } from "../../src/python/facts.js";
import { evaluate, show, type Evaluated } from "../../src/python/units.js";

/*
 * Billing truth, by properties. Metamorphic: renaming locals, moving the header set into a
 * helper N levels deep, splitting it over if/else branches that both set it, blank lines and
 * comments keep the verdict; an early return before the set changes it. Differential: the
 * units evaluator agrees with python3 on random arithmetic over random inputs.
 */

const NUM_RUNS = 10_000;

// ---------------------------------------------------------------- metamorphic

const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/).filter((s) => !["if", "in", "is", "or", "and", "not", "for", "def", "del", "try", "as", "else", "elif", "pass", "with", "from", "None", "True", "self", "input", "response", "str", "len", "math", "fal", "return", "raise", "while", "class", "import", "lambda", "yield", "async", "await", "global", "assert", "break", "continue", "except", "finally", "nonlocal", "match", "case"].includes(s));

interface Variant {
  local: string;
  depth: number;
  split: boolean;
  noise: string[];
  earlyReturn: boolean;
}

const SET = (v: string) => `response.headers["x-fal-billable-units"] = str(${v})`;

/** An app whose endpoint bills input.num_images * 2, written in the shape the variant says. */
function program(v: Variant): string {
  const pad = (s: string, n: number) => s.replace(/^(?=.)/gm, " ".repeat(n));
  const setBlock = v.split
    ? `if input.num_images > 2:\n    ${v.local} = input.num_images * 2\n    ${SET(v.local)}\nelse:\n    ${v.local} = input.num_images + input.num_images\n    ${SET(v.local)}`
    : `${v.local} = input.num_images * 2\n${SET(v.local)}`;
  const helpers: string[] = [];
  let call = setBlock;
  for (let d = v.depth; d > 0; d--) {
    helpers.push(`def _h${d}(self, response, input):\n${pad(call, 4)}\n`);
    call = `self._h${d}(response, input)`;
  }
  const noise = (i: number) => (v.noise[i] === "blank" ? "\n" : v.noise[i] === "comment" ? `# note ${i}\n` : "");
  const body = [noise(0), v.earlyReturn ? "if not input.prompt:\n    return {}\n" : "", noise(1), call, "\n", noise(2), "return {}"].join("");
  return `import fal
from fastapi import Response
from pydantic import BaseModel


class Input(BaseModel):
    prompt: str = "x"
    num_images: int = 1


class A(fal.App):
    @fal.endpoint("/")
    def run(self, input: Input, response: Response) -> dict:
${pad(body, 8)}

${pad(helpers.join("\n"), 4)}
`;
}

const verdict = (b: EndpointBilling) => ({ fact: b.fact, units: [1, 3, 7].map((n) => evaluate(b.units, { prompt: "p", num_images: n })) });

/**
 * The shapes are few (helper depth 0-5 × split or not × 27 noise patterns = 324), so every one is
 * built, each with IDENTS_PER_SHAPE random local names: exhaustive where the space is small,
 * random where it is not, and a tenth of the parses 10,000 random variants cost.
 */
const NOISE = ["none", "blank", "comment"];
const SHAPES: Array<Omit<Variant, "local">> = [0, 1, 2, 3, 4, 5].flatMap((depth) =>
  [false, true].flatMap((split) => NOISE.flatMap((a) => NOISE.flatMap((b) => NOISE.map((c) => ({ depth, split, noise: [a, b, c], earlyReturn: false }))))),
);
const IDENTS_PER_SHAPE = 3;

/** Runs `check` on every shape with random local names; returns how many programs it checked. */
function everyShape(check: (v: Variant) => void): number {
  let runs = 0;
  for (const shape of SHAPES) {
    fc.assert(
      fc.property(ident, (local) => {
        runs++;
        check({ ...shape, local });
      }),
      { numRuns: IDENTS_PER_SHAPE },
    );
  }
  return runs;
}

test(`metamorphic: the verdict survives renaming, helpers N deep, if/else that both set, blank lines and comments (${SHAPES.length} shapes × ${IDENTS_PER_SHAPE} names)`, () => {
  const reference = verdict(analysePython(program({ local: "units", depth: 0, split: false, noise: ["none", "none", "none"], earlyReturn: false })).apps[0].endpoints[0].billing);
  expect(reference.fact).toBe("always");
  const runs = everyShape((v) => {
    const facts = analysePython(program(v));
    expect(facts.syntaxErrors, JSON.stringify(v)).toEqual([]);
    expect(verdict(facts.apps[0].endpoints[0].billing), JSON.stringify(v)).toEqual(reference);
  });
  console.log(`metamorphic billing verdict: ${runs} programs`);
  expect(SHAPES).toHaveLength(324);
  expect(runs).toBe(SHAPES.length * IDENTS_PER_SHAPE);
});

test(`metamorphic: an early return before the set changes the verdict to "some" (${SHAPES.length} shapes × ${IDENTS_PER_SHAPE} names)`, () => {
  const runs = everyShape((v) => {
    const b = analysePython(program({ ...v, earlyReturn: true })).apps[0].endpoints[0].billing;
    expect(b.fact, JSON.stringify(v)).toBe("some");
    expect(b.missing?.path.join(" ")).toContain("`if not input.prompt`");
  });
  console.log(`early return changes the verdict: ${runs} programs`);
  expect(runs).toBe(SHAPES.length * IDENTS_PER_SHAPE);
});

// ---------------------------------------------------------------- differential against python3

interface Gen {
  src: string;
  /** Upper bound on |value| while the value is an int (ints beyond 2^53 are exact only in Python). */
  bound: number;
}

const INT_LIMIT = 2 ** 40;
const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.integer({ min: 0, max: 12 }).map((n) => ({ src: String(n), bound: n })),
  fc.constantFrom("0.5", "0.25", "1.5", "2.75", "3.0").map((s) => ({ src: s, bound: Number(s) })),
  fc.constantFrom("input.a", "input.b", "input.c").map((s) => ({ src: s, bound: 50 })),
);

const expr: fc.Arbitrary<Gen> = fc.letrec<{ e: Gen }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "//", "%"), tie("e")).map(([l, op, r]) => {
      const bound = op === "*" ? l.bound * r.bound : op === "/" ? Math.max(l.bound, r.bound) * 64 : l.bound + r.bound;
      // Keep ints exactly representable in a double: too big a product becomes a sum.
      const o = bound > INT_LIMIT && op === "*" ? "+" : op;
      return { src: `(${l.src} ${o} ${r.src})`, bound: o === "*" ? bound : o === "/" ? bound : l.bound + r.bound };
    }),
    fc.tuple(leaf, fc.integer({ min: -2, max: 3 })).map(([b, k]) => ({ src: `(${b.src} ** ${k})`, bound: Math.max(1, b.bound) ** Math.max(k, 0) * 16 })),
    fc.tuple(fc.constantFrom("math.ceil", "math.floor", "int", "float", "round", "abs"), tie("e")).map(([f, a]) => ({ src: `${f}(${a.src})`, bound: a.bound + 1 })),
    fc.tuple(fc.constantFrom("max", "min"), tie("e"), tie("e")).map(([f, a, b]) => ({ src: `${f}(${a.src}, ${b.src})`, bound: Math.max(a.bound, b.bound) })),
    fc.tuple(tie("e"), fc.constantFrom("<", "<=", "==", "!=", ">"), tie("e"), tie("e"), tie("e")).map(([x, op, y, a, b]) => ({ src: `(${a.src} if ${x.src} ${op} ${y.src} else ${b.src})`, bound: Math.max(a.bound, b.bound) })),
    fc.tuple(tie("e"), fc.constantFrom("<", ">="), tie("e")).map(([x, op, y]) => ({ src: `(${x.src} ${op} ${y.src})`, bound: 1 })),
    tie("e").map((a) => ({ src: `(-${a.src})`, bound: a.bound })),
  ),
})).e;

const input = fc.record({
  a: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constantFrom(0.5, -2.25, 10.75)),
  b: fc.integer({ min: -50, max: 50 }),
  c: fc.integer({ min: 1, max: 50 }),
});

const PY = `
import json, math, sys
from types import SimpleNamespace
out = []
for case in json.load(sys.stdin):
    try:
        v = eval(case["src"], {"math": math, "__builtins__": {"int": int, "float": float, "round": round, "abs": abs, "max": max, "min": min}}, {"input": SimpleNamespace(**case["input"])})
        out.append({"type": type(v).__name__, "str": str(v), "value": float(v) if isinstance(v, (int, float)) else None})
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
`;

/**
 * The flow layer's Expr of each expression, through the real parser: the header of a one-line
 * endpoint, BATCH endpoints to an app so that one parse serves many expressions.
 */
const BATCH = 100;
function parseAll(srcs: string[]) {
  const exprs: Array<Extract<EndpointBilling["units"], { k: "set" }>["value"]> = [];
  for (let at = 0; at < srcs.length; at += BATCH) {
    const batch = srcs.slice(at, at + BATCH);
    const endpoints = batch.map((src, i) => `    @fal.endpoint("/e${i}")\n    def run${i}(self, input: dict, response):\n        response.headers["x-fal-billable-units"] = str(${src})\n`);
    const app = analysePython(`import fal, math\nclass A(fal.App):\n${endpoints.join("\n")}`).apps[0];
    expect(app.endpoints).toHaveLength(batch.length);
    batch.forEach((src, i) => {
      const units = app.endpoints[i].billing.units;
      if (app.endpoints[i].path !== `/e${i}` || units.k !== "set" || units.value.k !== "call") throw new Error(`no header value for ${src}`);
      exprs.push(units.value.args[0]);
    });
  }
  return exprs;
}

test("str() of an int past 2^53 is the double's exact value, as Python prints it (a case the differential once drew)", () => {
  expect(show({ t: "int", v: 345876451382054080 })).toBe("345876451382054080");
  expect(show({ t: "int", v: -(2 ** 60) })).toBe("-1152921504606846976");
  expect(show({ t: "int", v: 12 })).toBe("12");
});

test(`differential: the units evaluator agrees with python3 on random arithmetic (${NUM_RUNS} runs, one python3 call)`, () => {
  const cases = fc.sample(fc.record({ e: expr, input }), { numRuns: NUM_RUNS }).map(({ e, input }) => ({ src: e.src, input }));
  const py = spawnSync("python3", ["-c", PY], { input: JSON.stringify(cases), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(py.status, py.stderr).toBe(0);
  const expected = JSON.parse(py.stdout) as Array<{ type?: string; str?: string; value?: number | null; error?: string }>;
  expect(expected).toHaveLength(cases.length);
  const parsed = parseAll(cases.map((c) => c.src));
  let compared = 0;
  cases.forEach((c, i) => {
    const got: Evaluated = evaluate(parsed[i], c.input);
    const want = expected[i];
    const label = `${c.src} with ${JSON.stringify(c.input)}`;
    if (want.error) {
      expect(got.kind, `${label}: python raised ${want.error}`).toBe("error");
    } else {
      expect(got.kind, label).toBe("value");
      if (got.kind !== "value") return;
      expect(got.value.t === "bool" ? "bool" : got.value.t, label).toBe(want.type);
      expect(show(got.value), label).toBe(want.str);
    }
    compared++;
  });
  console.log(`evaluator vs python3: ${compared} of ${cases.length} random expressions agree`);
  expect(compared).toBeGreaterThanOrEqual(NUM_RUNS);
});
