import type { Pos } from "../diagnostics.js";

/**
 * A Python expression as the flow layer understands it: values the units evaluator
 * (units.ts) can compute over a concrete request, plus the references the flow layer needs
 * (objects that carry headers, callables). Everything it cannot know is `unknown`, named
 * after what it depends on.
 */
export type Expr =
  | { k: "num"; v: number; int: boolean }
  | { k: "str"; v: string }
  | { k: "bool"; v: boolean }
  | { k: "none" }
  /** The request body (the endpoint's input model). */
  | { k: "input" }
  /** Depends on something not known statically: a model's output, a file, a loop's runs. */
  | { k: "unknown"; name: string }
  /** A parameter of the function being summarised; substituted when the call is spliced in. */
  | { k: "param"; name: string }
  | { k: "attr"; obj: Expr; name: string }
  | { k: "item"; obj: Expr; index: Expr }
  | { k: "bin"; op: string; l: Expr; r: Expr }
  | { k: "unary"; op: string; e: Expr }
  | { k: "cmp"; ops: string[]; args: Expr[] }
  /** Path-dependent value; `why` says which way each branch goes, for the witness. */
  | { k: "cond"; test: Expr; then: Expr; else: Expr; whyThen: string; whyElse: string }
  | { k: "call"; fn: string; args: Expr[] }
  | { k: "list"; items: Expr[] }
  | { k: "comp"; elt: Expr; v: string; iter: Expr; ifs: Expr[] }
  | { k: "var"; name: string }
  | { k: "fstr"; parts: Array<string | { e: Expr; spec: string }> }
  // ---- references (never numbers)
  /** A Response or headers dict created in the function (key into the header state). */
  | { k: "obj"; key: string; kind: "response" | "dict" }
  /** `x.headers` of an object: writes through it reach that object. */
  | { k: "headers"; key: string }
  /** A value that carries a header: a returned Response/dict, or a header value on one path. */
  | { k: "carrier"; kind: "response" | "dict"; value: Expr }
  /** The header is set here, to `value` (a leaf of a header state). */
  | { k: "set"; value: Expr; pos: Pos; file?: string; text: string }
  /** The header is not set on this path. */
  | { k: "unset" }
  /** A callable: a function with arguments already bound (functools.partial). */
  | { k: "fn"; ref: unknown; bound: Expr[] };

export const UNSET: Expr = { k: "unset" };
export const unknown = (name: string): Expr => ({ k: "unknown", name });

/** `test ? a : b`, folded when both sides are the same value. */
export function cond(test: Expr, a: Expr, b: Expr, whyThen: string, whyElse: string): Expr {
  if (a === b) return a;
  return { k: "cond", test, then: a, else: b, whyThen, whyElse };
}

/** Replace params (and nothing else) bottom-up. Unchanged subtrees are shared, not copied. */
export function substitute(e: Expr, f: (name: string) => Expr | undefined, seen = new Map<Expr, Expr>()): Expr {
  const hit = seen.get(e);
  if (hit) return hit;
  const s = (x: Expr) => substitute(x, f, seen);
  const all = (xs: Expr[]) => {
    const ys = xs.map(s);
    return ys.every((y, i) => y === xs[i]) ? xs : ys;
  };
  let out: Expr = e;
  switch (e.k) {
    case "param":
      out = f(e.name) ?? e;
      break;
    case "attr": {
      const obj = s(e.obj);
      if (obj !== e.obj) out = { ...e, obj };
      break;
    }
    case "item": {
      const [obj, index] = [s(e.obj), s(e.index)];
      if (obj !== e.obj || index !== e.index) out = { ...e, obj, index };
      break;
    }
    case "bin": {
      const [l, r] = [s(e.l), s(e.r)];
      if (l !== e.l || r !== e.r) out = { ...e, l, r };
      break;
    }
    case "unary": {
      const inner = s(e.e);
      if (inner !== e.e) out = { ...e, e: inner };
      break;
    }
    case "cmp": {
      const args = all(e.args);
      if (args !== e.args) out = { ...e, args };
      break;
    }
    case "cond": {
      const [test, then, otherwise] = [s(e.test), s(e.then), s(e.else)];
      if (test !== e.test || then !== e.then || otherwise !== e.else) out = { ...e, test, then, else: otherwise };
      break;
    }
    case "call": {
      const args = all(e.args);
      if (args !== e.args) out = { ...e, args };
      break;
    }
    case "list": {
      const items = all(e.items);
      if (items !== e.items) out = { ...e, items };
      break;
    }
    case "comp": {
      const [elt, iter, ifs] = [s(e.elt), s(e.iter), all(e.ifs)];
      if (elt !== e.elt || iter !== e.iter || ifs !== e.ifs) out = { ...e, elt, iter, ifs };
      break;
    }
    case "fstr": {
      const parts = e.parts.map((p) => (typeof p === "string" ? p : { e: s(p.e), spec: p.spec }));
      if (parts.some((p, i) => typeof p !== "string" && p.e !== (e.parts[i] as { e: Expr }).e)) out = { ...e, parts };
      break;
    }
    case "carrier":
    case "set": {
      const value = s(e.value);
      if (value !== e.value) out = { ...e, value };
      break;
    }
    case "fn": {
      const bound = all(e.bound);
      if (bound !== e.bound) out = { ...e, bound };
      break;
    }
  }
  seen.set(e, out);
  return out;
}

/** The `set` leaves of a header state, in order, without duplicates. */
export function setLeaves(e: Expr, out: Array<Extract<Expr, { k: "set" }>> = [], seen = new Set<Expr>()): Array<Extract<Expr, { k: "set" }>> {
  if (seen.has(e)) return out;
  seen.add(e);
  if (e.k === "set") {
    if (!out.some((s) => s.pos.line === e.pos.line && s.pos.column === e.pos.column && s.file === e.file)) out.push(e);
  } else if (e.k === "cond") {
    setLeaves(e.then, out, seen);
    setLeaves(e.else, out, seen);
  }
  return out;
}

/** The branch choices that lead to an `unset` leaf, or undefined when every path sets the header. */
export function unsetPath(e: Expr, seen = new Set<Expr>()): string[] | undefined {
  if (e.k === "unset") return [];
  if (e.k !== "cond" || seen.has(e)) return undefined;
  seen.add(e);
  const t = unsetPath(e.then, seen);
  if (t) return e.whyThen ? [e.whyThen, ...t] : t;
  const f = unsetPath(e.else, seen);
  if (f) return e.whyElse ? [e.whyElse, ...f] : f;
  return undefined;
}
