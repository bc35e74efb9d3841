import { parser } from "@lezer/python";
import type {
  AppClassFacts,
  BillingHeaderSet,
  EndpointFacts,
  HealthCheckFacts,
  PyAttribute,
  PythonFileFacts,
  PyValue,
} from "./facts.js";
import { elements, literalValue, parseNumber, stringValue } from "./literals.js";
import { LineIndex } from "../positions.js";
import { findSyntaxErrors } from "./syntax-errors.js";
import type { SyntaxNode } from "./tree.js";

const BILLING_HEADER = "x-fal-billable-units";
/** Names fal exports that we look for; `from fal import *` binds these. */
const FAL_SYMBOLS = new Set(["App", "endpoint", "realtime", "HealthCheck"]);
/** Header-object methods that set a header: `headers.setdefault(k, v)`, `headers.append(k, v)`. */
const SETTER_METHODS = new Set(["setdefault", "append", "__setitem__"]);

interface Module {
  src: string;
  lines: LineIndex;
  /** Names bound to the fal module (`fal` itself is always accepted, imported or not). */
  falModules: Set<string>;
  /** Local name → fal symbol, from `from fal import App as A`. */
  falNames: Map<string, string>;
  falStar: boolean;
  /** Module-level `NAME = "string"`, to resolve header-name constants. */
  strConsts: Map<string, string>;
  /** Module-level `NAME = expr`, to resolve `health_check=HC`. */
  values: Map<string, SyntaxNode>;
  /** Module-level functions, for one level of helper indirection. */
  functions: Map<string, SyntaxNode>;
}

interface Args {
  positional: SyntaxNode[];
  keywords: { nameNode: SyntaxNode; value: SyntaxNode }[];
}

interface BodyScan {
  sets: BillingHeaderSet[];
  fieldExceptions: EndpointFacts["fieldExceptionBillable"];
  /** `self.NAME(...)` calls, in order of first appearance. */
  methodCalls: string[];
  /** `NAME(...)` calls, in order of first appearance. */
  functionCalls: string[];
}

/** Analyse one Python source file. Pure and total: never throws on any input. */
export function analysePython(source: string): PythonFileFacts {
  // A UTF-8 BOM is not part of the code (Python skips it, editors do not count it).
  const src = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = new LineIndex(src);
  let tree: ReturnType<typeof parser.parse>;
  try {
    tree = parser.parse(src);
  } catch {
    // lezer recurses over the tree it builds; on pathological nesting (thousands of levels,
    // far past CPython's limit of 200) it overflows the stack. Such a file cannot be valid.
    return { apps: [], syntaxErrors: [{ pos: { line: 1, column: 1 }, message: "invalid syntax: the file is nested too deeply to parse" }] };
  }
  const mod: Module = {
    src,
    lines,
    falModules: new Set(["fal"]),
    falNames: new Map(),
    falStar: false,
    strConsts: new Map(),
    values: new Map(),
    functions: new Map(),
  };
  const apps: AppClassFacts[] = [];
  let syntaxErrors: PythonFileFacts["syntaxErrors"];
  // The guards below only matter on trees lezer corrupts (pathological input, see
  // syntax-errors.ts); such a file is certainly invalid, so a generic error is honest.
  try {
    syntaxErrors = findSyntaxErrors(tree, src, lines);
  } catch {
    syntaxErrors = [{ pos: { line: 1, column: 1 }, message: "invalid syntax: the file could not be parsed" }];
  }
  try {
    const classes: SyntaxNode[] = [];
    collectModule(tree.topNode, mod, classes);
    for (const cls of classes) {
      const app = analyseClass(cls, mod, apps);
      if (app) apps.push(app);
    }
  } catch (e) {
    if (syntaxErrors.length === 0) throw e; // a bug of ours on valid code: do not hide it
  }
  return { apps, syntaxErrors };
}

// ---------------------------------------------------------------- helpers on nodes

function text(mod: Module, n: SyntaxNode): string {
  return mod.src.slice(n.from, n.to).trim();
}

/** Children without comments. */
function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
  return out;
}

/** Statements of a block, with `a; b` groups flattened. */
function statements(block: SyntaxNode | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = block?.firstChild; c; c = c.nextSibling) {
    // A loop, not push(...): a line of 100k+ `a; b; …` statements would overflow the stack.
    if (c.name === "StatementGroup") for (const k of kids(c)) out.push(k);
    else out.push(c);
  }
  return out;
}

function child(n: SyntaxNode, name: string): SyntaxNode | undefined {
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return undefined;
}

/** `a.b.c` → ["a", "b", "c"]; undefined for anything that is not a plain dotted name. */
function dotted(mod: Module, n: SyntaxNode | null | undefined): string[] | undefined {
  if (!n) return undefined;
  if (n.name === "VariableName") return [text(mod, n)];
  if (n.name !== "MemberExpression") return undefined;
  const [obj, dot, prop, extra] = kids(n);
  if (!obj || dot?.name !== "." || prop?.name !== "PropertyName" || extra) return undefined;
  const head = dotted(mod, obj);
  return head ? [...head, text(mod, prop)] : undefined;
}

/** Which fal symbol (App, endpoint, realtime, HealthCheck) a dotted name refers to, if any. */
function falSymbol(mod: Module, parts: string[] | undefined): string | undefined {
  if (!parts || parts.length === 0) return undefined;
  if (parts.length === 1) {
    return mod.falNames.get(parts[0]) ?? (mod.falStar && FAL_SYMBOLS.has(parts[0]) ? parts[0] : undefined);
  }
  // fal.App, f.endpoint, fal.app.App …
  return mod.falModules.has(parts[0]) ? parts[parts.length - 1] : undefined;
}

function splitArgs(argList: SyntaxNode | undefined): Args {
  const out: Args = { positional: [], keywords: [] };
  if (!argList) return out;
  for (const part of elements(argList)) {
    const [a, b, c] = part;
    if (!a || a.type.isError) continue;
    if (a.name === "VariableName" && b?.name === "AssignOp" && c) {
      out.keywords.push({ nameNode: a, value: c });
    } else if (a.name !== "*" && a.name !== "**") {
      out.positional.push(a);
    }
  }
  return out;
}

function kwName(mod: Module, kw: Args["keywords"][number]): string {
  return text(mod, kw.nameNode);
}

function pyValue(mod: Module, n: SyntaxNode): PyValue {
  const lit = literalValue(n, mod.src);
  const v: PyValue = { literal: !!lit, text: text(mod, n), pos: mod.lines.pos(n.from) };
  if (lit) v.value = lit.value;
  return v;
}

/** Visit every node under `root` (not root itself) without recursion. */
function walk(root: SyntaxNode, visit: (name: string, node: () => SyntaxNode) => void): void {
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

// ---------------------------------------------------------------- module level

function collectModule(block: SyntaxNode, mod: Module, classes: SyntaxNode[]): void {
  for (const s of statements(block)) {
    switch (s.name) {
      case "ImportStatement":
        readImport(s, mod);
        break;
      case "AssignStatement": {
        const a = simpleAssign(s);
        if (a) {
          const name = text(mod, a.target);
          mod.values.set(name, a.value);
          const str = stringValue(a.value, mod.src);
          if (str !== undefined) mod.strConsts.set(name, str);
          else mod.strConsts.delete(name);
        }
        break;
      }
      case "FunctionDefinition":
      case "ClassDefinition":
      case "DecoratedStatement":
        defined(s, mod, classes);
        break;
      default:
        // if/try/with/for blocks at module level (e.g. `try: import fal`): look inside their bodies.
        for (let c = s.firstChild; c; c = c.nextSibling) {
          if (c.name === "Body") collectModule(c, mod, classes);
          else if (c.name.endsWith("Clause")) {
            const body = child(c, "Body");
            if (body) collectModule(body, mod, classes);
          }
        }
    }
  }
}

function defined(s: SyntaxNode, mod: Module, classes: SyntaxNode[]): void {
  const def = s.name === "DecoratedStatement" ? s.lastChild : s;
  if (!def) return;
  if (def.name === "ClassDefinition") classes.push(def);
  if (def.name === "FunctionDefinition") {
    const name = child(def, "VariableName");
    if (name) mod.functions.set(text(mod, name), def);
  }
}

/** `NAME = value` or `NAME: T = value` with a single target. */
function simpleAssign(s: SyntaxNode): { target: SyntaxNode; value: SyntaxNode } | undefined {
  const k = kids(s);
  const ops = k.filter((c) => c.name === "AssignOp");
  if (ops.length !== 1 || k[0]?.name !== "VariableName") return undefined;
  const opIndex = k.indexOf(ops[0]);
  if (opIndex !== 1 && !(opIndex === 2 && k[1].name === "TypeDef")) return undefined;
  const value = k[opIndex + 1];
  if (!value || k.length !== opIndex + 2 || value.type.isError) return undefined;
  return { target: k[0], value };
}

function readImport(s: SyntaxNode, mod: Module): void {
  const k = kids(s);
  if (k[0]?.name === "from") {
    const importAt = k.findIndex((c) => c.name === "import");
    if (importAt < 0) return;
    const from = k.slice(1, importAt).map((c) => text(mod, c)).join("");
    const isFal = from === "fal" || from.startsWith("fal.");
    for (const { name, alias } of importedNames(k.slice(importAt + 1), mod)) {
      if (name === "*") {
        if (isFal) mod.falStar = true;
        continue;
      }
      const local = alias ?? name;
      mod.falModules.delete(local);
      if (isFal) mod.falNames.set(local, name);
      else mod.falNames.delete(local);
    }
    return;
  }
  // import a.b as c, d
  for (const { name, alias } of importedNames(k.slice(1), mod)) {
    const head = name.split(".")[0];
    const local = alias ?? head;
    mod.falNames.delete(local);
    if (head === "fal") mod.falModules.add(local);
    else if (local !== "fal") mod.falModules.delete(local);
  }
}

/** The `a.b as c, d` list of an import statement. */
function importedNames(tokens: SyntaxNode[], mod: Module): { name: string; alias?: string }[] {
  const out: { name: string; alias?: string }[] = [];
  let name = "";
  let alias: string | undefined;
  let afterAs = false;
  const flush = () => {
    if (name) out.push({ name, alias });
    name = "";
    alias = undefined;
    afterAs = false;
  };
  for (const t of tokens) {
    if (t.name === ",") flush();
    else if (t.name === "as") afterAs = true;
    else if (t.name === "VariableName" || t.name === "." || t.name === "*") {
      if (afterAs) alias = text(mod, t);
      else name += text(mod, t);
    }
  }
  flush();
  return out;
}

// ---------------------------------------------------------------- classes

/** `known`: App classes defined earlier in the file; `class B(A)` on one of them is an app too (fal deploys it). */
function analyseClass(cls: SyntaxNode, mod: Module, known: AppClassFacts[] = []): AppClassFacts | undefined {
  const nameNode = child(cls, "VariableName");
  const args = splitArgs(child(cls, "ArgList"));
  const parent = args.positional.map((b) => dotted(mod, b)).map((p) => (p?.length === 1 ? known.find((a) => a.className === p[0]) : undefined)).find(Boolean);
  if (!nameNode || (!parent && !args.positional.some((b) => falSymbol(mod, dotted(mod, b)) === "App"))) return undefined;

  // Inherited settings first; the subclass's own kwargs and attributes override them.
  const attributes: Record<string, PyAttribute> = { ...parent?.attributes };
  for (const kw of args.keywords) {
    const name = kwName(mod, kw);
    attributes[name] = { name, namePos: mod.lines.pos(kw.nameNode.from), source: "class-kwarg", ...pyValue(mod, kw.value) };
  }

  const methods = new Map<string, SyntaxNode>();
  const decorated: { decorators: SyntaxNode[]; def: SyntaxNode }[] = [];
  let hasSetup = false;
  const body = child(cls, "Body");
  for (const s of statements(body)) {
    if (s.name === "AssignStatement") {
      // Body attributes win over class kwargs with the same name (fal's precedence).
      const a = simpleAssign(s);
      if (a) {
        const name = text(mod, a.target);
        attributes[name] = { name, namePos: mod.lines.pos(a.target.from), source: "class-attribute", ...pyValue(mod, a.value) };
      }
      continue;
    }
    const def = s.name === "DecoratedStatement" ? s.lastChild : s;
    if (def?.name !== "FunctionDefinition") continue;
    const fnName = child(def, "VariableName");
    if (!fnName) continue;
    const name = text(mod, fnName);
    methods.set(name, def);
    if (name === "setup") hasSetup = true;
    if (s.name === "DecoratedStatement") decorated.push({ decorators: kids(s).filter((d) => d.name === "Decorator"), def });
  }

  const endpoints: EndpointFacts[] = [];
  const scans = new Map<number, BodyScan>();
  for (const { decorators, def } of decorated) {
    const ep = endpointOf(decorators, def, mod);
    if (!ep) continue;
    addBilling(ep, def, methods, mod, scans);
    endpoints.push(ep);
  }

  return {
    className: text(mod, nameNode),
    pos: mod.lines.pos(nameNode.from),
    bases: args.positional.map((b) => text(mod, b)),
    attributes,
    // An inherited endpoint stays unless the subclass redefines that method.
    endpoints: [...(parent?.endpoints.filter((e) => !methods.has(e.functionName)) ?? []), ...endpoints],
    hasSetup: hasSetup || Boolean(parent?.hasSetup),
  };
}

/** Endpoint facts when one decorator is fal's endpoint/realtime (billing filled in later). */
function endpointOf(decorators: SyntaxNode[], def: SyntaxNode, mod: Module): EndpointFacts | undefined {
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

    const args = splitArgs(argList);
    const kw = (name: string) => args.keywords.find((k) => kwName(mod, k) === name);
    const pathNode = args.positional[0] ?? kw("path")?.value;
    const path = pathNode ? stringValue(pathNode, mod.src) : undefined;
    const ws = kw("is_websocket");
    const nameNode = child(def, "VariableName");
    const ep: EndpointFacts = {
      functionName: nameNode ? text(mod, nameNode) : "",
      pos: mod.lines.pos(d.from),
      defPos: mod.lines.pos(def.from),
      isAsync: def.firstChild?.name === "async",
      isWebsocket: sym === "realtime" || (!!ws && literalValue(ws.value, mod.src)?.value === true),
      billingHeaderSets: [],
      fieldExceptionBillable: [],
    };
    if (path !== undefined) ep.path = path;
    const hc = kw("health_check");
    const health = hc && healthCheck(hc, mod);
    if (health) ep.healthCheck = health;
    return ep;
  }
  return undefined;
}

function healthCheck(kw: Args["keywords"][number], mod: Module): HealthCheckFacts | undefined {
  let v = kw.value;
  if (v.name === "None") return undefined;
  // `HC = fal.HealthCheck(...)` at module level, then `health_check=HC`.
  if (v.name === "VariableName") {
    const def = mod.values.get(text(mod, v));
    if (def?.name === "CallExpression") v = def;
  }
  if (v.name === "CallExpression" && dotted(mod, v.firstChild)?.at(-1) === "HealthCheck") {
    const args: Record<string, PyValue> = {};
    for (const k of splitArgs(child(v, "ArgList")).keywords) args[kwName(mod, k)] = pyValue(mod, k.value);
    return { pos: mod.lines.pos(v.from), args };
  }
  return { pos: mod.lines.pos(kw.nameNode.from), args: {} };
}

// ---------------------------------------------------------------- billing

/** Billing facts of the endpoint's own body, plus those of the helpers it calls (one level). */
function addBilling(
  ep: EndpointFacts,
  def: SyntaxNode,
  methods: Map<string, SyntaxNode>,
  mod: Module,
  scans: Map<number, BodyScan>,
): void {
  const scan = (fn: SyntaxNode) => {
    let r = scans.get(fn.from);
    if (!r) scans.set(fn.from, (r = scanBody(fn, mod)));
    return r;
  };
  const own = scan(def);
  ep.billingHeaderSets.push(...own.sets);
  ep.fieldExceptionBillable.push(...own.fieldExceptions);
  const helpers = [
    ...own.methodCalls.map((n) => [n, methods.get(n)] as const),
    ...own.functionCalls.map((n) => [n, mod.functions.get(n)] as const),
  ];
  for (const [name, fn] of helpers) {
    if (!fn || fn === def) continue;
    const h = scan(fn);
    for (const s of h.sets) ep.billingHeaderSets.push({ ...s, via: name });
    for (const f of h.fieldExceptions) ep.fieldExceptionBillable.push({ ...f, via: name });
  }
}

function isBillingKey(n: SyntaxNode | undefined, mod: Module): boolean {
  if (!n) return false;
  const s = n.name === "VariableName" ? mod.strConsts.get(text(mod, n)) : stringValue(n, mod.src);
  return s !== undefined && s.toLowerCase() === BILLING_HEADER;
}

function scanBody(fn: SyntaxNode, mod: Module): BodyScan {
  const out: BodyScan = { sets: [], fieldExceptions: [], methodCalls: [], functionCalls: [] };
  const body = child(fn, "Body");
  if (!body) return out;
  const set = (at: number, value: SyntaxNode | undefined, where: SyntaxNode) =>
    out.sets.push({ ...headerSet(at, value, mod), conditional: insideBranch(where, body) });
  walk(body, (name, node) => {
    if (name === "AssignStatement") {
      // headers[KEY] = value (on response.headers or on a dict later passed as headers=)
      const k = kids(node());
      const value = k[k.length - 1];
      for (let i = 0; i + 1 < k.length; i++) {
        const next = k[i + 1].name;
        if (k[i].name !== "MemberExpression" || (next !== "AssignOp" && next !== "TypeDef")) continue;
        const [, open, key] = kids(k[i]);
        if (open?.name === "[" && isBillingKey(key, mod)) set(k[i].from, value, node());
      }
    } else if (name === "DictionaryExpression") {
      // {KEY: value}: Response(headers={...}), headers.update({...}), headers = {...}
      for (const part of elements(node())) {
        if (part.length === 3 && part[1].name === ":" && isBillingKey(part[0], mod)) set(part[0].from, part[2], node());
      }
    } else if (name === "CallExpression") {
      const call = node();
      const callee = call.firstChild;
      const args = splitArgs(child(call, "ArgList"));
      const parts = dotted(mod, callee);
      const last = parts?.at(-1);
      if (parts && parts.length >= 2 && last && SETTER_METHODS.has(last) && isBillingKey(args.positional[0], mod)) {
        set(call.from, args.positional[1], call);
      }
      if (last === "FieldException") {
        const units = args.keywords.find((k) => kwName(mod, k) === "billable_units");
        if (units) out.fieldExceptions.push({ pos: mod.lines.pos(call.from), valueText: text(mod, units.value) });
      }
      if (parts?.length === 2 && parts[0] === "self" && !out.methodCalls.includes(parts[1])) out.methodCalls.push(parts[1]);
      if (parts?.length === 1 && !out.functionCalls.includes(parts[0])) out.functionCalls.push(parts[0]);
    }
  });
  return out;
}

/** Statements whose body may not run: a header set inside one is not set on every path. */
const BRANCHES = new Set(["IfStatement", "WhileStatement", "ForStatement", "MatchStatement", "FunctionDefinition", "LambdaExpression"]);

/** Whether `node` sits inside a branch, loop or nested function between it and the function body. */
function insideBranch(node: SyntaxNode, body: SyntaxNode): boolean {
  for (let n = node.parent; n && !(n.from === body.from && n.to === body.to && n.name === body.name); n = n.parent) {
    if (BRANCHES.has(n.name)) return true;
  }
  return false;
}

function headerSet(at: number, value: SyntaxNode | undefined, mod: Module): Omit<BillingHeaderSet, "conditional"> {
  const identifiers: string[] = [];
  const numbers: number[] = [];
  if (value) {
    const visit = (name: string, node: () => SyntaxNode) => {
      if (name === "VariableName" || name === "PropertyName") {
        const id = text(mod, node());
        if (!identifiers.includes(id)) identifiers.push(id);
      } else if (name === "Number") {
        const n = parseNumber(text(mod, node()));
        if (n !== undefined && !numbers.includes(n)) numbers.push(n);
      }
    };
    visit(value.name, () => value);
    walk(value, visit);
  }
  return {
    pos: mod.lines.pos(at),
    valueText: value ? text(mod, value) : "",
    identifiers,
    numbers,
    constant: !!value && isConstant(value, mod),
  };
}

/** `"1"`, `1`, `str(1)`, `str("1")`. */
function isConstant(n: SyntaxNode, mod: Module): boolean {
  const scalar = (x: SyntaxNode | undefined) => {
    const lit = x && literalValue(x, mod.src);
    return !!lit && !Array.isArray(lit.value);
  };
  if (scalar(n)) return true;
  if (n.name !== "CallExpression" || dotted(mod, n.firstChild)?.join(".") !== "str") return false;
  const args = splitArgs(child(n, "ArgList"));
  return args.keywords.length === 0 && args.positional.length === 1 && scalar(args.positional[0]);
}
