import type { Pos } from "../diagnostics.js";
import type { ClassCtx } from "./classes.js";
import { cond, unknown, UNSET, type Expr } from "./expr.js";
import type { PyModule } from "./module.js";
import type { SyntaxNode } from "./tree.js";

/**
 * What the flow layer (flow.ts) carries along one path through a function, how a path forks
 * at a branch and how two paths join into `cond` values; and what a function's summary is.
 */

/** One branch decision on a path: `yes` describes taking it, `no` the other way. */
export interface Decision {
  test: Expr;
  yes: string;
  no: string;
}

export interface State {
  env: Map<string, Expr>;
  /** Object key → header value on this path; a missing key has its initial value. */
  hdr: Map<string, Expr>;
  pc: Decision[];
  /** A call that never returns (the callee always raises) ended this path. */
  dead?: boolean;
}

/** One way out of a function: a `return`, or falling off its end. */
export interface Ret {
  pc: Decision[];
  hdr: Map<string, Expr>;
  value: Expr;
  pos: Pos;
  /** Falls off the end of the function (an implicit `return None`). */
  implicit?: boolean;
}

export interface Summary {
  rets: Ret[];
  /** Header writes met on the way (in helpers too), for findings about the writes themselves. */
  writes: Array<Extract<Expr, { k: "set" }> & { dict: boolean }>;
}

/** A def with the class it belongs to (for `self.m()`), ready to summarise. */
export interface FnRef {
  mod: PyModule;
  def: SyntaxNode;
  cls?: ClassCtx;
  kind: "function" | "method" | "static" | "class";
  /** The first parameter is bound (`self.m`, `cls.m`, a bound method passed as a callable). */
  skipFirst: boolean;
}

/** A header object's value before anything in this function wrote it. */
export function initialHeader(key: string): Expr {
  return key.startsWith("p:") ? { k: "param", name: `#h:${key.slice(2)}` } : UNSET;
}

export function hdrGet(st: State, key: string): Expr {
  return st.hdr.get(key) ?? initialHeader(key);
}

export function fork(st: State, d?: Decision): State {
  return { env: new Map(st.env), hdr: new Map(st.hdr), pc: d ? [...st.pc, d] : st.pc };
}

/** Join two paths that split on `d` (a: d taken, b: not taken). */
export function join(a: State | undefined, b: State | undefined, d: Decision, pc: Decision[]): State | undefined {
  if (!a || !b) return a ?? b;
  const out: State = { env: new Map(), hdr: new Map(), pc };
  for (const k of new Set([...a.env.keys(), ...b.env.keys()])) {
    out.env.set(k, cond(d.test, a.env.get(k) ?? unknown(k), b.env.get(k) ?? unknown(k), d.yes, d.no));
  }
  for (const k of new Set([...a.hdr.keys(), ...b.hdr.keys()])) out.hdr.set(k, cond(d.test, hdrGet(a, k), hdrGet(b, k), d.yes, d.no));
  return out;
}
