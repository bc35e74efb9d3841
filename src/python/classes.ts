import { falSymbol, resolveDotted, type PyModule } from "./module.js";
import { child, decoratorNames, dotted, functionDef, simpleAssign, splitArgs, statements, text } from "./syntax.js";
import type { SyntaxNode } from "./tree.js";

/** A class as the flow layer needs it: methods (with their kind), attributes, bases. */
export interface ClassCtx {
  mod: PyModule;
  node: SyntaxNode;
  name: string;
  methods: Map<string, { def: SyntaxNode; kind: "method" | "static" | "class"; decorated?: SyntaxNode }>;
  /** Class-body `NAME = value`. */
  attrs: Map<string, SyntaxNode>;
  /** Project classes it derives from, in order (fal.App and unknown bases are not listed). */
  bases: ClassCtx[];
  /** Derives from fal's App, directly or through a project class. */
  isApp: boolean;
}

const cache = new WeakMap<SyntaxNode, ClassCtx>();

export function classCtx(mod: PyModule, node: SyntaxNode, depth = 0): ClassCtx {
  const hit = cache.get(node);
  if (hit) return hit;
  const nameNode = child(node, "VariableName");
  const ctx: ClassCtx = { mod, node, name: nameNode ? text(mod, nameNode) : "", methods: new Map(), attrs: new Map(), bases: [], isApp: false };
  cache.set(node, ctx); // before the bases: `class A(A)` must not loop
  for (const s of statements(child(node, "Body"))) {
    if (s.name === "AssignStatement") {
      const a = simpleAssign(s);
      if (a) ctx.attrs.set(text(mod, a.target), a.value);
      continue;
    }
    const def = functionDef(s);
    const fnName = def && child(def, "VariableName");
    if (!def || !fnName) continue;
    const decos = decoratorNames(mod, s).map((d) => d.join("."));
    const kind = decos.includes("staticmethod") ? "static" : decos.includes("classmethod") ? "class" : "method";
    ctx.methods.set(text(mod, fnName), { def, kind, decorated: s.name === "DecoratedStatement" ? s : undefined });
  }
  for (const b of splitArgs(mod, child(node, "ArgList")).positional) {
    const parts = dotted(mod, b);
    if (falSymbol(mod, parts) === "App") {
      ctx.isApp = true;
      continue;
    }
    const r = parts && depth < 20 ? resolveDotted(mod, parts) : undefined;
    if (r?.kind !== "class") continue;
    const base = classCtx(r.mod, r.node, depth + 1);
    ctx.bases.push(base);
    if (base.isApp) ctx.isApp = true;
  }
  return ctx;
}

/** Depth-first lookup through the bases (Python's MRO for the single-inheritance case). */
export function findMethod(cls: ClassCtx, name: string, seen = new Set<ClassCtx>()): { cls: ClassCtx; def: SyntaxNode; kind: "method" | "static" | "class" } | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const m = cls.methods.get(name);
  if (m) return { cls, def: m.def, kind: m.kind };
  for (const b of cls.bases) {
    const found = findMethod(b, name, seen);
    if (found) return found;
  }
  return undefined;
}

export function findAttr(cls: ClassCtx, name: string, seen = new Set<ClassCtx>()): { cls: ClassCtx; node: SyntaxNode } | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const a = cls.attrs.get(name);
  if (a) return { cls, node: a };
  for (const b of cls.bases) {
    const found = findAttr(b, name, seen);
    if (found) return found;
  }
  return undefined;
}
