/** Python values for the units evaluator, with Python's arithmetic and comparisons. */

export type PyV =
  | { t: "int"; v: number }
  | { t: "float"; v: number }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "list"; items: PyV[] }
  | { t: "dict"; v: Map<string, PyV> };

export class Dep {
  constructor(readonly deps: string[]) {}
}
export class PyError {
  constructor(readonly message: string) {}
}

export const MAX_LIST = 100_000;

export function fromJson(x: unknown): PyV {
  if (x === null || x === undefined) return { t: "none" };
  if (typeof x === "boolean") return { t: "bool", v: x };
  if (typeof x === "number") return Number.isInteger(x) ? { t: "int", v: x } : { t: "float", v: x };
  if (typeof x === "string") return { t: "str", v: x };
  if (Array.isArray(x)) return { t: "list", items: x.map(fromJson) };
  return { t: "dict", v: new Map(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)])) };
}

/** Python's str() of a value. */
export function show(v: PyV): string {
  switch (v.t) {
    case "int":
      // Past 2^53 String() gives the shortest digits that round-trip (…054100); Python's int
      // from that double (math.ceil of a big float) prints its exact value (…054080).
      return Number.isSafeInteger(v.v) || !Number.isFinite(v.v) ? String(v.v) : BigInt(v.v).toString();
    case "float":
      return floatRepr(v.v);
    case "str":
      return v.v;
    case "bool":
      return v.v ? "True" : "False";
    case "none":
      return "None";
    case "list":
      return `[${v.items.map((i) => (i.t === "str" ? `'${i.v}'` : show(i))).join(", ")}]`;
    case "dict":
      return `{${[...v.v].map(([k, x]) => `'${k}': ${x.t === "str" ? `'${x.v}'` : show(x)}`).join(", ")}}`;
  }
}

/** repr(float): shortest round-trip digits, fixed between 1e-4 and 1e16, else exponent form. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  if (exp >= -4 && exp < 16) {
    const digits = mant.replace("-", "").replace(".", "");
    const sign = x < 0 ? "-" : "";
    let s: string;
    if (exp < 0) s = "0." + "0".repeat(-exp - 1) + digits;
    else if (digits.length > exp + 1) s = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    else s = digits + "0".repeat(exp + 1 - digits.length) + ".0";
    return sign + s;
  }
  return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

export const num = (v: PyV): number | undefined => (v.t === "int" || v.t === "float" ? v.v : v.t === "bool" ? Number(v.v) : undefined);
export const isInt = (v: PyV) => v.t === "int" || v.t === "bool";
// Python ints have no negative zero.
export const mk = (v: number, int: boolean): PyV => (int ? { t: "int", v: v === 0 ? 0 : v } : { t: "float", v });

export function truthy(v: PyV): boolean {
  switch (v.t) {
    case "int":
    case "float":
      return v.v !== 0;
    case "bool":
      return v.v;
    case "str":
      return v.v.length > 0;
    case "none":
      return false;
    case "list":
      return v.items.length > 0;
    case "dict":
      return v.v.size > 0;
  }
}

export function typeName(v: PyV): string {
  return v.t === "none" ? "NoneType" : v.t;
}

export function iterate(v: PyV): PyV[] {
  if (v.t === "list") return v.items;
  if (v.t === "str") return [...v.v].map((c) => ({ t: "str", v: c }) as PyV);
  if (v.t === "dict") return [...v.v.keys()].map((k) => ({ t: "str", v: k }) as PyV);
  throw new PyError(`'${typeName(v)}' object is not iterable`);
}

export function arith(op: string, a: PyV, b: PyV): PyV {
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) {
    if (op === "+" && a.t === "str" && b.t === "str") return { t: "str", v: a.v + b.v };
    if (op === "+" && a.t === "list" && b.t === "list") return { t: "list", items: [...a.items, ...b.items] };
    if (op === "*" && (a.t === "str" || a.t === "list") && isInt(b)) return repeat(a, num(b)!);
    if (op === "*" && (b.t === "str" || b.t === "list") && isInt(a)) return repeat(b, num(a)!);
    throw new PyError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  }
  const int = isInt(a) && isInt(b);
  switch (op) {
    case "+":
      return mk(x + y, int);
    case "-":
      return mk(x - y, int);
    case "*":
      return mk(x * y, int);
    case "/":
      if (y === 0) throw new PyError("division by zero");
      return mk(x / y, false);
    case "//":
      if (y === 0) throw new PyError("integer division or modulo by zero");
      return int ? mk(Math.floor(x / y), true) : mk(floatDivmod(x, y)[0], false);
    case "%":
      if (y === 0) throw new PyError("integer division or modulo by zero");
      return int ? mk(x - y * Math.floor(x / y), true) : mk(floatDivmod(x, y)[1], false);
    case "**":
      if (x === 0 && y < 0) throw new PyError("0.0 cannot be raised to a negative power");
      if (x < 0 && !Number.isInteger(y)) throw new PyError("a negative number to a fractional power is complex");
      // V8's pow is not correctly rounded for negative exponents (7 ** -2); libm's is: 1 / 7 ** 2 is.
      return mk(Number.isInteger(y) && y < 0 ? 1 / x ** -y : x ** y, int && y >= 0);
    default:
      throw new Dep([`the \`${op}\` operator`]);
  }
}

/** CPython's float_divmod: fmod-based, so 1 // 0.1 is 9.0 as in Python, not 10. */
function floatDivmod(x: number, y: number): [number, number] {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  } else mod = y < 0 ? -0 : 0;
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    const q = x / y;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0; // copysign(0.0, x / y)
  }
  return [floordiv, mod];
}

export function repeat(v: Extract<PyV, { t: "str" } | { t: "list" }>, n: number): PyV {
  const times = Math.max(0, n);
  if (v.t === "str") return { t: "str", v: times * v.v.length > MAX_LIST ? v.v : v.v.repeat(times) };
  if (times * v.items.length > MAX_LIST) throw new Dep(["a list too long to build"]);
  return { t: "list", items: Array.from({ length: times }, () => v.items).flat() };
}

export function compare(op: string, a: PyV, b: PyV): boolean {
  if (op === "in" || op === "not in") {
    const has = b.t === "str" && a.t === "str" ? b.v.includes(a.v) : b.t === "dict" && a.t === "str" ? b.v.has(a.v) : iterate(b).some((x) => equal(x, a));
    return op === "in" ? has : !has;
  }
  if (op === "is" || op === "is not") {
    const same = (a.t === "none" && b.t === "none") || (a.t === "bool" && b.t === "bool" && a.v === b.v);
    return op === "is" ? same : !same;
  }
  if (op === "==") return equal(a, b);
  if (op === "!=") return !equal(a, b);
  const x = num(a) ?? (a.t === "str" ? a.v : undefined);
  const y = num(b) ?? (b.t === "str" ? b.v : undefined);
  if (x === undefined || y === undefined || typeof x !== typeof y) throw new PyError(`'${op}' not supported between '${typeName(a)}' and '${typeName(b)}'`);
  return op === "<" ? x < y : op === ">" ? x > y : op === "<=" ? x <= y : x >= y;
}

export function equal(a: PyV, b: PyV): boolean {
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x === y;
  return a.t === b.t && show(a) === show(b);
}

