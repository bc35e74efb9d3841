import path from "node:path";
import type { Code } from "./core/codes.js";
import { finding, type Finding, type Pos } from "./core/findings.js";
import type { ArgsOf } from "./core/messages.js";
import { parseRef } from "./core/ref.js";
import { loadManifest, type LoadedManifest } from "./manifest/load.js";
import { analysePython } from "./python/analyse.js";
import { moduleFile, projectLoader } from "./python/loader.js";
import type { AppClassFacts, PythonFileFacts } from "./python/facts.js";
import { checkPyprojectOnce } from "./pyproject/once.js";
import type { PyprojectApp, PyprojectFacts } from "./pyproject/facts.js";

/** Read-only file access, injected so the loader stays testable without touching disk. */
export interface FileReader {
  /** The file's text, or undefined when it does not exist or is not a file. */
  readText(file: string): string | undefined;
  exists(file: string): boolean;
}

/** Everything the rules look at for one app. */
export interface ProjectFacts {
  manifest: LoadedManifest;
  manifestText: string;
  /** Directory of the manifest: relative refs start here. */
  root: string;
  /** True when app.ref names a pyproject app (fal then rejects --auth/--app-name). */
  refIsAppName: boolean;
  /**
   * The Python file app.ref resolved to (absolute), even when it could not be read (FP008):
   * discovery matches a `.py` argument against it.
   */
  refPath?: string;
  /** That file, read and analysed; absent when there is no ref or it did not resolve to a readable file. */
  app?: PythonApp;
  /** The pyproject.toml that fal would read for this app (walking up from the manifest), if any. */
  pyproject?: PyprojectSource;
}

/** app.ref's Python file: where it is, its text and what the analysis found in it. */
export interface PythonApp {
  /** Display path (relative to the cwd; what findings name). */
  file: string;
  /** Absolute path. */
  path: string;
  source: string;
  python: PythonFileFacts;
  /** The App class the ref names, or the file's only one; absent when not found (FP009, FP013, FP014). */
  cls?: AppClassFacts;
}

export interface PyprojectSource {
  /** Display path. */
  file: string;
  text: string;
  facts: PyprojectFacts;
  /** The [tool.fal.apps.<name>] table that describes this app, if any. */
  app?: PyprojectApp;
}

/**
 * The parsers loadProject runs over the three texts. All are pure: a caller that loads the same
 * texts many times (the property test) may pass memoised ones and get the same project.
 */
export interface ProjectParsers {
  manifest: typeof loadManifest;
  python: typeof analysePython;
  pyproject: typeof checkPyprojectOnce;
}

export const PARSERS: ProjectParsers = { manifest: loadManifest, python: analysePython, pyproject: checkPyprojectOnce };

export interface LoadedProject {
  facts: ProjectFacts;
  /** Findings from loading: manifest syntax/schema, TOML, Python syntax, unresolvable ref. */
  diagnostics: Finding[];
}

/** `refOverride`: the ref given on the deploy command line, which wins over `app.ref`. */
export function loadProject(manifestPath: string, manifestText: string, io: FileReader, cwd: string, refOverride?: string, parse: ProjectParsers = PARSERS): LoadedProject {
  const display = (p: string) => path.relative(cwd, p) || ".";
  const manifest = parse.manifest(manifestText, display(manifestPath));
  const diagnostics = [...manifest.diagnostics];
  const root = path.dirname(manifestPath);
  const facts: ProjectFacts = { manifest, manifestText, root, refIsAppName: false };
  const add = <C extends Code>(code: C, file: string, pos: Pos, args: ArgsOf<C>) => diagnostics.push(finding(code, { file, ...pos }, args));

  const pyprojectPath = findPyproject(root, io);
  let pyproject: PyprojectSource | undefined;
  if (pyprojectPath) {
    const file = display(pyprojectPath);
    const text = io.readText(pyprojectPath) ?? "";
    pyproject = facts.pyproject = { file, text, facts: parse.pyproject(text, file) };
    diagnostics.push(...pyproject.facts.diagnostics);
  }

  const ref = refOverride ?? manifest.manifest.app?.ref;
  if (!ref) return { facts, diagnostics };
  const refPos = manifest.pos(["app", "ref"], "value");
  let { file, className, appName } = parseRef(ref);
  let base = root;

  if (appName !== undefined) {
    facts.refIsAppName = true;
    const table = pyproject?.facts.apps.find((a) => a.tableName === appName);
    if (!pyproject || !table) {
      add("FP015", manifest.file, refPos, { ref, pyprojectFile: pyproject?.file });
      return { facts, diagnostics };
    }
    pyproject.app = table;
    const tableRef = table.keys.ref?.value;
    const entryPoint = table.keys.python_entry_point;
    base = path.dirname(pyprojectPath!);
    if (typeof tableRef === "string") ({ file, className } = parseRef(tableRef));
    else if (typeof entryPoint?.value === "string" && /^[\w.]+:\w+$/.test(entryPoint.value)) {
      // `pkg.mod:Class`: fal imports it on the runner; falpub reads the module from the project.
      const [moduleName, symbol] = entryPoint.value.split(":");
      const roots = [base, path.join(base, "src")];
      const found = moduleFile((f) => io.exists(f), roots, moduleName);
      if (!found) {
        add("FP017", pyproject.file, entryPoint.valuePos, { entryPoint: entryPoint.value, module: moduleName, roots: roots.map((r) => display(r) + "/") });
        return { facts, diagnostics };
      }
      file = path.relative(base, found);
      className = symbol;
    } else return { facts, diagnostics };
  }
  if (!file) return { facts, diagnostics };

  const filePath = (facts.refPath = path.resolve(base, file));
  const appFile = display(filePath);
  const source = io.readText(filePath);
  if (source === undefined) {
    add("FP008", manifest.file, refPos, { file: appFile, problem: io.exists(filePath) ? "unreadable" : "missing", root: display(root) });
    return { facts, diagnostics };
  }
  const projectRoot = pyprojectPath ? path.dirname(pyprojectPath) : root;
  const roots = [...new Set([path.dirname(filePath), projectRoot, path.join(projectRoot, "src")])];
  const python = parse.python(source, { path: filePath, loader: projectLoader(io, projectRoot, roots, display) });
  for (const e of python.syntaxErrors) add("FP901", appFile, e.pos, { detail: e.message, file: appFile });

  const app: PythonApp = (facts.app = { file: appFile, path: filePath, source, python, cls: pickAppClass(python, className) });
  if (!app.cls && python.syntaxErrors.length === 0) {
    const found = python.apps.map((a) => a.className);
    if (className !== undefined) add("FP009", manifest.file, refPos, { ref, refFile: file, file: appFile, className, found });
    else if (found.length === 0) add("FP013", manifest.file, refPos, { file: appFile });
    else add("FP014", manifest.file, refPos, { file: appFile, refFile: file, found });
  }

  if (pyproject && !pyproject.app) pyproject.app = matchPyprojectApp(pyproject, pyprojectPath!, app);
  return { facts, diagnostics };
}

function pickAppClass(python: PythonFileFacts, className: string | undefined): AppClassFacts | undefined {
  if (className !== undefined) return python.apps.find((a) => a.className === className);
  return python.apps.length === 1 ? python.apps[0] : undefined;
}

/** The pyproject app table whose ref points at the same file (and class), or whose name matches. */
function matchPyprojectApp(pyproject: PyprojectSource, pyprojectPath: string, app: PythonApp): PyprojectApp | undefined {
  const dir = path.dirname(pyprojectPath);
  return pyproject.facts.apps.find((table) => {
    const ref = table.keys.ref?.value;
    if (typeof ref !== "string") return false;
    const { file, className } = parseRef(ref);
    if (!file || path.resolve(dir, file) !== app.path) return false;
    return !className || !app.cls || className === app.cls.className;
  });
}

/** Like fal: walk up from the manifest's directory; stop at the first pyproject.toml or at a .git. */
function findPyproject(start: string, io: FileReader): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, "pyproject.toml");
    if (io.exists(candidate)) return candidate;
    if (io.exists(path.join(dir, ".git"))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
