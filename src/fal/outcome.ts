import { redact } from "../core/redact.js";
import type { DeployOutcome } from "./types.js";

export interface RawRun {
  /** null when the child was killed by a signal or never started. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  interrupted: boolean;
  timeoutMs: number;
  /** Values to redact from the tail. */
  secrets?: string[];
}

export const TAIL_LINES = 20;

// CSI and OSC sequences (rich only emits these when it thinks it is on a terminal).
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

function lines(text: string): string[] {
  const out = text.replace(/\r\n?/g, "\n").split("\n");
  if (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
}

/**
 * The error fal printed last: `_print_error` in cli/main.py writes "✘ <msg>" (ASCII
 * "x " on a non-UTF console) on stdout, continuation lines indented by two spaces.
 */
export function lastErrorMessage(stdout: string): string | undefined {
  const ls = lines(stripAnsi(stdout));
  for (let i = ls.length - 1; i >= 0; i--) {
    const m = /^(?:✘|x) (.*)$/.exec(ls[i]!);
    if (!m) continue;
    const block = [m[1]!];
    for (let j = i + 1; j < ls.length && ls[j]!.startsWith("  "); j++) block.push(ls[j]!.slice(2));
    return block.join("\n");
  }
  return undefined;
}

// Substrings of fal 1.83.0's own messages (file:line in fal's source), matched against the
// "✘" message only, never against app logs.
const NOT_AUTHENTICATED = [
  /You must be authenticated\./, // exceptions/auth.py: no credentials at all (recorded)
  // A key the server does not know: fal's REST wording (fal-ai/fal#1068), which the local
  // control plane also uses for gRPC UNAUTHENTICATED (recorded: refused-key). The real
  // gRPC wording is not public, so a real refusal may still come out as `failed`.
  /^No user found for Key ID and Secret/,
  // auth/__init__.py current_user_info (with --team): the REST host refused the key.
  /^Failed to fetch user info: HTTP Error (401|403)/,
];
const UNREACHABLE = [
  /^Could not reach fal host\./, // api/api.py _format_unavailable_error (gRPC UNAVAILABLE)
  /^<urlopen error /, // auth/__init__.py current_user_info: REST host refused (recorded)
];
const INVALID_APP = [
  /^\[Errno 2\] No such file or directory: '.*\.py'$/, // runpy on a missing file (recorded)
  /\(.+\.py, line \d+\)$/, // str(SyntaxError) (recorded)
  /^No fal\.App or fal\.function found in the module\./, // utils.py _find_target (recorded)
  /^Function '.*' not found in module$/, // utils.py (recorded)
  /^Function '.*' is not a fal\.App or a fal\.function$/, // utils.py
  /^Multiple fal\.(Apps|functions) found in the module/, // utils.py
  /^No module named '/, // ModuleNotFoundError while running the file locally (recorded)
  /^cannot import name '/, // ImportError, same
  /^(No|Multiple) python files found in the current directory/, // api/deploy.py
  /^App ref must resolve to a file path\./, // utils.py
  /^Unrecognised option '/, // api/api.py: unknown App class option
  /^Unsupported option '.*' for environment kind/, // api/api.py
  /^Local Python .* differs from the app's python_version=/, // api/api.py
  /^No pyproject\.toml file found\./, // cli/_utils.py
  /^App .* not found in pyproject\.toml$/, // cli/_utils.py
  /^Found unexpected keys in /, // cli/_utils.py
];

/**
 * fal failed while importing itself: a Python traceback whose first frame is the launcher's
 * `from fal.cli import main` and whose last line is an ImportError. falpub learns fal's version
 * from its metadata without starting it, so a broken install shows up here, at deploy. (Errors
 * in the user's app never look like this: fal catches them and prints a "✘" line.)
 */
export function falImportError(stderr: string): string | undefined {
  const ls = lines(stripAnsi(stderr));
  const start = ls.lastIndexOf("Traceback (most recent call last):");
  if (start < 0 || !/^\s+from fal\.cli(\.main)? import main\s*$/.test(ls[start + 2] ?? "")) return undefined;
  // The exception is the first unindented line after the frames; whatever follows (a warning
  // printed at shutdown, a note) is not part of it.
  const error = ls.slice(start + 1).find((l) => /^\S/.test(l));
  return error && /^(ModuleNotFoundError|ImportError): /.test(error) ? error : undefined;
}

/** The last JSON object on stdout that has a string `revision` and `app_name`. */
export function findDeployJson(stdout: string): { revision: string; app_name: string; status?: string } | undefined {
  const ls = lines(stripAnsi(stdout));
  for (let i = ls.length - 1; i >= 0; i--) {
    const line = ls[i]!.trim();
    if (!line.startsWith("{")) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === "object" && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        if (typeof o.revision === "string" && typeof o.app_name === "string" && o.revision && o.app_name) {
          return {
            revision: o.revision,
            app_name: o.app_name,
            ...(typeof o.status === "string" ? { status: o.status } : {}),
          };
        }
      }
    } catch {
      // not JSON: keep looking upwards
    }
  }
  return undefined;
}

/** Turn a finished `fal deploy` run into a typed outcome. Pure; never guesses success. */
export function parseDeployOutcome(run: RawRun): DeployOutcome {
  const secrets = run.secrets ?? [];
  const stdout = redact(stripAnsi(run.stdout), secrets);
  const stderr = redact(stripAnsi(run.stderr), secrets);
  // stderr first: it holds argparse errors and earlier remote logs, while fal's final
  // "✘" error line is the last thing on stdout.
  const tail = [...lines(stderr), ...lines(stdout)].slice(-TAIL_LINES);
  const exitCode = run.exitCode;

  if (run.interrupted) return { kind: "interrupted", exitCode, tail };
  if (run.timedOut) return { kind: "timeout", exitCode, tail, timeoutMs: run.timeoutMs };

  if (exitCode === 0) {
    const json = findDeployJson(stdout);
    if (!json) return { kind: "failed", exitCode, tail };
    return {
      kind: "deployed",
      appName: json.app_name,
      revision: json.revision,
      ...(json.status !== undefined ? { status: json.status } : {}),
      // fal's deploy JSON carries no URLs (cli/deploy.py _render_deploy_result): the platform check adds them.
      exitCode: 0,
    };
  }

  const message = lastErrorMessage(stdout);
  const importError = exitCode === null || message !== undefined ? undefined : falImportError(stderr);
  if (importError) return { kind: "fal-broken", exitCode: exitCode!, tail, error: importError };
  if (exitCode === null || message === undefined) return { kind: "failed", exitCode, tail };
  if (NOT_AUTHENTICATED.some((re) => re.test(message))) return { kind: "not-authenticated", exitCode, tail };
  if (UNREACHABLE.some((re) => re.test(message))) return { kind: "unreachable", exitCode, tail };
  if (INVALID_APP.some((re) => re.test(message))) return { kind: "invalid-app", exitCode, tail };
  return { kind: "failed", exitCode, tail };
}
