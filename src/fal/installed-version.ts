import path from "node:path";

/*
 * fal's version without starting fal: `fal --version` imports fal's whole package (~0.9 s).
 * The installed metadata says the same thing in ~3 ms, but only when nothing can shadow the
 * package the launcher would import. Pure decisions here; the reads are in read-installed-version.ts.
 */

/** How the `fal` launcher starts Python. */
export type Launch =
  | { kind: "python"; interpreter: string; flags: string; viaEnv: boolean }
  | { kind: "other"; why: string };

const PYTHON_NAME = /^python(\d+(\.\d+)?)?$/;
// One flag cluster such as -E, -I or -sE: Linux passes everything after the interpreter as one argument.
const FLAG_CLUSTER = /^-[A-Za-z]+$/;

/** Reads the launcher's first lines: a direct shebang, `#!/usr/bin/env python3.x`, or pip/uv's `#!/bin/sh` trampoline for long paths. */
export function parseLauncher(head: string): Launch {
  const lines = head.split(/\r?\n/);
  const first = lines[0] ?? "";
  if (!first.startsWith("#!")) return { kind: "other", why: "the fal launcher has no shebang line" };
  const words = first.slice(2).trim().split(/\s+/).filter(Boolean);
  const [program = "", ...rest] = words;

  if (path.basename(program) === "env") {
    // `env python3 -E` cannot work without -S (the kernel passes "python3 -E" as one name).
    const args = rest[0] === "-S" ? rest.slice(1) : rest;
    if (args.length === 0 || (rest[0] !== "-S" && args.length > 1)) return { kind: "other", why: `unusual env shebang: ${first}` };
    return python(args[0]!, args.slice(1), true, first);
  }
  if ((program === "/bin/sh" || program === "/usr/bin/sh") && rest.length === 0) {
    // '''exec' "/long/path/bin/python" "$0" "$@"   (quotes may be ' or "; flags may sit before "$0")
    const m = /^'''exec' (?:"([^"]+)"|'([^']+)'|(\S+))((?: -[A-Za-z]+)*) "\$0" "\$@"\s*$/.exec(lines[1] ?? "");
    if (!m) return { kind: "other", why: "the fal launcher is a shell script (a wrapper)" };
    return python(m[1] ?? m[2] ?? m[3]!, m[4]!.trim().split(/\s+/).filter(Boolean), false, lines[1]!);
  }
  return python(program, rest, false, first);
}

function python(interpreter: string, flags: string[], viaEnv: boolean, line: string): Launch {
  if (!PYTHON_NAME.test(path.basename(interpreter))) return { kind: "other", why: `the fal launcher runs ${interpreter}, not Python` };
  if (!viaEnv && !path.isAbsolute(interpreter)) return { kind: "other", why: `relative interpreter in ${line}` };
  if (flags.length > 1 || (flags.length === 1 && !FLAG_CLUSTER.test(flags[0]!))) return { kind: "other", why: `unusual interpreter options in ${line}` };
  return { kind: "python", interpreter, flags: flags[0] ?? "", viaEnv };
}

/** True when the launcher is a console script that only calls fal's CLI (pip, pipx, uv write these). */
export function isPlainEntryPoint(head: string): boolean {
  return /^from fal\.cli(\.main)? import main\s*$/m.test(head) && !/sys\.path|os\.environ|importlib|\bsite\b|exec\(/.test(head);
}

/** `__version__ = version = '1.83.0'` in fal/_fal_version.py (vcs-versioning). */
export function moduleVersion(source: string): string | undefined {
  return /^__version__\s*=\s*(?:version\s*=\s*)?['"]([^'"]+)['"]/m.exec(source)?.[1];
}

/** `Version: 1.83.0` from a dist-info METADATA file (its header ends at the first blank line). */
export function metadataVersion(metadata: string): string | undefined {
  const header = metadata.split(/\r?\n\r?\n/, 1)[0] ?? "";
  if (!/^Name:\s*fal\s*$/im.test(header)) return undefined;
  return /^Version:\s*(\S+)\s*$/m.exec(header)?.[1];
}

/** `include-system-site-packages = false` in pyvenv.cfg; a missing key means false, as in Python. */
export function venvIsIsolated(pyvenvCfg: string): boolean {
  const m = /^\s*include-system-site-packages\s*=\s*(\S+)\s*$/im.exec(pyvenvCfg);
  return !m || m[1]!.toLowerCase() !== "true";
}

/** Variables that let Python import something other than the venv's site-packages. */
export const SHADOWING_VARS = ["PYTHONPATH", "PYTHONHOME", "PYTHONPLATLIBDIR"] as const;

/** What the reader found about the installation the launcher would run. */
export interface InstallFacts {
  launch: Launch;
  plainEntryPoint: boolean;
  /** The interpreter after PATH lookup (env shebang); undefined when not found or not executable. */
  interpreter?: string;
  /** pyvenv.cfg next to the interpreter or one level up; undefined outside a venv. */
  pyvenvCfg?: string;
  /** The env the launcher would run with (childEnv of falpub's). */
  env: NodeJS.ProcessEnv;
  /** Per site-packages directory of the venv: the fal-*.dist-info names, whether fal/ or fal.py is there. */
  sitePackages: Array<{ dir: string; distInfos: string[]; hasPackage: boolean; hasModule: boolean }>;
  /** The script's own directory (sys.path[0]) holds fal/ or fal.py. */
  shadowedByScriptDir: boolean;
  metadata?: string;
  versionFile?: string;
}

export type VersionPlan =
  | { kind: "metadata"; version: string }
  /** Ask the launcher's Python (importlib.metadata + the module's own version file). */
  | { kind: "python"; interpreter: string; flags: string; why: string }
  | { kind: "cli"; why: string };

/** Where fal's version can be learned safely, cheapest first. Pure. */
export function planVersionRead(f: InstallFacts): VersionPlan {
  if (f.launch.kind !== "python") return { kind: "cli", why: f.launch.why };
  if (!f.interpreter) return { kind: "cli", why: `the interpreter ${f.launch.interpreter} was not found` };
  const askPython = (why: string): VersionPlan => (f.plainEntryPoint ? { kind: "python", interpreter: f.interpreter!, flags: f.launch.kind === "python" ? f.launch.flags : "", why } : { kind: "cli", why: `the launcher is not a plain console script (${why})` });
  if (!f.plainEntryPoint) return askPython("it does more than call fal.cli");
  if (f.pyvenvCfg === undefined) return askPython("its Python is not in a virtual environment");
  if (!venvIsIsolated(f.pyvenvCfg)) return askPython("the venv includes system site-packages");
  const ignoresEnv = /[EI]/.test(f.launch.flags);
  const shadowing = SHADOWING_VARS.filter((v) => f.env[v] !== undefined && f.env[v] !== "");
  if (!ignoresEnv && shadowing.length) return askPython(`${shadowing.join(", ")} set`);
  if (f.shadowedByScriptDir) return askPython("a fal package sits beside the launcher");
  const dists = f.sitePackages.flatMap((s) => s.distInfos.map((d) => ({ dir: s.dir, d })));
  if (dists.length !== 1) return askPython(`${dists.length} fal-*.dist-info directories`);
  const home = f.sitePackages.filter((s) => s.hasPackage || s.hasModule);
  if (home.length !== 1 || home[0]!.dir !== dists[0]!.dir || home[0]!.hasModule) return askPython("the fal package is not beside its metadata");
  const fromMetadata = f.metadata === undefined ? undefined : metadataVersion(f.metadata);
  const fromModule = f.versionFile === undefined ? undefined : moduleVersion(f.versionFile);
  if (!fromMetadata || fromMetadata !== fromModule) return askPython(`METADATA says ${fromMetadata ?? "nothing"}, fal/_fal_version.py ${fromModule ?? "nothing"}`);
  return { kind: "metadata", version: fromMetadata };
}

/**
 * Run by the launcher's Python: sys.path as the script would have it (its own directory
 * first, symlinks resolved), then the version the metadata reports and the version file of
 * the package `import fal` would load, found without importing it.
 */
export const PYTHON_PROBE = [
  "import sys, os, json",
  "if sys.path and sys.path[0] == '': sys.path.pop(0)",
  "if sys.argv[1]: sys.path.insert(0, sys.argv[1])",
  "import importlib.util, importlib.metadata as m",
  "s = importlib.util.find_spec('fal')",
  "f = os.path.join(os.path.dirname(s.origin), '_fal_version.py') if s and s.origin else ''",
  "print(json.dumps({'metadata': m.version('fal'), 'versionFile': open(f).read() if f and os.path.isfile(f) else None}))",
].join("\n");

/** The probe's answer → a version when metadata and module agree. */
export function versionFromProbe(stdout: string): string | undefined {
  try {
    const v = JSON.parse(stdout.trim().split("\n").pop() ?? "") as { metadata?: unknown; versionFile?: unknown };
    if (typeof v.metadata !== "string" || typeof v.versionFile !== "string") return undefined;
    return moduleVersion(v.versionFile) === v.metadata ? v.metadata : undefined;
  } catch {
    return undefined;
  }
}
