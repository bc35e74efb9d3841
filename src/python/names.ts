import { classCtx as classOf, findAttr, findMethod } from "./classes.js";
import { convert, type FnCtx } from "./calls.js";
import { unknown, type Expr } from "./expr.js";
import { resolveDotted, type PyModule } from "./module.js";
import type { FnRef, State } from "./paths.js";
import type { SyntaxNode } from "./tree.js";

/**
 * Names resolved statically, as the flow layer reads them: a local, a module-level or class
 * constant (its value, computed once), `self.X` / `Class.X` / `module.f` through the project's
 * classes and imports.
 */

const moduleValues = new WeakMap<SyntaxNode, Expr>();

/** A module-level (or class-level) constant's value; calls in it are opaque. */
function constantOf(mod: PyModule, node: SyntaxNode, name: string): Expr {
  const hit = moduleValues.get(node);
  if (hit) return hit;
  moduleValues.set(node, unknown(name)); // cycles resolve to unknown
  const ctx: FnCtx = { ref: { mod, def: node, kind: "function", skipFirst: false }, memo: new Map(), rets: [], writes: [], loopExits: [], constOnly: true };
  const v = convert(node, { env: new Map(), hdr: new Map(), pc: [] }, ctx);
  const out = v.k === "unknown" ? unknown(name) : v;
  moduleValues.set(node, out);
  return out;
}

export function nameRef(name: string, st: State, ctx: FnCtx): Expr {
  const local = st.env.get(name);
  if (local) return local;
  const r = resolveDotted(ctx.ref.mod, [name]);
  if (r?.kind === "value") return constantOf(r.mod, r.node, name);
  if (r?.kind === "function") return { k: "fn", ref: { mod: r.mod, def: r.node, kind: "function", skipFirst: false } satisfies FnRef, bound: [] };
  if (name === "True" || name === "False") return { k: "bool", v: name === "True" };
  return unknown(name);
}

/** `self.X`, `Class.X`, `module.X`, `pkg.mod.f`: a name resolved statically, if it is one. */
export function staticMember(parts: string[], st: State, ctx: FnCtx): Expr | undefined {
  const [head, ...rest] = parts;
  const cls = ctx.ref.cls;
  if (head === ctx.selfName && cls && rest.length === 1 && st.env.get(head)?.k === "param") {
    const m = findMethod(cls, rest[0]);
    if (m) return { k: "fn", ref: { mod: m.cls.mod, def: m.def, cls: m.cls, kind: m.kind, skipFirst: m.kind !== "static" } satisfies FnRef, bound: [] };
    const a = findAttr(cls, rest[0]);
    return a ? constantOf(a.cls.mod, a.node, rest[0]) : undefined;
  }
  if (st.env.has(head)) return undefined;
  const owner = resolveDotted(ctx.ref.mod, parts.slice(0, -1));
  const last = parts[parts.length - 1];
  if (owner?.kind === "class") {
    const c = classOf(owner.mod, owner.node);
    const m = findMethod(c, last);
    if (m) return { k: "fn", ref: { mod: m.cls.mod, def: m.def, cls: m.cls, kind: m.kind, skipFirst: m.kind === "class" } satisfies FnRef, bound: [] };
    const a = findAttr(c, last);
    return a ? constantOf(a.cls.mod, a.node, parts.join(".")) : undefined;
  }
  const r = resolveDotted(ctx.ref.mod, parts);
  if (r?.kind === "value") return constantOf(r.mod, r.node, parts.join("."));
  if (r?.kind === "function") return { k: "fn", ref: { mod: r.mod, def: r.node, kind: "function", skipFirst: false } satisfies FnRef, bound: [] };
  return undefined;
}
