import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { childEnv } from "./env.js";
import type { RawRun } from "./outcome.js";

export type FalLocation = { path: string; source: "flag" | "FALPUB_FAL" | "venv" | "PATH" | "uv-tool" } | { error: string };

const INSTALL_HINT =
  "Install it into the project's .venv (`uv pip install fal`, or `pip install fal` with the venv active), or as a tool (`uv tool install fal`, `pipx install fal`), or point falpub at it with --fal <path> or FALPUB_FAL.";

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Search PATH in JS (no `which`): first executable `name` wins. */
export function searchPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const exts = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").concat([""]) : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue; // an empty PATH entry means cwd: never pick up a stray ./fal
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function resolveGiven(value: string, env: NodeJS.ProcessEnv, source: "flag" | "FALPUB_FAL", cwd: string): FalLocation {
  const label = source === "flag" ? `--fal ${value}` : `FALPUB_FAL=${value}`;
  // A bare name is looked up on PATH; anything with a slash is a path.
  if (!value.includes("/") && !value.includes(path.sep)) {
    const found = searchPath(value, env);
    return found ? { path: found, source } : { error: `${label}: no executable named "${value}" on PATH. ${INSTALL_HINT}` };
  }
  const abs = path.resolve(cwd, value);
  return isExecutableFile(abs) ? { path: abs, source } : { error: `${label}: ${abs} is not an executable file. ${INSTALL_HINT}` };
}

const VENV_FAL = process.platform === "win32" ? path.join("Scripts", "fal.exe") : path.join("bin", "fal");

/**
 * `.venv/bin/fal` of the project (pip's and uv's layout are the same), looked for from `dir`
 * upwards to the repository root (the first directory holding `.git`), so a venv that is not
 * activated still counts and one outside the repository never does.
 */
export function findVenvFal(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, ".venv", VENV_FAL);
    if (isExecutableFile(candidate)) return candidate;
    if (existsSync(path.join(d, ".git")) || path.dirname(d) === d) return undefined;
  }
}

/** Where `uv tool install fal` puts the executable, in uv's order, when that is not on PATH. */
export function uvToolBinDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.UV_TOOL_BIN_DIR) return env.UV_TOOL_BIN_DIR;
  if (env.XDG_BIN_HOME) return env.XDG_BIN_HOME;
  if (env.XDG_DATA_HOME) return path.join(env.XDG_DATA_HOME, "..", "bin");
  return env.HOME ? path.join(env.HOME, ".local", "bin") : undefined;
}

/**
 * --fal, then FALPUB_FAL, then the project's .venv (from `projectDir`, default cwd), then `fal`
 * on PATH, then uv's tool directory. An explicit choice that is broken is an error, never skipped.
 */
export function locateFal(opts: { flag?: string; env: NodeJS.ProcessEnv; cwd?: string; projectDir?: string }): FalLocation {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.flag) return resolveGiven(opts.flag, opts.env, "flag", cwd);
  if (opts.env.FALPUB_FAL) return resolveGiven(opts.env.FALPUB_FAL, opts.env, "FALPUB_FAL", cwd);
  const venv = findVenvFal(opts.projectDir ?? cwd);
  if (venv) return { path: venv, source: "venv" };
  const found = searchPath("fal", opts.env);
  if (found) return { path: found, source: "PATH" };
  const uvDir = uvToolBinDir(opts.env);
  const uvFal = uvDir && path.join(uvDir, process.platform === "win32" ? "fal.exe" : "fal");
  if (uvFal && isExecutableFile(uvFal)) return { path: uvFal, source: "uv-tool" };
  return { error: `The fal CLI was not found on PATH, in the project's .venv or in uv's tool directory. ${INSTALL_HINT}` };
}

/** A short run with its output captured. Not redacted: the caller (src/fal/client.ts) does that. */
export interface CapturedRun {
  /** null when killed by a signal or never started. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  signal?: string;
  /** Node's account of a spawn failure (ENOENT, EACCES): such a run has nothing else. */
  why: string;
}

/** How a started fal ended. */
interface Ended {
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  /** Node's message when fal could not be started (ENOENT, EACCES); else empty. */
  spawnError: string;
}

/**
 * Start fal: no shell, the scrubbed env, stdin ignored, both streams piped as text. After
 * `timeoutMs` it gets SIGTERM, and SIGKILL `forceKillAfterMs` later if it is still there; so
 * does any fal still running when falpub exits. node:child_process, not execa: execa's import
 * cost ~24 ms on the way to every fal start (test/bench/README.md), for what these few lines do.
 */
function startFal(falPath: string, argv: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number; forceKillAfterMs: number; detached?: boolean }) {
  const { spawn } = process.getBuiltinModule("node:child_process");
  const child = spawn(falPath, argv, {
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: childEnv(opts.env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: Boolean(opts.detached),
    windowsHide: true,
  });
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  let timedOut = false;
  let killer: NodeJS.Timeout | undefined;
  /** `signal` now, SIGKILL after the grace delay unless fal has ended by then. */
  const stop = (signal: NodeJS.Signals) => {
    child.kill(signal);
    killer ??= setTimeout(() => child.kill("SIGKILL"), opts.forceKillAfterMs);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop("SIGTERM");
  }, opts.timeoutMs);
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  const ended = new Promise<Ended>((resolve) => {
    let spawnError = "";
    child.once("error", (e) => (spawnError = e.message));
    // "close" comes after the exit and after both streams ended (also after a spawn error).
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      process.off("exit", onExit);
      resolve({ exitCode: code, ...(signal ? { signal } : {}), timedOut, spawnError });
    });
  });
  return { child, stop, ended };
}

/** Run a short fal command with its output captured: no shell, scrubbed env, stdin ignored, killed on timeout. */
export async function captureFal(falPath: string, argv: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CapturedRun> {
  const { child, ended } = startFal(falPath, argv, { ...opts, forceKillAfterMs: 5000 });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: string) => (stdout += c));
  child.stderr.on("data", (c: string) => (stderr += c));
  const r = await ended;
  return {
    exitCode: r.spawnError ? null : r.exitCode,
    // The final newline is not part of the answer (`fal --version` prints one).
    stdout: stdout.replace(/\r?\n$/, ""),
    stderr: stderr.replace(/\r?\n$/, ""),
    timedOut: r.timedOut,
    ...(r.signal ? { signal: r.signal } : {}),
    why: r.spawnError,
  };
}

export interface StreamOptions {
  cwd: string;
  /** The parent environment; scrubbed with childEnv() here. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Called once per complete line as it arrives (not redacted: the caller does that). */
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
  /** Called once fal has been started. */
  onSpawn?: () => void;
  /** SIGTERM → SIGKILL delay (after a timeout or a forwarded signal). Default 5000. */
  forceKillAfterMs?: number;
}

/** Keeps the last `max` lines of a stream and hands complete lines to a callback. */
class LineTail {
  private partial = "";
  readonly lines: string[] = [];
  constructor(
    private readonly max: number,
    private readonly onLine?: (line: string) => void,
  ) {}
  push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    for (const l of parts) this.emit(l.replace(/\r$/, ""));
  }
  end(): void {
    if (this.partial) this.emit(this.partial);
    this.partial = "";
  }
  private emit(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
    this.onLine?.(line);
  }
  text(): string {
    return this.lines.join("\n");
  }
}

// Enough to hold the final JSON line and a useful tail, bounded for huge build logs.
const KEEP_LINES = 400;

/**
 * Run `fal <argv>` for as long as it takes: no shell, stdin ignored, both streams streamed
 * live and tailed, killed on timeout, SIGINT/SIGTERM forwarded (then `interrupted`).
 */
export async function streamFal(falPath: string, argv: string[], opts: StreamOptions): Promise<RawRun> {
  const forceKillAfterMs = opts.forceKillAfterMs ?? 5000;
  const out = new LineTail(KEEP_LINES, opts.onStdout);
  const err = new LineTail(KEEP_LINES, opts.onStderr);
  // Own process group: a terminal Ctrl-C reaches only falpub, which forwards it exactly
  // once (a second SIGINT would interrupt fal's own "Aborted." handling).
  const { child, stop, ended } = startFal(falPath, argv, { ...opts, forceKillAfterMs, detached: true });
  opts.onSpawn?.();
  child.stdout.on("data", (c: string) => out.push(c));
  child.stderr.on("data", (c: string) => err.push(c));

  let interrupted = false;
  let escalation: NodeJS.Timeout | undefined;
  const forward = (signal: NodeJS.Signals) => {
    interrupted = true;
    child.kill(signal);
    // If fal ignores it, fall back to SIGTERM (and SIGKILL after the delay).
    escalation ??= setTimeout(() => stop("SIGTERM"), forceKillAfterMs);
  };
  const onSigint = () => forward("SIGINT");
  const onSigterm = () => forward("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);

  let result: Ended;
  try {
    result = await ended;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
    if (escalation) clearTimeout(escalation);
  }
  out.end();
  err.end();

  // Spawn failures (ENOENT, EACCES) have no exit code: report Node's own message.
  return {
    exitCode: result.spawnError ? null : result.exitCode,
    stdout: out.text(),
    stderr: [err.text(), result.spawnError].filter(Boolean).join("\n"),
    timedOut: result.timedOut,
    interrupted,
    timeoutMs: opts.timeoutMs,
  };
}
