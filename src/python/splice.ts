import { convert, type FnCtx, type FnValue } from "./calls.js";
import { objKey } from "./headers.js";
import { cond, substitute, unknown, UNSET, type Expr } from "./expr.js";
import { paramList, summarise } from "./flow.js";
import { hdrGet, initialHeader, type FnRef, type Ret, type State } from "./paths.js";

/** Splice a callee's summary in at a call: its header writes reach the objects passed to it. */
export function splice(fn: FnValue, positional: Expr[], keywords: Map<string, Expr>, st: State, ctx: FnCtx): Expr {
  const ref = fn.ref as FnRef;
  const summary = summarise(ref, ctx.memo);
  if (ctx.memo.get(ref.def) === "busy") return unknown(`a recursive call`);
  const params = paramList(ref.mod, ref.def).slice(ref.skipFirst ? 1 : 0);
  const actual = [...fn.bound, ...positional];
  const bind = new Map<string, Expr>();
  params.forEach((p, i) => {
    const v = p.kind === "pos" ? actual[i] : undefined;
    const kw = keywords.get(p.name);
    if (kw ?? v) bind.set(p.name, (kw ?? v)!);
  });
  // The callee's `self` is the caller's `self`.
  if (ref.skipFirst && ctx.selfName) {
    const first = paramList(ref.mod, ref.def)[0];
    if (first) bind.set(first.name, { k: "param", name: ctx.selfName });
  }
  const defaults = new Map(params.filter((p) => p.default).map((p) => [p.name, p.default!]));
  const sub = (name: string): Expr => {
    if (name.startsWith("#h:")) {
      const key = objKey(bind.get(name.slice(3)));
      return key ? hdrGet(st, key) : UNSET;
    }
    const b = bind.get(name);
    if (b) return b;
    const d = defaults.get(name);
    return d ? convert(d, { env: new Map(), hdr: new Map(), pc: [] }, { ...ctx, ref, constOnly: true }) : unknown(name);
  };
  const memo = new Map<Expr, Expr>();
  const s = (e: Expr) => substitute(e, sub, memo);
  for (const w of summary.writes) ctx.writes.push({ ...w, value: s(w.value) });
  if (summary.rets.length === 0) {
    st.dead = true; // the callee always raises
    return unknown("a call that always raises");
  }
  const touched = new Set(summary.rets.flatMap((r) => [...r.hdr.keys()].filter((k) => k.startsWith("p:"))));
  for (const k of touched) {
    const callerKey = objKey(bind.get(k.slice(2)));
    if (callerKey) st.hdr.set(callerKey, chain(summary.rets, (r) => s(r.hdr.get(k) ?? initialHeader(k)), s));
  }
  return chain(summary.rets, (r) => s(r.value), s);
}

/** The value that the first ret whose path condition holds gives. */
export function chain(rets: Ret[], value: (r: Ret) => Expr, s: (e: Expr) => Expr = (e) => e): Expr {
  let v = value(rets[rets.length - 1]);
  for (let i = rets.length - 2; i >= 0; i--) {
    const pc = rets[i].pc;
    if (pc.length === 0) {
      v = value(rets[i]);
      continue;
    }
    const test = pc.map((d) => s(d.test)).reduce((a, b) => ({ k: "bin", op: "and", l: a, r: b }));
    const yes = pc.map((d) => d.yes).join(" and ");
    v = cond(test, value(rets[i]), v, yes, pc.length === 1 ? pc[0].no : `not (${yes})`);
  }
  return v;
}

