import type { Pos } from "../diagnostics.js";
import { assignment } from "./assign.js";
import { convert, type FnCtx } from "./calls.js";
import { unknown, type Expr } from "./expr.js";
import type { PyModule } from "./module.js";
import { fork, hdrGet, join, type Decision, type FnRef, type State, type Summary } from "./paths.js";
import { child, kids, statements, text } from "./syntax.js";
import type { SyntaxNode } from "./tree.js";

/**
 * The flow layer: a function's statements folded in order into, for every way out of it,
 * the path condition, the billing header's value on every object that can carry it, and
 * what it returns. Branches join into `cond` values, so "set on every path" and the units
 * on a given request are both read off the same summary. The path state is in paths.ts.
 */

/** Keeps summaries small on pathological code: further returns are ignored. */
const MAX_RETS = 64;

/** Summarise a def's body with its parameters as placeholders. Memoised per def; recursion sees "no effect". */
export function summarise(ref: FnRef, memo: Map<SyntaxNode, Summary | "busy">): Summary {
  const hit = memo.get(ref.def);
  if (hit === "busy") return { rets: [], writes: [] };
  if (hit) return hit;
  memo.set(ref.def, "busy");
  const params = paramList(ref.mod, ref.def);
  const ctx: FnCtx = { ref, memo, rets: [], writes: [], loopExits: [], selfName: ref.cls && ref.kind !== "static" && params[0]?.kind === "pos" ? params[0].name : undefined };
  const st: State = { env: new Map(params.map((p) => [p.name, { k: "param", name: p.name } as Expr])), hdr: new Map(), pc: [] };
  const end = block(statements(child(ref.def, "Body")), st, ctx);
  if (end) addRet(ctx, end, { k: "none" }, ctx.ref.mod.lines.pos(ref.def.to), true);
  const summary: Summary = { rets: ctx.rets, writes: ctx.writes };
  memo.set(ref.def, summary);
  return summary;
}

export interface Param {
  name: string;
  kind: "pos" | "star" | "kwonly" | "dstar";
  default?: SyntaxNode;
  annotation?: SyntaxNode;
}

export function paramList(mod: PyModule, def: SyntaxNode): Param[] {
  const list = child(def, "ParamList");
  const out: Param[] = [];
  let kind: Param["kind"] = "pos";
  let pending: "star" | "dstar" | undefined;
  let afterAssign = false;
  for (const c of list ? kids(list) : []) {
    if (c.name === "*" || c.name === "**") pending = c.name === "*" ? "star" : "dstar";
    else if (c.name === ",") {
      afterAssign = false;
      if (pending === "star") kind = "kwonly"; // a bare `*`
      pending = undefined;
    } else if (c.name === "AssignOp") afterAssign = true;
    else if (c.name === "TypeDef" && out.length) out[out.length - 1].annotation = c.lastChild ?? undefined;
    else if (c.name === "VariableName" && !afterAssign) {
      out.push({ name: text(mod, c), kind: pending ?? kind });
      if (pending === "star") kind = "kwonly";
      pending = undefined;
    } else if (afterAssign && out.length && out[out.length - 1].default === undefined) out[out.length - 1].default = c;
  }
  return out;
}

function addRet(ctx: FnCtx, st: State, value: Expr, pos: Pos, implicit = false): void {
  if (ctx.rets.length < MAX_RETS) ctx.rets.push({ pc: st.pc, hdr: st.hdr, value: carrierOf(value, st), pos, implicit });
}

/** A returned local Response/dict leaves the function as the header value it carries. */
function carrierOf(v: Expr, st: State): Expr {
  if (v.k === "obj") return { k: "carrier", kind: v.kind, value: hdrGet(st, v.key) };
  if (v.k === "cond") return { ...v, then: carrierOf(v.then, st), else: carrierOf(v.else, st) };
  return v;
}

const at = (ctx: FnCtx, n: SyntaxNode) => `line ${ctx.ref.mod.lines.pos(n.from).line}${ctx.ref.mod.file ? ` of ${ctx.ref.mod.file}` : ""}`;

/** Fold a block; undefined when no path falls off its end. */
export function block(stmts: SyntaxNode[], st: State | undefined, ctx: FnCtx): State | undefined {
  for (const s of stmts) {
    if (!st) return undefined;
    st = statement(s, st, ctx);
  }
  return st;
}

function statement(s: SyntaxNode, st: State, ctx: FnCtx): State | undefined {
  const mod = ctx.ref.mod;
  switch (s.name) {
    case "ReturnStatement": {
      const value = kids(s)[1];
      const v = value ? convert(value, st, ctx) : ({ k: "none" } as Expr);
      if (!st.dead) addRet(ctx, st, v, mod.lines.pos(s.from));
      return undefined;
    }
    case "RaiseStatement":
      return undefined;
    case "BreakStatement":
    case "ContinueStatement":
      ctx.loopExits[ctx.loopExits.length - 1]?.push(st);
      return undefined;
    case "IfStatement":
      return ifChain(kids(s), 0, st, ctx);
    case "WhileStatement":
    case "ForStatement":
      return loop(s, st, ctx);
    case "TryStatement":
      return tryStatement(s, st, ctx);
    case "WithStatement": {
      for (const c of kids(s)) {
        if (c.name === "Body") return block(statements(c), st, ctx);
        if (c.name === "VariableName" && c.prevSibling?.name === "as") st.env.set(text(mod, c), unknown(text(mod, c)));
        else if (c.name !== "with" && c.name !== "as" && c.name !== "async" && c.name !== ",") convert(c, st, ctx);
      }
      return st;
    }
    case "MatchStatement":
      return matchStatement(s, st, ctx);
    case "FunctionDefinition":
    case "DecoratedStatement": {
      const def = s.name === "DecoratedStatement" ? s.lastChild : s;
      const name = def && child(def, "VariableName");
      if (def?.name === "FunctionDefinition" && name) st.env.set(text(mod, name), { k: "fn", ref: { mod, def, kind: "function", skipFirst: false } satisfies FnRef, bound: [] });
      return st;
    }
    case "ClassDefinition":
    case "PassStatement":
    case "ImportStatement":
    case "ScopeStatement":
    case "DeleteStatement":
      return st;
    default:
      // Assignments, expression statements, assert …: the expression layer does the work.
      assignment(s, st, ctx);
      return st.dead ? undefined : st;
  }
}

/** `if a: … elif b: … else: …` from the clause at index i of the statement's children. */
function ifChain(k: SyntaxNode[], i: number, st: State, ctx: FnCtx): State | undefined {
  const kw = k[i];
  if (!kw) return st;
  if (kw.name === "else") return block(statements(k[i + 1]), st, ctx);
  const testNode = k[i + 1];
  const body = k[i + 2];
  if (!testNode || body?.name !== "Body") return st;
  const test = convert(testNode, st, ctx);
  if (st.dead) return undefined;
  const src = text(ctx.ref.mod, testNode);
  const shown = src.length > 40 ? src.slice(0, 37) + "…" : src;
  const d: Decision = { test, yes: `\`${kw.name} ${shown}\` (${at(ctx, testNode)}) is true`, no: `\`${kw.name} ${shown}\` (${at(ctx, testNode)}) is false` };
  const taken = block(statements(body), fork(st, d), ctx);
  const notTaken = ifChain(k, i + 3, fork(st, { ...d, test: { k: "unary", op: "not", e: test }, yes: d.no, no: d.yes }), ctx);
  return join(taken, notTaken, d, st.pc);
}

function loop(s: SyntaxNode, st: State, ctx: FnCtx): State | undefined {
  const mod = ctx.ref.mod;
  const k = kids(s);
  const body = k.find((c) => c.name === "Body");
  const isFor = s.name === "ForStatement";
  const inAt = k.findIndex((c) => c.name === "in");
  if (isFor && inAt > 0) {
    convert(k[inAt + 1], st, ctx);
    for (const t of k.slice(1, inAt)) if (t.name === "VariableName") st.env.set(text(mod, t), unknown(text(mod, t)));
  } else if (k[1]) convert(k[1], st, ctx);
  const what = `the \`${isFor ? "for" : "while"}\` loop (${at(ctx, s)})`;
  const d: Decision = { test: unknown(`how often ${what} runs`), yes: `${what} runs`, no: `${what} does not run` };
  ctx.loopExits.push([]);
  const inner = block(statements(body), fork(st, d), ctx);
  const exits = ctx.loopExits.pop()!;
  let ran: State | undefined = inner;
  for (const e of exits) ran = join(ran, e, { test: unknown(`how ${what} ends`), yes: "", no: "" }, ran?.pc ?? e.pc);
  let out = join(ran, st, d, st.pc);
  // A variable the loop changes has the value of some iteration: not known statically.
  if (out) for (const [name, v] of out.env) if (v !== st.env.get(name)) out.env.set(name, unknown(name));
  const orelse = k.findIndex((c) => c.name === "else");
  if (orelse >= 0 && out) out = block(statements(k[orelse + 1]), out, ctx);
  return out;
}

function tryStatement(s: SyntaxNode, st: State, ctx: FnCtx): State | undefined {
  const k = kids(s);
  const first = ctx.rets.length;
  const where = `the \`try\` (${at(ctx, s)})`;
  const exc: Decision = { test: { k: "bool", v: false }, yes: `an exception is raised in ${where}`, no: `nothing is raised in ${where}` };
  let body: State | undefined;
  let handled: State | undefined;
  let finallyBody: SyntaxNode | undefined;
  for (let i = 0; i < k.length; i++) {
    const c = k[i];
    if (c.name === "Body" && k[i - 1]?.name === "try") body = block(statements(c), fork(st), ctx);
    else if (c.name === "except") {
      const b = k.slice(i).find((x) => x.name === "Body");
      // The exception may come before anything in the body ran: the handler starts from the state before it.
      const h = block(statements(b), fork(st, exc), ctx);
      handled = join(handled, h, { ...exc, test: { k: "bool", v: true } }, [...st.pc, exc]);
    } else if (c.name === "else" && body) body = block(statements(k[i + 1]), body, ctx);
    else if (c.name === "finally") finallyBody = k[i + 1];
  }
  let out = join(handled, body, exc, st.pc);
  if (finallyBody) {
    const stmts = statements(finallyBody);
    // `finally` runs on the way out of every return in the try, too.
    for (const r of ctx.rets.slice(first)) {
      const after = block(stmts, { env: new Map(st.env), hdr: new Map(r.hdr), pc: r.pc }, { ...ctx, rets: [] });
      if (after) r.hdr = after.hdr;
    }
    if (out) out = block(stmts, out, ctx);
  }
  return out;
}

function matchStatement(s: SyntaxNode, st: State, ctx: FnCtx): State | undefined {
  const mod = ctx.ref.mod;
  const k = kids(s);
  const subject = k[1] ? convert(k[1], st, ctx) : unknown("the match subject");
  const clauses = kids(k.find((c) => c.name === "MatchBody") ?? s).filter((c) => c.name === "MatchClause");
  const arm = (i: number, cur: State): State | undefined => {
    const clause = clauses[i];
    if (!clause) return cur; // no case matched: the statement does nothing
    const parts = kids(clause);
    const pattern = parts[1];
    const guarded = parts.some((p) => p.name === "Guard" || p.name === "if");
    const body = parts.find((p) => p.name === "Body");
    if (!pattern || !body) return arm(i + 1, cur);
    const irrefutable = !guarded && pattern.name === "CapturePattern";
    if (irrefutable) {
      const name = text(mod, pattern);
      if (name !== "_") cur.env.set(name, subject);
      return block(statements(body), cur, ctx);
    }
    const lit = pattern.name === "LiteralPattern" && pattern.firstChild ? convert(pattern.firstChild, cur, ctx) : undefined;
    const test: Expr = lit && !guarded ? { k: "cmp", ops: ["=="], args: [subject, lit] } : unknown(`whether \`case ${text(mod, pattern)}\` matches`);
    const d: Decision = { test, yes: `\`case ${text(mod, pattern)}\` (${at(ctx, clause)}) matches`, no: `\`case ${text(mod, pattern)}\` (${at(ctx, clause)}) does not match` };
    const taken = block(statements(body), fork(cur, d), ctx);
    const rest = arm(i + 1, fork(cur, { ...d, test: { k: "unary", op: "not", e: test }, yes: d.no, no: d.yes }));
    return join(taken, rest, d, cur.pc);
  };
  return arm(0, st);
}

