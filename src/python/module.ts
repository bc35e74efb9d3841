import { LineIndex } from "../positions.js";
import { parsePython } from "./parse.js";
import { stringValue } from "./literals.js";
import { child, functionDef, kids, simpleAssign, statements, text } from "./syntax.js";
import type { SyntaxNode, Tree } from "./tree.js";

/** Names fal exports that we look for; `from fal import *` binds these. */
const FAL_SYMBOLS = new Set(["App", "endpoint", "realtime", "HealthCheck"]);

/** A name bound by an import of a project module: the module spec and, for `from m import n`, the name. */
export interface ImportBinding {
  /** Absolute (`pkg.x`) or relative (`.x`, `..`) module spec. */
  spec: string;
  name?: string;
}

/** Finds a project module by spec, relative to the importing module. Undefined: not a project file. */
export type ModuleLoader = (spec: string, from: PyModule) => PyModule | undefined;

/** One indexed Python file: what its top level binds. */
export interface PyModule {
  /** Display path; undefined for the app file itself (findings there use the app file). */
  file?: string;
  /** Absolute path, for relative imports. */
  path?: string;
  src: string;
  lines: LineIndex;
  tree: Tree;
  falModules: Set<string>;
  falNames: Map<string, string>;
  falStar: boolean;
  /** Module-level `NAME = expr` (the last one wins). */
  values: Map<string, SyntaxNode>;
  functions: Map<string, SyntaxNode>;
  classes: Map<string, SyntaxNode>;
  classOrder: SyntaxNode[];
  imports: Map<string, ImportBinding>;
  load: (spec: string) => PyModule | undefined;
}

/**
 * Parse and index one file. Throws when lezer itself overflows (the caller reports it), and
 * SlowPartMissing when the file needs lezer before it is loaded (python/parse.ts).
 */
export function indexModule(src: string, opts: { file?: string; path?: string; loader?: ModuleLoader } = {}): PyModule {
  const tree = parsePython(src, opts.file ?? opts.path);
  const mod: PyModule = {
    file: opts.file,
    path: opts.path,
    src,
    lines: new LineIndex(src),
    tree,
    falModules: new Set(["fal"]),
    falNames: new Map(),
    falStar: false,
    values: new Map(),
    functions: new Map(),
    classes: new Map(),
    classOrder: [],
    imports: new Map(),
    load: () => undefined,
  };
  const cache = new Map<string, PyModule | undefined>();
  mod.load = (spec) => {
    if (!opts.loader) return undefined;
    if (!cache.has(spec)) cache.set(spec, undefined); // a cycle resolves to "unknown", not a loop
    else return cache.get(spec);
    const m = opts.loader(spec, mod);
    cache.set(spec, m);
    return m;
  };
  collect(tree.topNode, mod);
  return mod;
}

function collect(block: SyntaxNode, mod: PyModule): void {
  for (const s of statements(block)) {
    if (s.name === "ImportStatement") readImport(s, mod);
    else if (s.name === "AssignStatement") {
      const a = simpleAssign(s);
      if (a) mod.values.set(text(mod, a.target), a.value);
    } else if (s.name === "FunctionDefinition" || s.name === "ClassDefinition" || s.name === "DecoratedStatement") {
      const def = s.name === "DecoratedStatement" ? s.lastChild : s;
      const name = def && child(def, "VariableName");
      if (!def || !name) continue;
      const n = text(mod, name);
      if (def.name === "ClassDefinition") {
        mod.classes.set(n, def);
        mod.classOrder.push(def);
      } else if (functionDef(s)) mod.functions.set(n, def);
    } else {
      // if/try/with/for blocks at module level (e.g. `try: import fal`): look inside their bodies.
      for (let c = s.firstChild; c; c = c.nextSibling) {
        if (c.name === "Body") collect(c, mod);
        else if (c.name.endsWith("Clause")) {
          const body = child(c, "Body");
          if (body) collect(body, mod);
        }
      }
    }
  }
}

function readImport(s: SyntaxNode, mod: PyModule): void {
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
      else {
        mod.falNames.delete(local);
        mod.imports.set(local, { spec: from, name });
      }
    }
    return;
  }
  // import a.b as c, d
  for (const { name, alias } of importedNames(k.slice(1), mod)) {
    const head = name.split(".")[0];
    const local = alias ?? head;
    mod.falNames.delete(local);
    if (head === "fal") mod.falModules.add(local);
    else {
      if (local !== "fal") mod.falModules.delete(local);
      // `import pkg.x` binds `pkg`; `import pkg.x as m` binds m to pkg.x.
      mod.imports.set(local, { spec: alias ? name : head });
    }
  }
}

/** The `a.b as c, d` list of an import statement. */
function importedNames(tokens: SyntaxNode[], mod: PyModule): { name: string; alias?: string }[] {
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
    else if (t.name === "VariableName" || t.name === "." || t.name === "*" || t.name === "Ellipsis") {
      if (afterAs) alias = text(mod, t);
      else name += t.name === "Ellipsis" ? "..." : text(mod, t);
    }
  }
  flush();
  return out;
}

/** Which fal symbol (App, endpoint, realtime, HealthCheck) a dotted name refers to, if any. */
export function falSymbol(mod: PyModule, parts: string[] | undefined): string | undefined {
  if (!parts || parts.length === 0) return undefined;
  if (parts.length === 1) {
    return mod.falNames.get(parts[0]) ?? (mod.falStar && FAL_SYMBOLS.has(parts[0]) ? parts[0] : undefined);
  }
  // fal.App, f.endpoint, fal.app.App …
  return mod.falModules.has(parts[0]) ? parts[parts.length - 1] : undefined;
}

/** What a top-level name of `mod` is, following project imports. */
export type Resolved =
  | { kind: "function"; mod: PyModule; node: SyntaxNode; name: string }
  | { kind: "class"; mod: PyModule; node: SyntaxNode; name: string }
  | { kind: "value"; mod: PyModule; node: SyntaxNode; name: string }
  | { kind: "module"; mod: PyModule };

/** Resolve a dotted name (`helper`, `consts.HEADER`, `pkg.billing.bill`) in `mod`'s top level. */
export function resolveDotted(mod: PyModule, parts: string[], depth = 0): Resolved | undefined {
  if (parts.length === 0 || depth > 20) return undefined;
  let cur = resolveName(mod, parts[0], depth);
  const binding = mod.imports.get(parts[0]);
  // `import pkg.x` binds pkg (maybe a namespace package without __init__.py); pkg.x is a submodule.
  let spec = binding && binding.name === undefined ? binding.spec : undefined;
  for (const part of parts.slice(1)) {
    if (spec !== undefined) {
      spec = `${spec}.${part}`;
      const sub = mod.load(spec);
      if (sub) {
        cur = { kind: "module", mod: sub };
        continue;
      }
    }
    if (cur?.kind !== "module") return undefined;
    cur = resolveName(cur.mod, part, depth + 1);
  }
  return cur;
}

function resolveName(mod: PyModule, name: string, depth: number): Resolved | undefined {
  const fn = mod.functions.get(name);
  if (fn) return { kind: "function", mod, node: fn, name };
  const cls = mod.classes.get(name);
  if (cls) return { kind: "class", mod, node: cls, name };
  const value = mod.values.get(name);
  if (value) return { kind: "value", mod, node: value, name };
  const imp = mod.imports.get(name);
  if (!imp || depth > 20) return undefined;
  if (imp.name === undefined) {
    const m = mod.load(imp.spec);
    return m ? { kind: "module", mod: m } : undefined;
  }
  const from = mod.load(imp.spec);
  if (from) {
    const r = resolveName(from, imp.name, depth + 1);
    if (r) return r;
  }
  // `from pkg import sub` where sub is a module file.
  const sub = mod.load(imp.spec.endsWith(".") ? imp.spec + imp.name : `${imp.spec}.${imp.name}`);
  return sub ? { kind: "module", mod: sub } : undefined;
}

/** A module-level string constant, e.g. a header name. */
export function stringConst(r: Resolved | undefined): string | undefined {
  return r?.kind === "value" ? stringValue(r.node, r.mod.src) : undefined;
}
