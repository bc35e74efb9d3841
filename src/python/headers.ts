import { BILLING_HEADER } from "../core/vocabulary.js";
import { cond, UNSET, type Expr } from "./expr.js";
import type { FnCtx } from "./calls.js";
import { hdrGet, type State } from "./paths.js";
import { text } from "./syntax.js";
import type { SyntaxNode } from "./tree.js";

/**
 * The billing header in the flow layer: which object a write goes to (a parameter, a local
 * Response or dict, `x.headers`), what value an object carries, and recording a write.
 */

/** Methods of a headers mapping that write a key. */
export const HEADER_SETTERS = new Set(["update", "setdefault", "append", "__setitem__"]);

export const isBillingKey = (e: Expr) => e.k === "str" && e.v.toLowerCase() === BILLING_HEADER;

/** The header object an expression refers to: a parameter, a local Response/dict, or `x.headers`. */
export function objKey(e: Expr | undefined): string | undefined {
  if (e?.k === "param") return `p:${e.name}`;
  if (e?.k === "obj" || e?.k === "headers") return e.key;
  return undefined;
}

/** The header value a `headers=` argument (or a returned object) carries. */
export function carried(e: Expr, st: State): Expr {
  if (e.k === "carrier") return e.value;
  if (e.k === "cond") return cond(e.test, carried(e.then, st), carried(e.else, st), e.whyThen, e.whyElse);
  const key = objKey(e);
  return key ? hdrGet(st, key) : UNSET;
}

export function write(key: string, value: Expr, at: SyntaxNode, valueNode: SyntaxNode | undefined, st: State, ctx: FnCtx, dict = false): void {
  const mod = ctx.ref.mod;
  const leaf = { k: "set" as const, value, pos: mod.lines.pos(at.from), file: mod.file, text: valueNode ? text(mod, valueNode) : "" };
  st.hdr.set(key, leaf);
  ctx.writes.push({ ...leaf, dict });
}
