import { SlowPartMissing } from "../core/slow-parts.js";
import type { AppClassFacts, EndpointFacts, HealthCheckFacts, PyAttribute, PythonFileFacts, PyValue } from "./facts.js";
import { endpointBilling, inputParam } from "./billing-flow.js";
import { classCtx, type ClassCtx } from "./classes.js";
import type { Summary } from "./paths.js";
import { literalValue, stringValue } from "./literals.js";
import { inputModel } from "./models.js";
import { falSymbol, indexModule, type ModuleLoader, type PyModule } from "./module.js";
import { child, dotted, kids, simpleAssign, splitArgs, statements, text, type Args } from "./syntax.js";
import { findSyntaxErrors } from "./syntax-errors.js";
import type { SyntaxNode } from "./tree.js";

export interface AnalyseOptions {
  /** Absolute path of the file, for relative imports. */
  path?: string;
  /** Finds the project's own modules (never installed packages). */
  loader?: ModuleLoader;
}

/** Analyse one Python source file. Pure and total: never throws on any input. */
export function analysePython(source: string, opts: AnalyseOptions = {}): PythonFileFacts {
  // A UTF-8 BOM is not part of the code (Python skips it, editors do not count it).
  const src = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let mod: PyModule;
  try {
    mod = indexModule(src, { path: opts.path, loader: opts.loader });
  } catch (e) {
    if (e instanceof SlowPartMissing) throw e;
    // lezer recurses over the tree it builds; on pathological nesting (thousands of levels,
    // far past CPython's limit of 200) it overflows the stack. Such a file cannot be valid.
    return { apps: [], syntaxErrors: [{ pos: { line: 1, column: 1 }, message: "invalid syntax: the file is nested too deeply to parse" }] };
  }
  const apps: AppClassFacts[] = [];
  let syntaxErrors: PythonFileFacts["syntaxErrors"];
  // The guards below only matter on trees lezer corrupts (pathological input, see
  // syntax-errors.ts); such a file is certainly invalid, so a generic error is honest.
  try {
    syntaxErrors = findSyntaxErrors(mod.tree, src, mod.lines);
  } catch {
    syntaxErrors = [{ pos: { line: 1, column: 1 }, message: "invalid syntax: the file could not be parsed" }];
  }
  try {
    const memo = new Map<SyntaxNode, Summary | "busy">();
    const done = new Map<ClassCtx, AppClassFacts>();
    for (const node of mod.classOrder) {
      const cls = classCtx(mod, node);
      if (cls.isApp) apps.push(appFacts(cls, memo, done));
    }
  } catch (e) {
    if (syntaxErrors.length === 0) throw e; // a bug of ours on valid code: do not hide it
  }
  return { apps, syntaxErrors };
}

function pyValue(mod: PyModule, n: SyntaxNode): PyValue {
  const lit = literalValue(n, mod.src);
  const v: PyValue = { literal: !!lit, text: text(mod, n), pos: mod.lines.pos(n.from) };
  if (lit) v.value = lit.value;
  return v;
}

/** An App class's facts: inherited settings and endpoints first, its own override them. */
function appFacts(cls: ClassCtx, memo: Map<SyntaxNode, Summary | "busy">, done: Map<ClassCtx, AppClassFacts>): AppClassFacts {
  const hit = done.get(cls);
  if (hit) return hit;
  const mod = cls.mod;
  const parents = cls.bases.filter((b) => b.isApp && b !== cls).map((b) => appFacts(b, memo, done));
  const attributes: Record<string, PyAttribute> = {};
  for (const p of parents) Object.assign(attributes, p.attributes);
  const own = (name: string, n: SyntaxNode): PyAttribute => ({ name, ...(mod.file ? { file: mod.file } : {}), ...pyValue(mod, n) });
  for (const kw of splitArgs(mod, child(cls.node, "ArgList")).keywords) attributes[kw.name] = own(kw.name, kw.value);
  // Body attributes win over class kwargs with the same name (fal's precedence).
  for (const s of statements(child(cls.node, "Body"))) {
    const a = s.name === "AssignStatement" ? simpleAssign(s) : undefined;
    if (a) attributes[text(mod, a.target)] = own(text(mod, a.target), a.value);
  }
  const endpoints: EndpointFacts[] = [];
  for (const [, m] of cls.methods) {
    if (!m.decorated) continue;
    const ep = endpointOf(kids(m.decorated).filter((d) => d.name === "Decorator"), m.def, cls, memo);
    if (ep) endpoints.push(ep);
  }
  const facts: AppClassFacts = {
    className: cls.name,
    pos: mod.lines.pos((child(cls.node, "VariableName") ?? cls.node).from),
    attributes,
    // An inherited endpoint stays unless the subclass redefines that method.
    endpoints: [...parents.flatMap((p) => p.endpoints.filter((e) => !cls.methods.has(e.functionName))), ...endpoints],
  };
  done.set(cls, facts);
  return facts;
}

/** Endpoint facts when one decorator is fal's endpoint/realtime. */
function endpointOf(decorators: SyntaxNode[], def: SyntaxNode, cls: ClassCtx, memo: Map<SyntaxNode, Summary | "busy">): EndpointFacts | undefined {
  const mod = cls.mod;
  for (const d of decorators) {
    let parts: string[] | undefined = [];
    let argList: SyntaxNode | undefined;
    // lezer writes `@a.b(args)` as At, names, dots, ArgList; accept an expression form too.
    for (const c of kids(d)) {
      if (c.name === "VariableName") parts?.push(text(mod, c));
      else if (c.name === "ArgList") argList = c;
      else if (c.name === "CallExpression") {
        parts = dotted(mod, c.firstChild);
        argList = child(c, "ArgList");
      } else if (c.name === "MemberExpression") parts = dotted(mod, c);
      else if (c.type.isError) parts = undefined;
    }
    const sym = falSymbol(mod, parts);
    if ((sym !== "endpoint" && sym !== "realtime") || !argList) continue;

    const args = splitArgs(mod, argList);
    const kw = (name: string) => args.keywords.find((k) => k.name === name);
    const pathNode = args.positional[0] ?? kw("path")?.value;
    const path = pathNode ? stringValue(pathNode, mod.src) : undefined;
    const ws = kw("is_websocket");
    const nameNode = child(def, "VariableName");
    const billing = endpointBilling(mod, cls, def, memo);
    const ep: EndpointFacts = {
      functionName: nameNode ? text(mod, nameNode) : "",
      pos: mod.lines.pos(d.from),
      defPos: mod.lines.pos(def.from),
      isAsync: def.firstChild?.name === "async",
      isWebsocket: sym === "realtime" || (!!ws && literalValue(ws.value, mod.src)?.value === true),
      billingHeaderSets: billing.sets.map((s) => ({ pos: s.pos, valueText: s.text, ...(s.file ? { file: s.file } : {}) })),
      billing,
    };
    if (mod.file) ep.file = mod.file;
    if (path !== undefined) ep.path = path;
    const input = inputModel(mod, inputParam(mod, def)?.annotation);
    if (input) ep.input = input;
    const hc = kw("health_check");
    const health = hc && healthCheck(hc, mod);
    if (health) ep.healthCheck = health;
    return ep;
  }
  return undefined;
}

function healthCheck(kw: Args["keywords"][number], mod: PyModule): HealthCheckFacts | undefined {
  let v = kw.value;
  if (v.name === "None") return undefined;
  // `HC = fal.HealthCheck(...)` at module level, then `health_check=HC`.
  if (v.name === "VariableName") {
    const def = mod.values.get(text(mod, v));
    if (def?.name === "CallExpression") v = def;
  }
  if (v.name === "CallExpression" && dotted(mod, v.firstChild)?.at(-1) === "HealthCheck") {
    const args: Record<string, PyValue> = {};
    for (const k of splitArgs(mod, child(v, "ArgList")).keywords) args[k.name] = pyValue(mod, k.value);
    return { pos: mod.lines.pos(v.from), args };
  }
  return { pos: mod.lines.pos(kw.nameNode.from), args: {} };
}
