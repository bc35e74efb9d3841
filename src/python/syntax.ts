import { elements } from "./literals.js";
import type { SyntaxNode } from "./tree.js";

/** Small helpers over lezer's Python tree, shared by the module index, the flow layer and the class reader. */

export interface Source {
  src: string;
}

export interface Args {
  positional: SyntaxNode[];
  keywords: { nameNode: SyntaxNode; name: string; value: SyntaxNode }[];
  /** `*xs` / `**kw` present: positions of later arguments are unknown. */
  starred: boolean;
}

export function text(s: Source, n: SyntaxNode): string {
  return s.src.slice(n.from, n.to).trim();
}

/** Children without comments. */
export function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
  return out;
}

/** Statements of a block, with `a; b` groups flattened. */
export function statements(block: SyntaxNode | null | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = block?.firstChild; c; c = c.nextSibling) {
    // A loop, not push(...): a line of 100k+ `a; b; …` statements would overflow the stack.
    if (c.name === "StatementGroup") for (const k of kids(c)) out.push(k);
    else if (c.name !== ":" && c.name !== "Comment") out.push(c);
  }
  return out;
}

export function child(n: SyntaxNode, name: string): SyntaxNode | undefined {
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return undefined;
}

/** `a.b.c` → ["a", "b", "c"]; undefined for anything that is not a plain dotted name. */
export function dotted(s: Source, n: SyntaxNode | null | undefined): string[] | undefined {
  if (!n) return undefined;
  if (n.name === "VariableName") return [text(s, n)];
  if (n.name !== "MemberExpression") return undefined;
  const [obj, dot, prop, extra] = kids(n);
  if (!obj || dot?.name !== "." || prop?.name !== "PropertyName" || extra) return undefined;
  const head = dotted(s, obj);
  return head ? [...head, text(s, prop)] : undefined;
}

export function splitArgs(s: Source, argList: SyntaxNode | null | undefined): Args {
  const out: Args = { positional: [], keywords: [], starred: false };
  if (!argList) return out;
  for (const part of elements(argList)) {
    const [a, b, c] = part;
    if (!a || a.type.isError) continue;
    if (a.name === "VariableName" && b?.name === "AssignOp" && c) {
      out.keywords.push({ nameNode: a, name: text(s, a), value: c });
    } else if (a.name === "*" || a.name === "**") {
      out.starred = true;
    } else if (part.length === 1) {
      out.positional.push(a);
    } else {
      // A generator argument: `sum(x for x in xs)` is one positional argument.
      out.positional.push(argList);
    }
  }
  return out;
}

/** The function definition of a statement (`def` or a decorated `def`). */
export function functionDef(s: SyntaxNode): SyntaxNode | undefined {
  const def = s.name === "DecoratedStatement" ? s.lastChild : s;
  return def?.name === "FunctionDefinition" ? def : undefined;
}

/** Decorator names of a decorated statement, as dotted lists (`@staticmethod` → ["staticmethod"]). */
export function decoratorNames(s: Source, stmt: SyntaxNode): string[][] {
  if (stmt.name !== "DecoratedStatement") return [];
  return kids(stmt)
    .filter((d) => d.name === "Decorator")
    .map((d) => kids(d).filter((c) => c.name === "VariableName").map((c) => text(s, c)));
}

/** Visit every node under `root` (not root itself) without recursion. */
export function walk(root: SyntaxNode, visit: (name: string, node: () => SyntaxNode) => void): void {
  const cur = root.cursor();
  if (!cur.firstChild()) return;
  let depth = 1;
  for (;;) {
    const ok = !!cur.type; // see the corrupt-tree note in syntax-errors.ts
    if (ok) visit(cur.name, () => cur.node);
    if (ok && cur.firstChild()) {
      depth++;
      continue;
    }
    while (!cur.nextSibling()) {
      cur.parent();
      if (--depth === 0) return;
    }
  }
}

/** `NAME = value` or `NAME: T = value` with a single target. */
export function simpleAssign(s: SyntaxNode): { target: SyntaxNode; value: SyntaxNode } | undefined {
  const k = kids(s);
  const ops = k.filter((c) => c.name === "AssignOp");
  if (ops.length !== 1 || k[0]?.name !== "VariableName") return undefined;
  const opIndex = k.indexOf(ops[0]);
  if (opIndex !== 1 && !(opIndex === 2 && k[1].name === "TypeDef")) return undefined;
  const value = k[opIndex + 1];
  if (!value || k.length !== opIndex + 2 || value.type.isError) return undefined;
  return { target: k[0], value };
}
