import type { Expr } from "./expr.js";
import { call, format, parsePyFloat } from "./builtins.js";
import { arith, compare, Dep, floatRepr, fromJson, isInt, iterate, mk, num, PyError, show, truthy, typeName, type PyV } from "./pyvalue.js";

export { floatRepr, fromJson, show, truthy, type PyV };

/**
 * The units evaluator: computes a header value (an Expr from the flow layer) over one
 * concrete request body, with Python's semantics for the arithmetic, without running Python.
 * What it cannot know is reported as what it depends on, never guessed. Builtins: builtins.ts.
 */

export type Evaluated =
  | { kind: "value"; value: PyV }
  /** Not statically known: the names (or phrases) it depends on. */
  | { kind: "unknown"; deps: string[] }
  /** Python would raise (ZeroDivisionError, TypeError …). */
  | { kind: "error"; message: string }
  /** On this request the path taken sets no header. */
  | { kind: "unset" };

class Unset {}

/** Evaluate `e` with `input` as the request body. */
export function evaluate(e: Expr, input: Record<string, unknown>): Evaluated {
  try {
    return { kind: "value", value: ev(e, fromJson(input), new Map()) };
  } catch (err) {
    if (err instanceof Dep) return { kind: "unknown", deps: [...new Set(err.deps)] };
    if (err instanceof PyError) return { kind: "error", message: err.message };
    if (err instanceof Unset) return { kind: "unset" };
    if (err instanceof RangeError) return { kind: "unknown", deps: ["an expression too deep to evaluate"] };
    throw err;
  }
}

/** A header value as fal reads it: a number (from its string form), or why it is not one. */
export function unitsOf(v: PyV): { units: number } | { problem: string } {
  const n = v.t === "str" ? parsePyFloat(v.v) : v.t === "int" || v.t === "float" ? v.v : v.t === "bool" ? Number(v.v) : undefined;
  if (n === undefined || Number.isNaN(n)) return { problem: `\`${show(v)}\` is not a number` };
  if (n < 0) return { problem: `${show(v)} is negative` };
  if (!Number.isFinite(n)) return { problem: `${show(v)} is not finite` };
  return { units: n };
}

function ev(e: Expr, input: PyV, vars: Map<string, PyV>): PyV {
  const r = (x: Expr) => ev(x, input, vars);
  switch (e.k) {
    case "num":
      return mk(e.v, e.int);
    case "str":
      return { t: "str", v: e.v };
    case "bool":
      return { t: "bool", v: e.v };
    case "none":
      return { t: "none" };
    case "input":
      return input;
    case "unknown":
      throw new Dep([e.name]);
    case "param":
      throw new Dep([e.name]);
    case "var": {
      const v = vars.get(e.name);
      if (!v) throw new Dep([e.name]);
      return v;
    }
    case "attr":
      return attr(r(e.obj), e.name, e);
    case "item":
      return item(r(e.obj), r(e.index));
    case "bin":
      if (e.op === "and") {
        const l = r(e.l);
        return truthy(l) ? r(e.r) : l;
      }
      if (e.op === "or") {
        const l = r(e.l);
        return truthy(l) ? l : r(e.r);
      }
      return arith(e.op, r(e.l), r(e.r));
    case "unary": {
      const v = r(e.e);
      if (e.op === "not") return { t: "bool", v: !truthy(v) };
      const n = num(v);
      if (n === undefined) throw new PyError(`bad operand type for unary ${e.op}: '${typeName(v)}'`);
      if (e.op === "-") return mk(-n, isInt(v));
      if (e.op === "+") return mk(n, isInt(v));
      if (e.op === "~" && isInt(v)) return mk(~n, true);
      throw new PyError(`bad operand for ${e.op}`);
    }
    case "cmp": {
      let left = r(e.args[0]);
      for (let i = 0; i < e.ops.length; i++) {
        const right = r(e.args[i + 1]);
        if (!compare(e.ops[i], left, right)) return { t: "bool", v: false };
        left = right;
      }
      return { t: "bool", v: true };
    }
    case "cond": {
      let t: PyV;
      try {
        t = r(e.test);
      } catch (err) {
        if (!(err instanceof Dep)) throw err;
        // Both ways give the same value: the test does not matter.
        const a = attempt(() => r(e.then));
        const b = attempt(() => r(e.else));
        if (a && b && same(a, b)) return a;
        throw err;
      }
      return truthy(t) ? r(e.then) : r(e.else);
    }
    case "call": {
      // len([f(x) for x in xs]) is len(xs): the items (a model's outputs) need not be known.
      const a = e.args[0];
      if (e.fn === "len" && e.args.length === 1 && a.k === "comp" && a.ifs.length === 0) return mk(iterate(r(a.iter)).length, true);
      return call(e.fn, e.args.map(r));
    }
    case "list":
      return { t: "list", items: e.items.map(r) };
    case "comp": {
      const out: PyV[] = [];
      for (const x of iterate(r(e.iter))) {
        const inner = new Map(vars).set(e.v, x);
        if (e.ifs.every((c) => truthy(ev(c, input, inner)))) out.push(ev(e.elt, input, inner));
      }
      return { t: "list", items: out };
    }
    case "fstr":
      return { t: "str", v: e.parts.map((p) => (typeof p === "string" ? p : format(r(p.e), p.spec))).join("") };
    case "set":
      return r(e.value);
    case "carrier":
      return r(e.value);
    case "unset":
      throw new Unset();
    default:
      throw new Dep([e.k === "obj" || e.k === "headers" ? "a response object" : "a function"]);
  }
}

function attempt(f: () => PyV): PyV | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function same(a: PyV, b: PyV): boolean {
  return a.t === b.t && show(a) === show(b);
}

function attr(o: PyV, name: string, e: Expr): PyV {
  if (o.t === "dict") {
    const v = o.v.get(name);
    if (v) return v;
    throw new Dep([describe(e)]);
  }
  throw new PyError(`'${typeName(o)}' object has no attribute '${name}'`);
}

/** `input.width` → "input.width": what a missing request field is called. */
function describe(e: Expr): string {
  if (e.k === "input") return "input";
  if (e.k === "attr") return `${describe(e.obj)}.${e.name}`;
  return "a value";
}

function item(o: PyV, i: PyV): PyV {
  if (o.t === "dict" && i.t === "str") {
    const v = o.v.get(i.v);
    if (!v) throw new Dep([`the request field ${JSON.stringify(i.v)}`]);
    return v;
  }
  if ((o.t === "list" || o.t === "str") && isInt(i)) {
    const len = o.t === "list" ? o.items.length : o.v.length;
    const k = num(i)! < 0 ? len + num(i)! : num(i)!;
    if (k < 0 || k >= len) throw new PyError("index out of range");
    return o.t === "list" ? o.items[k] : { t: "str", v: o.v[k] };
  }
  throw new PyError(`'${typeName(o)}' object is not subscriptable with ${typeName(i)}`);
}

/** What a header value is at least: a string (as fal needs), a number (a 500), or not known. */
export function staticType(e: Expr): "str" | "number" | "unknown" {
  switch (e.k) {
    case "str":
    case "fstr":
      return "str";
    case "num":
    case "bool":
      return "number";
    case "call":
      return e.fn === "str" ? "str" : /^(len|int|float|round|abs|math\.\w+|sum)$/.test(e.fn) ? "number" : "unknown";
    case "bin": {
      const l = staticType(e.l);
      const r = staticType(e.r);
      if (["+", "-", "*", "/", "//", "**"].includes(e.op) && l === "number" && r === "number") return "number";
      return l === "str" && r === "str" && e.op === "+" ? "str" : "unknown";
    }
    case "cond": {
      const a = staticType(e.then);
      return a === staticType(e.else) ? a : "unknown";
    }
    default:
      return "unknown";
  }
}
