// Helpers for the CLI tests: run the built bin (node <build>/bin/falpub.js) as a user would, with
// NO_COLOR=1, CI=true, no TTY, an isolated HOME and only the environment we give it.
import { execa } from "execa";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../support/fal-env.js";
import { runCli } from "../../src/program.js";
import { colorFor } from "../../src/terminal.js";

/** A PATH with node, git and coreutils, but no `fal`. */
export const BASE_PATH = [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);

/** The bin under test: the repo's bin/falpub.js (dist/ is built once per run by test/support/global-setup.ts), or FALPUB_CLI_BIN. */
const bin = process.env.FALPUB_CLI_BIN ?? path.join(REPO_ROOT, "bin", "falpub.js");
export function BIN(): string {
  return bin;
}

/** Temp roots removed when the worker exits (the shared HOME). */
const builds: string[] = [];
process.on("exit", () => {
  for (const b of builds) rmSync(b, { recursive: true, force: true });
});

export interface Run {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  signal?: string;
  durationMs: number;
}

/** A fresh HOME so no ~/.fal or git identity of the person running the tests leaks in. */
export function isolatedHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), "falpub-cli-home-"));
  writeFileSync(path.join(home, ".gitconfig"), "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n");
  return home;
}

const sharedHome = isolatedHome();
builds.push(sharedHome);

/** The environment a user in CI would have, without the caller's FAL_* or anything else. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: BASE_PATH, HOME: sharedHome, LANG: "C.UTF-8", NO_COLOR: "1", CI: "true", ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** `node bin/falpub.js <args>` in `cwd` with exactly `env` (see baseEnv); never rejects. */
export async function falpub(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  const started = Date.now();
  const r = await execa(process.execPath, [BIN(), ...args], {
    cwd: opts.cwd,
    env: opts.env ?? baseEnv(),
    extendEnv: false,
    stdin: "ignore",
    reject: false,
    timeout: opts.timeoutMs ?? 30_000,
    encoding: "utf8",
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr), signal: r.signal, durationMs: Date.now() - started };
}

/**
 * `falpub <args>` in-process (src/program.ts over captured streams), as the bin would run it
 * without a terminal: same argv parsing, commands, messages and exit codes, no process start.
 * Not for deploy (its command is wired to the process: test it through runDeploy, or the bin).
 */
export async function falpubIn(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const started = Date.now();
  const env = opts.env ?? baseEnv();
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(args, {
    env,
    cwd: opts.cwd,
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    terminal: (_stream, colorFlag) => ({ color: colorFor(env, { isTTY: false }, colorFlag), interactive: false, columns: 80 }),
    confirm: () => Promise.reject(new Error("no terminal: confirm() must not be called")),
  });
  // As falpub() (execa) gives them: without the final newline.
  const strip = (text: string) => text.replace(/\r?\n$/, "");
  return { exitCode, stdout: strip(stdout), stderr: strip(stderr), durationMs: Date.now() - started };
}

/** Temp dirs made by a test file, removed in afterAll. */
export function tempDirs() {
  const made: string[] = [];
  return {
    make(prefix = "falpub-cli-"): string {
      const d = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(d);
      return d;
    },
    cleanup(): void {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Every file under dir (relative paths, sorted), for "nothing was written" assertions. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** Replace `from` by `to` in a file; fails loudly when `from` is absent, so edits cannot silently miss. */
export function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit: ${String(from)} not found in ${file}`);
  writeFileSync(file, next);
}

/** Copy a scaffolded app to a fresh dir. */
export function copyApp(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}

/** A stack frame as Node prints it. */
export const STACK_FRAME = /^\s{4}at /m;
