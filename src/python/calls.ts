import { findMethod } from "./classes.js";
import { cond, unknown, UNSET, type Expr } from "./expr.js";
import { carried, HEADER_SETTERS, isBillingKey, objKey, write } from "./headers.js";
import { nameRef, staticMember } from "./names.js";
import { comprehension, formatString } from "./assign.js";
import { fork, join, type FnRef, type Ret, type State, type Summary } from "./paths.js";
import { splice } from "./splice.js";
import { elements, parseNumber, stringValue } from "./literals.js";
import { resolveDotted } from "./module.js";
import { child, dotted, kids, splitArgs, text } from "./syntax.js";
import type { SyntaxNode } from "./tree.js";

/**
 * The expression half of the flow layer: Python expressions → Expr, with the side effects
 * that matter for billing (header writes, helper calls spliced in) applied to the state.
 * Name resolution is in names.ts, the header objects and writes in headers.ts.
 */

/** Calls that evaluate to themselves in the units evaluator. */
const BUILTINS = new Set(["int", "float", "round", "str", "len", "max", "min", "sum", "abs", "range", "bool", "list", "tuple"]);
const MATH = new Set(["ceil", "floor", "trunc", "sqrt", "prod"]);
const RESPONSES = /^(\w*Response)$/;

export interface FnCtx {
  ref: FnRef;
  memo: Map<SyntaxNode, Summary | "busy">;
  rets: Ret[];
  writes: Summary["writes"];
  loopExits: State[][];
  /** The method's `self`/`cls` parameter, through which `self.m()` and `self.X` resolve. */
  selfName?: string;
  /** Converting a module-level constant: calls are opaque. */
  constOnly?: boolean;
}

export type FnValue = Extract<Expr, { k: "fn" }>;


/** Convert an expression node, applying its effects to `st`. */
export function convert(n: SyntaxNode, st: State, ctx: FnCtx): Expr {
  const mod = ctx.ref.mod;
  switch (n.name) {
    case "Number": {
      const t = text(mod, n);
      const v = parseNumber(t);
      if (v === undefined) return unknown(t);
      return { k: "num", v, int: /^(0[xob][0-9a-f_]+|[0-9_]+)$/i.test(t) };
    }
    case "String":
    case "ContinuedString": {
      const s = stringValue(n, mod.src);
      return s === undefined ? unknown(text(mod, n)) : { k: "str", v: s };
    }
    case "FormatString":
      return formatString(n, st, ctx);
    case "Boolean":
      return { k: "bool", v: text(mod, n) === "True" };
    case "None":
      return { k: "none" };
    case "VariableName":
      return nameRef(text(mod, n), st, ctx);
    case "ParenthesizedExpression": {
      const parts = elements(n);
      if (parts.length === 1 && parts[0].length === 1) return convert(parts[0][0], st, ctx);
      return { k: "list", items: parts.map((p) => (p.length === 1 ? convert(p[0], st, ctx) : unknown(text(mod, n)))) };
    }
    case "TupleExpression":
    case "ArrayExpression":
    case "SetExpression":
      return { k: "list", items: elements(n).map((p) => (p.length === 1 ? convert(p[0], st, ctx) : unknown(text(mod, n)))) };
    case "ArrayComprehensionExpression":
    case "SetComprehensionExpression":
    case "ArgList":
      return comprehension(n, st, ctx);
    case "DictionaryExpression":
      return dict(n, st, ctx);
    case "MemberExpression":
      return member(n, st, ctx);
    case "CallExpression":
      return call(n, st, ctx);
    case "AwaitExpression":
      return n.lastChild ? convert(n.lastChild, st, ctx) : unknown("await");
    case "UnaryExpression": {
      const [op, arg] = kids(n);
      return arg ? { k: "unary", op: text(mod, op), e: convert(arg, st, ctx) } : unknown(text(mod, n));
    }
    case "BinaryExpression":
      return binary(n, st, ctx);
    case "ConditionalExpression": {
      const [a, , test, , b] = kids(n);
      if (!a || !test || !b) return unknown(text(mod, n));
      const t = convert(test, st, ctx);
      const src = text(mod, test);
      const d = { test: t, yes: `\`${src}\` is true`, no: `\`${src}\` is false` };
      const sa = fork(st, d);
      const sb = fork(st, { ...d, test: { k: "unary", op: "not", e: t } });
      const va = convert(a, sa, ctx);
      const vb = convert(b, sb, ctx);
      Object.assign(st, join(sa, sb, d, st.pc));
      return cond(t, va, vb, d.yes, d.no);
    }
    case "NamedExpression": {
      const [target, , value] = kids(n);
      const v = value ? convert(value, st, ctx) : unknown("walrus");
      if (target?.name === "VariableName") st.env.set(text(mod, target), v);
      return v;
    }
    default:
      return unknown(text(mod, n));
  }
}

function dict(n: SyntaxNode, st: State, ctx: FnCtx): Expr {
  const key = `d:${ctx.ref.mod.file ?? ""}:${n.from}`;
  st.hdr.set(key, UNSET);
  for (const part of elements(n)) {
    if (part.length !== 3 || part[1].name !== ":") continue;
    const k = convert(part[0], st, ctx);
    const v = convert(part[2], st, ctx);
    if (isBillingKey(k)) write(key, v, part[0], part[2], st, ctx, true);
  }
  return { k: "obj", key, kind: "dict" };
}

function member(n: SyntaxNode, st: State, ctx: FnCtx): Expr {
  const [obj, open, prop] = kids(n);
  if (!obj || !prop) return unknown(text(ctx.ref.mod, n));
  if (open?.name === "[") return { k: "item", obj: convert(obj, st, ctx), index: convert(prop, st, ctx) };
  const parts = dotted(ctx.ref.mod, n);
  const known = parts && staticMember(parts, st, ctx);
  if (known) return known;
  const o = convert(obj, st, ctx);
  const name = text(ctx.ref.mod, prop);
  if (name === "headers" && (o.k === "param" || o.k === "obj")) return { k: "headers", key: objKey(o)! };
  return { k: "attr", obj: o, name };
}

function binary(n: SyntaxNode, st: State, ctx: FnCtx): Expr {
  const k = kids(n);
  const l = k[0];
  const r = k[k.length - 1];
  const op = k.slice(1, -1).map((c) => text(ctx.ref.mod, c)).join(" ");
  if (!l || !r || !op) return unknown(text(ctx.ref.mod, n));
  if (/^(<|>|==|>=|<=|!=|in|not in|is|is not)$/.test(op)) {
    // `a < b <= c` is one chained comparison in Python.
    const left = l.name === "BinaryExpression" ? convert(l, st, ctx) : undefined;
    const rv = convert(r, st, ctx);
    if (left?.k === "cmp") return { k: "cmp", ops: [...left.ops, op], args: [...left.args, rv] };
    return { k: "cmp", ops: [op], args: [left ?? convert(l, st, ctx), rv] };
  }
  const lv = convert(l, st, ctx);
  return { k: "bin", op, l: lv, r: convert(r, st, ctx) };
}

function call(n: SyntaxNode, st: State, ctx: FnCtx): Expr {
  const mod = ctx.ref.mod;
  const callee = n.firstChild!;
  const args = splitArgs(mod, child(n, "ArgList"));
  const parts = dotted(mod, callee);
  const last = parts?.[parts.length - 1] ?? (callee.name === "MemberExpression" ? text(mod, callee.lastChild!) : "");
  const argv = () => args.positional.map((a) => convert(a, st, ctx));
  const kwv = () => new Map(args.keywords.map((kw) => [kw.name, convert(kw.value, st, ctx)] as const));

  // Header setters on a headers object: response.headers.update({...}), h.setdefault(K, v) …
  const target = callee.name === "MemberExpression" && HEADER_SETTERS.has(last) && callee.firstChild ? convert(callee.firstChild, st, ctx) : undefined;
  if (target?.k === "headers" || target?.k === "obj") {
    const key = objKey(target)!;
    const a = argv();
    if (last === "update" && a[0]) {
      const v = carried(a[0], st);
      if (v !== UNSET) st.hdr.set(key, v);
    } else if (a[0] && isBillingKey(a[0]) && a[1]) {
      write(key, a[1], n, args.positional[1], st, ctx);
    }
    return unknown(text(mod, n));
  }
  // Callables run elsewhere: asyncio.to_thread(f, …), loop.run_in_executor(ex, f, …), functools.partial(f, …).
  if (!ctx.constOnly && (last === "run_in_executor" || ((last === "to_thread" || last === "partial") && (parts?.length ?? 3) <= 2))) {
    const a = argv();
    const skip = last === "run_in_executor" ? 1 : 0;
    const fn = a[skip];
    if (fn?.k === "fn") {
      const bound: FnValue = { ...fn, bound: [...fn.bound, ...a.slice(skip + 1)] };
      return last === "partial" ? bound : splice(bound, [], kwv(), st, ctx);
    }
    return unknown(text(mod, n));
  }
  if (parts && !ctx.constOnly) {
    const head = parts[0];
    const imported = mod.imports.get(last);
    if ((parts.length === 2 && head === "math" && MATH.has(last)) || (parts.length === 1 && imported?.spec === "math" && MATH.has(imported.name ?? ""))) {
      return { k: "call", fn: `math.${imported?.spec === "math" ? imported.name : last}`, args: argv() };
    }
    if (parts.length === 1 && BUILTINS.has(head) && !st.env.has(head) && !resolveDotted(mod, parts)) return { k: "call", fn: head, args: argv() };
    if (RESPONSES.test(last) && !resolveDotted(mod, parts)) {
      const a = argv();
      const kw = kwv();
      const h = kw.get("headers") ?? a[2];
      const key = `r:${mod.file ?? ""}:${n.from}`;
      st.hdr.set(key, h ? carried(h, st) : UNSET);
      return { k: "obj", key, kind: "response" };
    }
    if (parts.length === 1 && head === "dict" && !st.env.has(head)) {
      const key = `d:${mod.file ?? ""}:${n.from}`;
      st.hdr.set(key, UNSET);
      return { k: "obj", key, kind: "dict" };
    }
  }
  const fn = ctx.constOnly ? undefined : calleeValue(callee, parts, st, ctx);
  if (fn?.k === "fn") return splice(fn, argv(), kwv(), st, ctx);
  // An opaque call: its arguments still run (and may call helpers).
  argv();
  kwv();
  // A method called on a local (`images.append(x)`) may change it.
  if (parts && parts.length === 2 && parts[0] !== ctx.selfName && st.env.get(parts[0])?.k !== "param" && st.env.has(parts[0])) st.env.set(parts[0], unknown(parts[0]));
  return unknown(`${text(mod, callee)}(…)`);
}

function calleeValue(callee: SyntaxNode, parts: string[] | undefined, st: State, ctx: FnCtx): Expr | undefined {
  if (parts) {
    if (parts.length === 1) {
      const v = nameRef(parts[0], st, ctx);
      return v.k === "fn" ? v : undefined;
    }
    return staticMember(parts, st, ctx);
  }
  // super().m(...)
  if (callee.name === "MemberExpression" && callee.firstChild?.name === "CallExpression" && ctx.ref.cls) {
    const inner = dotted(ctx.ref.mod, callee.firstChild.firstChild);
    const name = callee.lastChild && text(ctx.ref.mod, callee.lastChild);
    if (inner?.join(".") === "super" && name) {
      for (const b of ctx.ref.cls.bases) {
        const m = findMethod(b, name);
        if (m) return { k: "fn", ref: { mod: m.cls.mod, def: m.def, cls: m.cls, kind: m.kind, skipFirst: m.kind !== "static" } satisfies FnRef, bound: [] };
      }
    }
  }
  return undefined;
}

