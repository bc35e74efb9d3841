import { checkPlatform } from "./apps.js";
import { redact } from "../core/redact.js";
import { buildAppsListArgv } from "./argv.js";
import { secretsIn } from "./env.js";
import { parseDeployOutcome } from "./outcome.js";
import { readInstalledFalVersion } from "./read-installed-version.js";
import { captureFal, locateFal, streamFal, type CapturedRun, type FalLocation } from "./run.js";
import type { DeployOutcome, PlatformCheck } from "./types.js";
import { parseFalVersion, type FalVersion } from "./version.js";

export const VERSION_TIMEOUT_MS = 15_000;
export const APPS_LIST_TIMEOUT_MS = 60_000;

/** The deployed app, as the platform is asked about it. */
export interface PlatformQuery {
  appName: string;
  revision: string;
  /** As given to fal (--env); fal itself falls back to FAL_ENV. */
  env?: string;
  team?: string;
}

export interface DeployIo {
  cwd: string;
  timeoutMs: number;
  /** Each line as it arrives, already redacted. */
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
  /** Called once fal has been started: work that can wait for fal goes here, off the path to its start. */
  onSpawn?: () => void;
}

/**
 * Everything `falpub deploy` asks of fal, as typed results (never an exception for a fal that
 * fails). The real one runs the CLI; tests replay recorded outputs through the same code.
 * `listApps` (`fal apps list --json`) is the platform check after a deploy when there is no
 * FAL_KEY; with one, deploy asks the Platform API instead (src/commands/deploy/platform.ts).
 */
export interface FalClient {
  /** --fal, then FALPUB_FAL, then `fal` on PATH. */
  /** `projectDir`: the manifest's directory, whose .venv (up to the repository root) is searched before PATH. */
  locate(flag: string | undefined, projectDir?: string): FalLocation;
  version(falPath: string): Promise<{ version: FalVersion } | { error: string }>;
  deploy(falPath: string, argv: string[], io: DeployIo): Promise<DeployOutcome>;
  listApps(falPath: string, query: PlatformQuery, cwd: string): Promise<PlatformCheck>;
}

/** How fal is started: node:child_process in real runs (src/fal/run.ts), a replay keyed by argv in tests. */
export interface FalProcesses {
  capture(falPath: string, argv: string[], opts: { cwd?: string; timeoutMs: number }): Promise<CapturedRun>;
  stream(falPath: string, argv: string[], io: DeployIo): ReturnType<typeof streamFal>;
}

export function childProcesses(env: NodeJS.ProcessEnv): FalProcesses {
  return {
    capture: (falPath, argv, opts) => captureFal(falPath, argv, { ...opts, env }),
    stream: (falPath, argv, io) => streamFal(falPath, argv, { ...io, env }),
  };
}

const lastLine = (s: string) => s.trim().split("\n").filter(Boolean).pop() ?? "";

/** `fal --version`'s run → the version, or why there is none (a fal that crashes, hangs or prints garbage). Pure. */
export function versionFrom(falPath: string, r: CapturedRun, timeoutMs: number): { version: FalVersion } | { error: string } {
  if (r.timedOut) return { error: `\`${falPath} --version\` did not answer within ${timeoutMs / 1000} s.` };
  if (r.exitCode !== 0) {
    const why = lastLine(r.stderr) || lastLine(r.stdout) || r.why;
    return { error: `\`${falPath} --version\` failed (exit ${r.exitCode ?? r.signal ?? "?"}): ${why}` };
  }
  const version = parseFalVersion(r.stdout);
  return version ? { version } : { error: `\`${falPath} --version\` printed no version: ${JSON.stringify(lastLine(r.stdout))}` };
}

/** How long a `fal apps list` killed by SIGINT waits for falpub's own SIGINT handler. */
const SIGINT_GRACE_MS = 500;

/**
 * fal through `processes`, with `env` the parent environment. Every secret in env (and any
 * key-shaped value) is redacted here, once, from all that comes back: results and live lines.
 */
export function falClient(env: NodeJS.ProcessEnv, cwd: string, processes: FalProcesses = childProcesses(env)): FalClient {
  const secrets = secretsIn(env);
  const clean = (r: CapturedRun): CapturedRun => ({ ...r, stdout: redact(r.stdout, secrets), stderr: redact(r.stderr, secrets), why: redact(r.why, secrets) });
  const redacted = (on?: (line: string) => void) => (on ? (line: string) => on(redact(line, secrets)) : undefined);
  return {
    locate: (flag, projectDir) => locateFal({ flag, env, cwd, projectDir }),
    // Its installed metadata when nothing can shadow it (~3 ms), else `fal --version` (~0.9 s of imports).
    async version(falPath) {
      const read = await readInstalledFalVersion(falPath, env, async () => versionFrom(falPath, clean(await processes.capture(falPath, ["--version"], { timeoutMs: VERSION_TIMEOUT_MS })), VERSION_TIMEOUT_MS));
      return "error" in read ? read : { version: read.version };
    },
    async deploy(falPath, argv, io) {
      const run = await processes.stream(falPath, argv, { ...io, onStdout: redacted(io.onStdout), onStderr: redacted(io.onStderr) });
      return parseDeployOutcome({ ...run, secrets });
    },
    async listApps(falPath, query, dir) {
      const argv = buildAppsListArgv({ name: query.appName, env: query.env, team: query.team });
      const r = clean(await processes.capture(falPath, argv, { cwd: dir, timeoutMs: APPS_LIST_TIMEOUT_MS }));
      // Ctrl-C on a terminal reaches fal and falpub together, and fal's exit may be seen first:
      // give falpub's own SIGINT handler (commands/deploy.ts: clear, "Interrupted.", exit 130)
      // the moment it needs instead of printing a checklist with a failed check.
      if (r.signal === "SIGINT" || r.exitCode === 130) await new Promise((resolve) => setTimeout(resolve, SIGINT_GRACE_MS));
      // Spawn failures (ENOENT, EACCES) have no exit code: keep Node's message.
      const spawnError = r.exitCode === null && !r.signal && !r.timedOut ? r.why : "";
      const stderr = [r.stderr, spawnError].filter(Boolean).join("\n");
      // fal reads FAL_ENV when --env is absent, for deploy and apps list alike (cli/parser.py).
      const falEnv = query.env ?? (env.FAL_ENV || undefined);
      return checkPlatform({ ...r, stderr, interrupted: false, timeoutMs: APPS_LIST_TIMEOUT_MS }, { appName: query.appName, revision: query.revision, env: falEnv });
    },
  };
}
