import { execFile } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { childEnv } from "./env.js";
import { isPlainEntryPoint, parseLauncher, planVersionRead, PYTHON_PROBE, versionFromProbe, type InstallFacts } from "./installed-version.js";
import { searchPath } from "./run.js";
import { parseFalVersion, type FalVersion } from "./version.js";

/** The launcher's Python answers in ~60 ms; a loaded machine gets the same limit as `fal --version`. */
const PYTHON_PROBE_TIMEOUT_MS = 15_000;

export type VersionSource = "metadata" | "python" | "cli";

/**
 * fal's version, cheapest safe way first: its installed metadata (~3 ms), else the launcher's
 * Python with importlib.metadata (~60 ms), else `fal --version` (~0.9 s). Same answer shape as
 * `askCli` (running `fal --version`), which stays the last resort and the one that reports a broken fal.
 */
export async function readInstalledFalVersion(falPath: string, env: NodeJS.ProcessEnv, askCli: () => Promise<{ version: FalVersion } | { error: string }>): Promise<({ version: FalVersion; source: VersionSource }) | { error: string }> {
  const plan = planVersionRead(readInstallFacts(falPath, env));
  const fast = plan.kind === "metadata" ? plan.version : plan.kind === "python" ? await askPython(plan.interpreter, plan.flags, falPath, env) : undefined;
  const parsed = fast === undefined ? null : parseFalVersion(fast);
  if (parsed) return { version: parsed, source: plan.kind === "metadata" ? "metadata" : "python" };
  const read = await askCli();
  return "error" in read ? read : { ...read, source: "cli" };
}

const text = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};
const isDir = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
const isFile = (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() === true;
const list = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** The first 8 KB: enough for any shebang and console script, and a binary launcher stays cheap. */
function head(file: string): string {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(8192);
    return buf.toString("utf8", 0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Everything planVersionRead looks at, read from disk. A launcher that cannot be read says so. */
export function readInstallFacts(falPath: string, parentEnv: NodeJS.ProcessEnv): InstallFacts {
  const env = childEnv(parentEnv);
  const facts: InstallFacts = { launch: { kind: "other", why: "the fal launcher cannot be read" }, plainEntryPoint: false, env, sitePackages: [], shadowedByScriptDir: false };
  let real: string;
  let start: string;
  try {
    real = realpathSync(falPath);
    start = head(real);
  } catch {
    return facts;
  }
  facts.launch = parseLauncher(start);
  facts.plainEntryPoint = isPlainEntryPoint(start);
  if (facts.launch.kind !== "python") return facts;

  const given = facts.launch.interpreter;
  const interpreter = facts.launch.viaEnv ? searchPath(given, env) : isFile(given) ? given : undefined;
  if (!interpreter) return facts;
  facts.interpreter = interpreter;
  // Python finds its venv from the interpreter path as invoked, symlinks not resolved (PEP 405).
  const bin = path.dirname(interpreter);
  const root = [bin, path.dirname(bin)].find((d) => isFile(path.join(d, "pyvenv.cfg")));
  if (root === undefined) return facts;
  facts.pyvenvCfg = text(path.join(root, "pyvenv.cfg"));

  const seen = new Set<string>();
  for (const lib of ["lib", "lib64"]) {
    for (const py of list(path.join(root, lib)).filter((n) => /^python\d+\.\d+t?$/.test(n))) {
      const dir = path.join(root, lib, py, "site-packages");
      if (!isDir(dir) || seen.has(realpathSync(dir))) continue;
      seen.add(realpathSync(dir));
      const entries = list(dir);
      facts.sitePackages.push({ dir, distInfos: entries.filter((e) => /^fal-[^-]+\.dist-info$/i.test(e)), hasPackage: entries.includes("fal"), hasModule: entries.includes("fal.py") });
    }
  }
  // sys.path[0] is the script's directory, symlinks resolved: a fal package there wins over site-packages.
  const scriptDir = path.dirname(real);
  facts.shadowedByScriptDir = isDir(path.join(scriptDir, "fal")) || isFile(path.join(scriptDir, "fal.py"));
  const dist = facts.sitePackages.flatMap((s) => s.distInfos.map((d) => path.join(s.dir, d)));
  if (dist.length === 1) {
    facts.metadata = text(path.join(dist[0]!, "METADATA"));
    facts.versionFile = text(path.join(path.dirname(dist[0]!), "fal", "_fal_version.py"));
  }
  return facts;
}

/** The launcher's Python, with the launcher's flags and sys.path, asked without importing fal. */
function askPython(interpreter: string, flags: string, falPath: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const childE = childEnv(env);
  // -I and -P (or PYTHONSAFEPATH) leave the script's directory off sys.path.
  const safePath = /[IP]/.test(flags) || (!/[EI]/.test(flags) && Boolean(childE.PYTHONSAFEPATH));
  let scriptDir = "";
  try {
    scriptDir = safePath ? "" : path.dirname(realpathSync(falPath));
  } catch {
    return Promise.resolve(undefined);
  }
  const args = [...(flags ? [flags] : []), "-c", PYTHON_PROBE, scriptDir];
  return new Promise((resolve) => {
    execFile(interpreter, args, { env: childE, timeout: PYTHON_PROBE_TIMEOUT_MS, encoding: "utf8" }, (error, stdout) => resolve(error ? undefined : versionFromProbe(stdout)));
  });
}
