import type { EndpointBilling, SetSite } from "./facts.js";
import { chain } from "./splice.js";
import type { ClassCtx } from "./classes.js";
import { cond, setLeaves, substitute, unsetPath, UNSET, type Expr } from "./expr.js";
import { paramList, summarise, type Param } from "./flow.js";
import type { Summary } from "./paths.js";
import type { PyModule } from "./module.js";
import { dotted } from "./syntax.js";
import type { SyntaxNode } from "./tree.js";

/** The parameter FastAPI injects the response into: annotated `…Response`, or named `response`. */
function responseParam(mod: PyModule, params: Param[]): Param | undefined {
  return params.find((p) => /Response$/.test(dotted(mod, p.annotation)?.at(-1) ?? "")) ?? params.find((p) => p.name === "response");
}

/** The request body: the first other parameter (FastAPI reads a pydantic model from the body). */
export function inputParam(mod: PyModule, def: SyntaxNode): Param | undefined {
  const params = paramList(mod, def).slice(1);
  const resp = responseParam(mod, params);
  return params.find((p) => p !== resp && p.kind !== "star" && p.kind !== "dstar" && !/^(request|websocket|ws)$/.test(p.name));
}

/**
 * What the caller gets from one endpoint: on every way out, the header on the response
 * FastAPI sends: a Response the endpoint returns, else the injected `response`.
 */
export function endpointBilling(mod: PyModule, cls: ClassCtx, def: SyntaxNode, memo: Map<SyntaxNode, Summary | "busy">): EndpointBilling {
  const all = paramList(mod, def);
  const resp = responseParam(mod, all.slice(1));
  const input = inputParam(mod, def);
  const summary = summarise({ mod, def, cls, kind: "method", skipFirst: true }, memo);
  const final = (e: Expr) =>
    substitute(e, (name) => (name.startsWith("#h:") ? UNSET : name === input?.name ? { k: "input" } : { k: "unknown", name }));
  const injectedKey = resp ? `p:${resp.name}` : undefined;
  const injected = (r: Summary["rets"][number]) => (injectedKey ? r.hdr.get(injectedKey) ?? UNSET : UNSET);
  const delivered = (v: Expr, inj: Expr): Expr => {
    if (v.k === "carrier" && v.kind === "response") return v.value;
    if (v.k === "cond") return cond(v.test, delivered(v.then, inj), delivered(v.else, inj), v.whyThen, v.whyElse);
    // A plain value, or the injected response object itself: FastAPI sends the injected headers.
    return inj;
  };
  const rets = summary.rets;
  const units = rets.length ? final(chain(rets, (r) => delivered(r.value, injected(r)))) : UNSET;
  const sets = setLeaves(units).map(site);
  let missing: EndpointBilling["missing"];
  const discarded: EndpointBilling["discarded"] = [];
  for (const r of rets) {
    const inj = final(injected(r));
    const got = final(delivered(r.value, injected(r)));
    const gotAt = new Set(setLeaves(got).map(key));
    const lost = setLeaves(inj).filter((s) => !gotAt.has(key(s)));
    if (lost.length && r.value.k !== "none" && returnsResponse(r.value)) discarded.push({ pos: r.pos, set: site(lost[0]) });
    const path = unsetPath(got);
    if (path && !missing) missing = { pos: r.pos, implicit: Boolean(r.implicit), path: [...r.pc.map((d) => d.yes).filter(Boolean), ...path] };
  }
  const writes = summary.writes.map((w) => ({ ...site({ ...w, value: final(w.value) }), dict: w.dict }));
  const delivered_ = new Set(sets.map(key));
  const reached = (w: SetSite) => delivered_.has(key(w));
  return {
    fact: sets.length === 0 ? "never" : missing ? "some" : "always",
    units,
    sets,
    missing: sets.length === 0 ? undefined : missing,
    discarded,
    writes: writes.map(({ dict: _d, ...w }) => w),
    strayDicts: writes.filter((w) => w.dict && !reached(w)).map(({ dict: _d, ...w }) => w),
    responseParam: resp?.name,
  };
}

const key = (s: { pos: { line: number; column: number }; file?: string }) => `${s.file ?? ""}:${s.pos.line}:${s.pos.column}`;

function returnsResponse(v: Expr): boolean {
  if (v.k === "carrier") return v.kind === "response";
  if (v.k === "cond") return returnsResponse(v.then) || returnsResponse(v.else);
  return false;
}

function site(s: Extract<Expr, { k: "set" }>): SetSite {
  const out: SetSite = { pos: s.pos, text: s.text, value: s.value };
  if (s.file) out.file = s.file;
  return out;
}
