import path from "node:path";
import type { Diagnostic, Pos } from "./diagnostics.js";
import { loadManifest, type LoadedManifest } from "./manifest/load.js";
import { analysePython } from "./python/analyse.js";
import type { AppClassFacts, PythonFileFacts } from "./python/facts.js";
import { checkPyproject } from "./pyproject/check.js";
import type { PyprojectApp, PyprojectFacts } from "./pyproject/facts.js";
import { CODES, type Code } from "./rules/codes.js";

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
  /** How `app.ref` resolved: the Python file (display path) and class asked for. */
  appFile?: string;
  appFilePath?: string;
  appSource?: string;
  requestedClass?: string;
  python?: PythonFileFacts;
  appClass?: AppClassFacts;
  pyprojectFile?: string;
  pyprojectText?: string;
  pyproject?: PyprojectFacts;
  /** The [tool.fal.apps.<name>] table that describes this app, if any. */
  pyprojectApp?: PyprojectApp;
  /** True when app.ref names a pyproject app (fal then rejects --auth/--app-name). */
  refIsAppName: boolean;
}

export interface LoadedProject {
  facts: ProjectFacts;
  /** Findings from loading: manifest syntax/schema, TOML, Python syntax, unresolvable ref. */
  diagnostics: Diagnostic[];
}

/** `file.py::Class` → ["file.py", "Class"], as fal splits it (only when `::` is past index 1). */
export function splitRef(ref: string): { file?: string; className?: string; appName?: string } {
  const at = ref.indexOf("::");
  // `file.py::` keeps an empty class name: fal looks it up and fails ("Function '' not found").
  if (at > 1) return { file: ref.slice(0, at), className: ref.slice(at + 2) };
  if (ref.endsWith(".py")) return { file: ref };
  return { appName: ref };
}

/** `refOverride`: the ref given on the deploy command line, which wins over `app.ref`. */
export function loadProject(manifestPath: string, manifestText: string, io: FileReader, cwd: string, refOverride?: string): LoadedProject {
  const display = (p: string) => path.relative(cwd, p) || ".";
  const manifest = loadManifest(manifestText, display(manifestPath));
  const diagnostics = [...manifest.diagnostics];
  const root = path.dirname(manifestPath);
  const facts: ProjectFacts = { manifest, manifestText, root, refIsAppName: false };
  const add = (code: Code, file: string, pos: Pos, message: string, hint?: string) =>
    diagnostics.push({ code, severity: CODES[code].severity, file, line: pos.line, column: pos.column, message, hint });

  const pyprojectPath = findPyproject(root, io);
  if (pyprojectPath) {
    facts.pyprojectFile = display(pyprojectPath);
    facts.pyprojectText = io.readText(pyprojectPath) ?? "";
    facts.pyproject = checkPyproject(facts.pyprojectText, facts.pyprojectFile);
    diagnostics.push(...facts.pyproject.diagnostics);
  }

  const ref = refOverride ?? manifest.manifest.app?.ref;
  if (!ref) return { facts, diagnostics };
  const refPos = manifest.pos(["app", "ref"], "value");
  let { file, className, appName } = splitRef(ref);
  let base = root;

  if (appName !== undefined) {
    facts.refIsAppName = true;
    const table = facts.pyproject?.apps.find((a) => a.tableName === appName);
    if (!table) {
      add("FP008", manifest.file, refPos, `\`app.ref\` is \`${ref}\`, which fal reads as an app name, but no [tool.fal.apps.${appName}] table was found${facts.pyprojectFile ? ` in ${facts.pyprojectFile}` : " (no pyproject.toml)"}.`, "Use `file.py::Class`, or add the app to pyproject.toml.");
      return { facts, diagnostics };
    }
    facts.pyprojectApp = table;
    const tableRef = table.keys.ref?.value;
    if (typeof tableRef !== "string") return { facts, diagnostics };
    ({ file, className } = splitRef(tableRef));
    base = path.dirname(pyprojectPath!);
  }
  if (!file) return { facts, diagnostics };

  const filePath = path.resolve(base, file);
  facts.appFilePath = filePath;
  facts.appFile = display(filePath);
  facts.requestedClass = className;
  const source = io.readText(filePath);
  if (source === undefined) {
    const problem = io.exists(filePath) ? "cannot be read (a directory, or no read permission)" : "does not exist";
    add("FP008", manifest.file, refPos, `The app file \`${facts.appFile}\` ${problem}.`, `Fix \`app.ref\` (paths are relative to ${display(root)}/), or create the file with \`falpub init\`.`);
    return { facts, diagnostics };
  }
  facts.appSource = source;
  facts.python = analysePython(source);
  for (const e of facts.python.syntaxErrors) add("FP901", facts.appFile, e.pos, e.message, "Fix the syntax error; `python -m py_compile " + facts.appFile + "` shows what Python says.");

  facts.appClass = pickAppClass(facts.python, className);
  if (!facts.appClass && facts.python.syntaxErrors.length === 0) {
    const names = facts.python.apps.map((a) => a.className);
    const message = className === ""
      ? `\`${ref}\` names no class after \`::\`; fal deploy would fail with "Function '' not found in module".`
      : className
      ? `No fal.App subclass named \`${className}\` in ${facts.appFile}` + (names.length ? ` (found: ${names.join(", ")}).` : ".")
      : names.length === 0
        ? `No fal.App subclass in ${facts.appFile}.`
        : `${facts.appFile} has several fal.App subclasses (${names.join(", ")}); name one.`;
    const hint = names.length > 0 && className === "" ? `Set \`app.ref: ${file}::${names[0]}\`, or drop the \`::\`.` : names.length > 1 && !className ? `Set \`app.ref: ${file}::${names[0]}\` (or the class you mean).` : "Point `app.ref` at the file and class of your fal.App.";
    add("FP009", manifest.file, refPos, message, hint);
  }

  if (facts.pyproject && !facts.pyprojectApp) facts.pyprojectApp = matchPyprojectApp(facts, base, pyprojectPath!);
  return { facts, diagnostics };
}

function pickAppClass(python: PythonFileFacts, className: string | undefined): AppClassFacts | undefined {
  if (className !== undefined) return python.apps.find((a) => a.className === className);
  return python.apps.length === 1 ? python.apps[0] : undefined;
}

/** The pyproject app table whose ref points at the same file (and class), or whose name matches. */
function matchPyprojectApp(facts: ProjectFacts, _base: string, pyprojectPath: string): PyprojectApp | undefined {
  const dir = path.dirname(pyprojectPath);
  return facts.pyproject?.apps.find((app) => {
    const ref = app.keys.ref?.value;
    if (typeof ref !== "string") return false;
    const { file, className } = splitRef(ref);
    if (!file || path.resolve(dir, file) !== facts.appFilePath) return false;
    return !className || !facts.appClass || className === facts.appClass.className;
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
