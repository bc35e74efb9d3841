import { convert, type FnCtx } from "./calls.js";
import { isBillingKey, objKey, write } from "./headers.js";
import { nameRef } from "./names.js";
import { unknown, type Expr } from "./expr.js";
import { fork, type State } from "./paths.js";
import { elements } from "./literals.js";
import { kids, text } from "./syntax.js";
import type { SyntaxNode } from "./tree.js";

/** Assignments, f-strings and comprehensions: the expression layer's binding forms. */

/** Statements that are expressions or assignments. */
export function assignment(s: SyntaxNode, st: State, ctx: FnCtx): void {
  const mod = ctx.ref.mod;
  const k = kids(s);
  if (s.name === "UpdateStatement") {
    const [target, op, value] = k;
    if (target?.name === "VariableName" && op && value) {
      const name = text(mod, target);
      st.env.set(name, { k: "bin", op: text(mod, op).slice(0, -1), l: nameRef(name, st, ctx), r: convert(value, st, ctx) });
    } else if (value) convert(value, st, ctx);
    return;
  }
  if (s.name !== "AssignStatement") {
    for (const c of k) if (c.name !== "assert" && c.name !== ",") convert(c, st, ctx);
    return;
  }
  const groups: SyntaxNode[][] = [[]];
  for (const c of k) {
    if (c.name === "AssignOp") groups.push([]);
    else if (c.name !== "TypeDef") groups[groups.length - 1].push(c);
  }
  const valueNodes = groups.pop()!.filter((c) => c.name !== ",");
  if (valueNodes.length === 0) return;
  const value: Expr = valueNodes.length === 1 ? convert(valueNodes[0], st, ctx) : { k: "list", items: valueNodes.map((c) => convert(c, st, ctx)) };
  for (const g of groups) {
    const targets = g.filter((c) => c.name !== ",");
    if (targets.length === 1 && targets[0].name !== "TupleExpression") assignTarget(targets[0], value, valueNodes[0], st, ctx);
    else {
      const items = targets.length === 1 ? elements(targets[0]).map((p) => p[0]).filter(Boolean) : targets;
      items.forEach((t, i) => assignTarget(t, value.k === "list" && value.items.length === items.length ? value.items[i] : unknown(text(mod, t)), undefined, st, ctx));
    }
  }
}

function assignTarget(t: SyntaxNode, value: Expr, valueNode: SyntaxNode | undefined, st: State, ctx: FnCtx): void {
  const mod = ctx.ref.mod;
  if (t.name === "VariableName") {
    const name = text(mod, t);
    // A name bound to an opaque value is reported by its own name: "depends on `images`".
    st.env.set(name, value.k === "unknown" ? unknown(name) : value);
    return;
  }
  if (t.name !== "MemberExpression") return;
  const [obj, open, index] = kids(t);
  if (open?.name !== "[" || !obj || !index) return;
  const target = convert(obj, st, ctx);
  const key = convert(index, st, ctx);
  const okey = objKey(target);
  if (okey && isBillingKey(key)) write(okey, value, t, valueNode, st, ctx);
}

export function formatString(n: SyntaxNode, st: State, ctx: FnCtx): Expr {
  const src = ctx.ref.mod.src;
  const raw = src.slice(n.from, n.to);
  const q = /^[a-zA-Z]*('''|"""|'|")/.exec(raw);
  if (!q) return unknown(raw);
  const start = n.from + q[0].length;
  const end = n.to - q[1].length;
  const parts: Array<string | { e: Expr; spec: string }> = [];
  let at = start;
  const lit = (s: string) => s.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name !== "FormatReplacement") continue;
    parts.push(lit(src.slice(at, c.from)));
    const inner = kids(c).filter((x) => x.name !== "{" && x.name !== "}");
    const spec = inner.find((x) => x.name === "FormatSpec");
    const conv = inner.find((x) => x.name === "FormatConversion");
    const e = inner[0] && inner[0] !== spec && inner[0] !== conv ? convert(inner[0], st, ctx) : unknown(raw);
    parts.push({ e: conv ? unknown(src.slice(c.from, c.to)) : e, spec: spec ? src.slice(spec.from + 1, spec.to) : "" });
    at = c.to;
  }
  parts.push(lit(src.slice(at, end)));
  return { k: "fstr", parts };
}

export function comprehension(n: SyntaxNode, st: State, ctx: FnCtx): Expr {
  const k = kids(n).filter((c) => !["[", "]", "(", ")", "{", "}"].includes(c.name));
  const forAt = k.findIndex((c) => c.name === "for");
  const inAt = k.findIndex((c) => c.name === "in");
  if (forAt !== 1 || inAt !== 3 || k[2].name !== "VariableName" || k.slice(inAt + 2).some((c) => c.name === "for")) return unknown(text(ctx.ref.mod, n));
  const v = text(ctx.ref.mod, k[2]);
  const iter = convert(k[4], st, ctx);
  const inner = fork(st);
  inner.env.set(v, { k: "var", name: v });
  const elt = convert(k[0], inner, ctx);
  const ifs = k.slice(5).filter((c) => c.name !== "if").map((c) => convert(c, inner, ctx));
  return { k: "comp", elt, v, iter, ifs };
}

