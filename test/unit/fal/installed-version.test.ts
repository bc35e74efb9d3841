// fal's version from its installed metadata: one test per installation layout, each built in a
// temp dir (a venv = pyvenv.cfg + bin/python linked to a real Python, a fake fal package with
// dist-info, and a launcher file). Each asserts whether the fast path answers or falls back,
// and that the answer is the version fal itself would report.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPlainEntryPoint, metadataVersion, moduleVersion, parseLauncher, planVersionRead, versionFromProbe } from "../../../src/fal/installed-version.js";
import { falImportError, parseDeployOutcome } from "../../../src/fal/outcome.js";
import { falClient, versionFrom } from "../../../src/fal/client.js";
import { readInstalledFalVersion as readWith, readInstallFacts } from "../../../src/fal/read-installed-version.js";
import { captureFal } from "../../../src/fal/run.js";

/** The real fallback: `fal --version`, as FalClient runs it. */
const readInstalledFalVersion = (fal: string, env: NodeJS.ProcessEnv) =>
  readWith(fal, env, async () => versionFrom(fal, await captureFal(fal, ["--version"], { env, timeoutMs: 15_000 }), 15_000));
import { REPO_ROOT } from "../../support/control-plane.js";

/** A real interpreter (not a pyenv shim): venvs link to it. */
const PYTHON = (() => {
  try {
    return execFileSync("python3", ["-c", "import sys, os; print(os.path.realpath(sys.executable))"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
})();
const PY_VER = PYTHON ? execFileSync(PYTHON, ["-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"], { encoding: "utf8" }).trim() : "3.11";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "falpub-fal-layouts-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const fresh = (name: string) => {
  const dir = path.join(tmp, `${name}-${n++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const write = (file: string, text: string, mode?: number) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mode) chmodSync(file, mode);
};

const CONSOLE_SCRIPT = `# -*- coding: utf-8 -*-
import re
import sys
from fal.cli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
`;

/** A fal package whose CLI prints its own version for --version, like the real one. */
function falPackage(site: string, version: string, { distInfo = true, cliBody }: { distInfo?: boolean; cliBody?: string } = {}) {
  write(path.join(site, "fal", "__init__.py"), "");
  write(path.join(site, "fal", "_fal_version.py"), `__version__ = version = '${version}'\n__version_tuple__ = version_tuple = (0,)\n`);
  write(path.join(site, "fal", "cli.py"), cliBody ?? "import sys\nfrom fal._fal_version import version\ndef main():\n    print(version)\n    return 0\n");
  if (distInfo) write(path.join(site, `fal-${version}.dist-info`, "METADATA"), `Metadata-Version: 2.4\nName: fal\nVersion: ${version}\nSummary: fake\n\nlong description\nVersion: 0.0.0\n`);
}

/** A venv (what `python -m venv` makes, minus pip): pyvenv.cfg, bin/python → a real Python. */
function venv(dir: string, { systemSite = false } = {}) {
  write(path.join(dir, "pyvenv.cfg"), `home = ${path.dirname(PYTHON ?? "/usr/bin/python3")}\ninclude-system-site-packages = ${systemSite}\nversion = ${PY_VER}.0\n`);
  mkdirSync(path.join(dir, "bin"), { recursive: true });
  symlinkSync(PYTHON ?? "/usr/bin/python3", path.join(dir, "bin", "python"));
  const site = path.join(dir, "lib", `python${PY_VER}`, "site-packages");
  mkdirSync(site, { recursive: true });
  return { python: path.join(dir, "bin", "python"), site, bin: path.join(dir, "bin") };
}

function launcher(file: string, shebang: string, body = CONSOLE_SCRIPT) {
  write(file, `${shebang}\n${body}`, 0o755);
  return file;
}

const baseEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ PATH: "/usr/bin:/bin", HOME: tmp, ...extra });
const plan = (fal: string, env: NodeJS.ProcessEnv) => planVersionRead(readInstallFacts(fal, env));
const withPython = PYTHON ? it : it.skip;

describe("fal's version by layout", () => {
  withPython("venv: the metadata answers, fal is not started", async () => {
    const v = venv(fresh("venv"));
    falPackage(v.site, "1.83.0", { cliBody: "def main():\n    raise SystemExit('fal was started')\n" });
    const fal = launcher(path.join(v.bin, "fal"), `#!${v.python}`);
    expect(plan(fal, baseEnv())).toEqual({ kind: "metadata", version: "1.83.0" });
    const read = await readInstalledFalVersion(fal, baseEnv());
    expect(read).toMatchObject({ source: "metadata", version: { raw: "1.83.0" } });
  });

  withPython("pipx-like `-E` shebang: PYTHONPATH cannot shadow it, so the metadata answers", async () => {
    const v = venv(fresh("pipx"));
    falPackage(v.site, "1.83.0");
    const shadow = fresh("shadow");
    falPackage(shadow, "9.9.9", { distInfo: false });
    const fal = launcher(path.join(v.bin, "fal"), `#!${v.python} -E`);
    const env = baseEnv({ PYTHONPATH: shadow });
    expect(plan(fal, env)).toEqual({ kind: "metadata", version: "1.83.0" });
    // What fal itself says under that env: the same.
    expect(execFileSync(fal, ["--version"], { env, encoding: "utf8" }).trim()).toBe("1.83.0");
  });

  withPython("symlinked uv-tool-like launcher (~/.local/bin/fal → tools/fal/bin/fal): the metadata answers", () => {
    const root = fresh("uv");
    const v = venv(path.join(root, "share", "uv", "tools", "fal"));
    falPackage(v.site, "1.83.0");
    const real = launcher(path.join(v.bin, "fal"), `#!${v.python}`);
    const link = path.join(root, "bin", "fal");
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(real, link);
    expect(plan(link, baseEnv())).toEqual({ kind: "metadata", version: "1.83.0" });
  });

  withPython("long-path `#!/bin/sh` trampoline: the metadata answers, and fal agrees", () => {
    const v = venv(path.join(fresh("long"), "a".repeat(60), "b".repeat(60), "venv"));
    falPackage(v.site, "1.83.0");
    const fal = launcher(path.join(v.bin, "fal"), "#!/bin/sh", `'''exec' "${v.python}" "$0" "$@"\n' '''\n${CONSOLE_SCRIPT}`);
    expect(plan(fal, baseEnv())).toEqual({ kind: "metadata", version: "1.83.0" });
    expect(execFileSync(fal, ["--version"], { env: baseEnv(), encoding: "utf8" }).trim()).toBe("1.83.0");
  });

  withPython("`#!/usr/bin/env python3.x`: the metadata answers when PATH finds the venv's Python, else its Python is asked", async () => {
    const v = venv(fresh("env"));
    symlinkSync(PYTHON!, path.join(v.bin, `python${PY_VER}`));
    falPackage(v.site, "1.83.0");
    const fal = launcher(path.join(v.bin, "fal"), `#!/usr/bin/env python${PY_VER}`);
    expect(plan(fal, baseEnv({ PATH: `${v.bin}:/usr/bin:/bin` }))).toEqual({ kind: "metadata", version: "1.83.0" });
    const elsewhere = baseEnv({ PATH: `${path.dirname(PYTHON!)}:/usr/bin:/bin` });
    expect(plan(fal, elsewhere)).toMatchObject({ kind: "python" });
  });

  withPython("pip --user install (system Python, no venv): falls back to the launcher's Python, which finds the user site", async () => {
    const userBase = fresh("userbase");
    const site = path.join(userBase, "lib", `python${PY_VER}`, "site-packages");
    falPackage(site, "1.80.1");
    const fal = launcher(path.join(userBase, "bin", "fal"), `#!${PYTHON}`);
    const env = baseEnv({ PYTHONUSERBASE: userBase });
    expect(plan(fal, env)).toMatchObject({ kind: "python", why: expect.stringMatching(/not in a virtual environment/) });
    expect(await readInstalledFalVersion(fal, env)).toMatchObject({ source: "python", version: { raw: "1.80.1" } });
  });

  withPython("a wrapper script: falls back to `fal --version`", async () => {
    const v = venv(fresh("wrapped"));
    falPackage(v.site, "1.83.0");
    const inner = launcher(path.join(v.bin, "fal"), `#!${v.python}`);
    const fal = launcher(path.join(fresh("wrapper"), "fal"), "#!/bin/sh", `export FAL_SOMETHING=1\nexec "${inner}" "$@"\n`);
    expect(plan(fal, baseEnv())).toMatchObject({ kind: "cli" });
    expect(await readInstalledFalVersion(fal, baseEnv())).toMatchObject({ source: "cli", version: { raw: "1.83.0" } });
  });

  withPython("PYTHONPATH shadowing: the metadata is not trusted, and the answer is the shadowing fal's, as fal --version says", async () => {
    const v = venv(fresh("shadowed"));
    falPackage(v.site, "1.83.0");
    const shadow = fresh("shadow");
    falPackage(shadow, "1.79.1", { distInfo: false });
    const fal = launcher(path.join(v.bin, "fal"), `#!${v.python}`);
    const env = baseEnv({ PYTHONPATH: shadow });
    expect(plan(fal, env)).toMatchObject({ kind: "python", why: expect.stringMatching(/PYTHONPATH/) });
    const read = await readInstalledFalVersion(fal, env);
    expect(read).toMatchObject({ source: "cli", version: { raw: "1.79.1" } });
    expect(execFileSync(fal, ["--version"], { env, encoding: "utf8" }).trim()).toBe("1.79.1");
  });

  withPython("a broken install (fal's dependencies missing) still answers from the metadata: deploy reports it", async () => {
    const v = venv(fresh("broken"));
    falPackage(v.site, "1.83.0", { cliBody: "import isolate_missing_dependency\ndef main():\n    return 0\n" });
    const fal = launcher(path.join(v.bin, "fal"), `#!${v.python}`);
    expect(await readInstalledFalVersion(fal, baseEnv())).toMatchObject({ source: "metadata" });
    const outcome = await falClient(baseEnv(), tmp).deploy(fal, ["deploy", "app.py"], { cwd: tmp, timeoutMs: 30_000 });
    expect(outcome).toMatchObject({ kind: "fal-broken", exitCode: 1, error: "ModuleNotFoundError: No module named 'isolate_missing_dependency'" });

    // Through the built CLI: the typed outcome in --json, exit 4 (fal missing or broken), the fix on stderr.
    const app = fresh("app");
    const cli = path.join(REPO_ROOT, "bin", "falpub.js");
    execFileSync(process.execPath, [cli, "init", app, "--billing", "per_request", "--name", "broken-fal"], { env: baseEnv({ NO_COLOR: "1" }), stdio: "ignore" });
    const run = spawnSync(process.execPath, [cli, "deploy", "--json", "--fal", fal], { cwd: app, env: baseEnv({ NO_COLOR: "1", PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` }), encoding: "utf8" });
    expect(run.status, run.stderr).toBe(4);
    expect(JSON.parse(run.stdout).outcome).toMatchObject({ kind: "fal-broken" });
    expect(run.stderr).toMatch(/reinstall it/);
  });

  it("an ImportError outside fal's own start is not a broken install", () => {
    const trace = (first: string) => `Traceback (most recent call last):\n  File "/v/bin/fal", line 3, in <module>\n    ${first}\nModuleNotFoundError: No module named 'x'\n`;
    expect(falImportError(trace("from fal.cli import main"))).toBe("ModuleNotFoundError: No module named 'x'");
    expect(falImportError(trace("import torch"))).toBeUndefined();
    expect(falImportError(trace("from fal.cli import main").replace("ModuleNotFoundError", "RuntimeError"))).toBeUndefined();
    // fal's own "✘" line wins: the app's import error stays invalid-app.
    expect(parseDeployOutcome({ exitCode: 1, stdout: "✘ No module named 'torch'\n", stderr: trace("from fal.cli import main"), timedOut: false, interrupted: false, timeoutMs: 1 }).kind).toBe("invalid-app");
  });
});

describe("what stops the fast path", () => {
  withPython("system site-packages, two dist-infos, metadata ≠ module version, a fal package beside the launcher", () => {
    const sys = venv(fresh("syssite"), { systemSite: true });
    falPackage(sys.site, "1.83.0");
    expect(plan(launcher(path.join(sys.bin, "fal"), `#!${sys.python}`), baseEnv())).toMatchObject({ kind: "python", why: expect.stringMatching(/system site-packages/) });

    const two = venv(fresh("two"));
    falPackage(two.site, "1.83.0");
    write(path.join(two.site, "fal-1.82.0.dist-info", "METADATA"), "Name: fal\nVersion: 1.82.0\n");
    expect(plan(launcher(path.join(two.bin, "fal"), `#!${two.python}`), baseEnv())).toMatchObject({ kind: "python", why: "2 fal-*.dist-info directories" });

    const drift = venv(fresh("drift"));
    falPackage(drift.site, "1.83.0");
    write(path.join(drift.site, "fal", "_fal_version.py"), "__version__ = version = '1.84.0'\n");
    expect(plan(launcher(path.join(drift.bin, "fal"), `#!${drift.python}`), baseEnv())).toMatchObject({ kind: "python", why: expect.stringMatching(/1\.83\.0.*1\.84\.0/) });

    const beside = venv(fresh("beside"));
    falPackage(beside.site, "1.83.0");
    write(path.join(beside.bin, "fal.py"), "");
    expect(plan(launcher(path.join(beside.bin, "fal"), `#!${beside.python}`), baseEnv())).toMatchObject({ kind: "python", why: expect.stringMatching(/beside the launcher/) });
  });

  it("a launcher that does more than call fal.cli, or runs no Python, goes to `fal --version`", () => {
    expect(isPlainEntryPoint(CONSOLE_SCRIPT)).toBe(true);
    expect(isPlainEntryPoint(`import sys\nsys.path.insert(0, '/x')\n${CONSOLE_SCRIPT}`)).toBe(false);
    expect(isPlainEntryPoint("import sys\nprint('hi')\n")).toBe(false);
    expect(parseLauncher("#!/usr/bin/node\n")).toMatchObject({ kind: "other" });
    expect(parseLauncher("\x7fELF...")).toMatchObject({ kind: "other" });
  });
});

describe("parsing", () => {
  it("reads every shebang form", () => {
    expect(parseLauncher("#!/v/bin/python\n")).toEqual({ kind: "python", interpreter: "/v/bin/python", flags: "", viaEnv: false });
    expect(parseLauncher("#!/v/bin/python3.11 -E\n")).toEqual({ kind: "python", interpreter: "/v/bin/python3.11", flags: "-E", viaEnv: false });
    expect(parseLauncher("#!/usr/bin/env python3.12\n")).toEqual({ kind: "python", interpreter: "python3.12", flags: "", viaEnv: true });
    expect(parseLauncher("#!/usr/bin/env -S python3 -I\n")).toEqual({ kind: "python", interpreter: "python3", flags: "-I", viaEnv: true });
    expect(parseLauncher("#!/usr/bin/env python3 -E\n")).toMatchObject({ kind: "other" });
    expect(parseLauncher(`#!/bin/sh\n'''exec' '/long/bin/python' "$0" "$@"\n' '''\n`)).toEqual({ kind: "python", interpreter: "/long/bin/python", flags: "", viaEnv: false });
    expect(parseLauncher(`#!/bin/sh\n'''exec' "/long/bin/python" -E "$0" "$@"\n`)).toEqual({ kind: "python", interpreter: "/long/bin/python", flags: "-E", viaEnv: false });
    expect(parseLauncher("#!/v/bin/python -E -s\n")).toMatchObject({ kind: "other" });
    expect(parseLauncher("#!python\n")).toMatchObject({ kind: "other" });
  });
  it("reads versions from METADATA (header only), _fal_version.py and the probe", () => {
    expect(metadataVersion("Metadata-Version: 2.4\nName: fal\nVersion: 1.83.0\n\nVersion: 0.1\n")).toBe("1.83.0");
    expect(metadataVersion("Name: fal-client\nVersion: 1.0.0\n")).toBeUndefined();
    expect(moduleVersion("__version__ = version = '1.83.0'\n")).toBe("1.83.0");
    expect(moduleVersion('__version__ = "1.2.3"\n')).toBe("1.2.3");
    expect(versionFromProbe(JSON.stringify({ metadata: "1.83.0", versionFile: "__version__ = version = '1.83.0'" }))).toBe("1.83.0");
    expect(versionFromProbe(JSON.stringify({ metadata: "1.83.0", versionFile: "__version__ = version = '1.79.1'" }))).toBeUndefined();
    expect(versionFromProbe(JSON.stringify({ metadata: "1.83.0", versionFile: null }))).toBeUndefined();
    expect(versionFromProbe("Traceback ...")).toBeUndefined();
  });
});
