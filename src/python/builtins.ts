import { arith, compare, Dep, isInt, iterate, MAX_LIST, mk, num, PyError, show, truthy, typeName, type PyV } from "./pyvalue.js";

/**
 * Python's builtins and math functions as the units evaluator (units.ts) needs them, on
 * values: `int("3")`, `round(2.5)` (ties to even), `math.ceil`, `len`, `max`, `range`, format
 * specs. A function it does not know is a dependency (`Dep`), never a guess.
 */

/** A string as Python's float() reads it (underscores, exponent, surrounding blanks). */
export function parsePyFloat(s: string): number | undefined {
  const t = s.trim().replace(/_/g, "");
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined;
}

/** `fn(*args)` for a builtin or `math.` function. */
export function call(fn: string, args: PyV[]): PyV {
  const [a, b] = args;
  const n = (v: PyV | undefined) => {
    const x = v && num(v);
    if (x === undefined) throw new PyError(`${fn}() needs a number, got '${v ? typeName(v) : "nothing"}'`);
    return x;
  };
  switch (fn) {
    case "math.ceil":
      return mk(Math.ceil(n(a)), true);
    case "math.floor":
      return mk(Math.floor(n(a)), true);
    case "math.trunc":
      return mk(Math.trunc(n(a)), true);
    case "math.sqrt":
      if (n(a) < 0) throw new PyError("math domain error");
      return mk(Math.sqrt(n(a)), false);
    case "math.prod":
      return iterate(a).reduce((acc, x) => arith("*", acc, x), mk(1, true) as PyV);
    case "int":
      if (a?.t === "str") {
        const t = a.v.trim().replace(/_/g, "");
        if (!/^[+-]?\d+$/.test(t)) throw new PyError(`invalid literal for int(): '${a.v}'`);
        return mk(Number(t), true);
      }
      return mk(a ? Math.trunc(n(a)) : 0, true);
    case "float":
      if (a?.t === "str") {
        const p = parsePyFloat(a.v);
        if (p === undefined) throw new PyError(`could not convert string to float: '${a.v}'`);
        return mk(p, false);
      }
      return mk(a ? n(a) : 0, false);
    case "round":
      return round(n(a), b && b.t !== "none" ? n(b) : undefined, a && isInt(a));
    case "str":
      return { t: "str", v: a ? show(a) : "" };
    case "bool":
      return { t: "bool", v: a ? truthy(a) : false };
    case "abs":
      return mk(Math.abs(n(a)), isInt(a!));
    case "len":
      // Code points, as Python counts; only strings with surrogate pairs need the slow count.
      if (a?.t === "str") return mk(/[\uD800-\uDFFF]/.test(a.v) ? [...a.v].length : a.v.length, true);
      if (a?.t === "list") return mk(a.items.length, true);
      if (a?.t === "dict") return mk(a.v.size, true);
      throw new PyError(`object of type '${a ? typeName(a) : "nothing"}' has no len()`);
    case "sum":
      return iterate(a ?? { t: "list", items: [] }).reduce((acc, x) => arith("+", acc, x), b ?? mk(0, true));
    case "max":
    case "min": {
      const items = args.length === 1 ? iterate(a) : args;
      if (items.length === 0) throw new PyError(`${fn}() arg is an empty sequence`);
      return items.reduce((best, x) => (compare(fn === "max" ? ">" : "<", x, best) ? x : best));
    }
    case "range": {
      const [start, stop, step] = args.length === 1 ? [0, n(a), 1] : [n(a), n(b), args[2] ? n(args[2]) : 1];
      if (step === 0) throw new PyError("range() arg 3 must not be zero");
      const len = Math.max(0, Math.ceil((stop - start) / step));
      if (len > MAX_LIST) throw new Dep(["a range too long to build"]);
      return { t: "list", items: Array.from({ length: len }, (_, i) => mk(start + i * step, true)) };
    }
    case "list":
    case "tuple":
      return { t: "list", items: a ? iterate(a) : [] };
    default:
      throw new Dep([`${fn}()`]);
  }
}

/** round() with Python's ties-to-even; round(x) is an int, round(x, n) keeps the type. */
function round(x: number, digits: number | undefined, int: boolean | undefined): PyV {
  if (digits === undefined) {
    const f = Math.floor(x);
    const diff = x - f;
    const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    return mk(r, true);
  }
  if (int && digits >= 0) return mk(x, true);
  const p = 10 ** digits;
  return mk(Number((Math.round(x * p) / p).toFixed(Math.max(0, digits))), Boolean(int));
}

/** The subset of format specs header values use: `.Nf`, `d`, `g`, empty. */
export function format(v: PyV, spec: string): string {
  if (spec === "") return show(v);
  const m = /^\.(\d+)f$/.exec(spec);
  const x = num(v);
  if (m && x !== undefined) return x.toFixed(Number(m[1]));
  if (spec === "d" && v.t === "int") return String(v.v);
  if (spec === "g" && x !== undefined) return String(Number(x.toPrecision(6)));
  throw new Dep([`the format \`:${spec}\``]);
}
