import { redact } from "../core/redact.js";
import type { DeployRequest } from "./types.js";

/** `--flag value`, or `--flag=value` when the value starts with "-" (argparse would read it as the next option). */
function pushOption(argv: string[], flag: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value.startsWith("-")) argv.push(`${flag}=${value}`);
  else argv.push(flag, value);
}

/**
 * THE one place that builds fal argv (`deploy` for the real run and --dry-run alike; `apps list`
 * and `apps set-rev` below).
 * Fixed order: deploy, ref, then flags in the order of the table below.
 */
export function buildDeployArgv(req: DeployRequest): string[] {
  if (!req.ref) throw new Error("DeployRequest.ref must not be empty");
  // argparse would read a leading "-" as an option, and a positional has no `=` form.
  if (req.ref.startsWith("-")) throw new Error(`DeployRequest.ref must not start with "-": ${req.ref}`);

  const argv = ["deploy", req.ref];
  const opt = (flag: string, value: string | undefined) => pushOption(argv, flag, value);

  opt("--app-name", req.appName);
  opt("--auth", req.auth);
  opt("--strategy", req.strategy);
  if (req.attach === true) argv.push("--attach");
  if (req.attach === false) argv.push("--detach");
  if (req.resetScale === true) argv.push("--reset-scale");
  if (req.resetScale === false) argv.push("--no-scale");
  if (req.noCache) argv.push("--no-cache");
  if (req.forceEnvBuild) argv.push("--force-env-build");
  opt("--message", req.message);
  for (const [key, value] of req.annotations ?? []) opt("--annotation", `${key}=${value}`);
  opt("--env", req.env);
  opt("--team", req.team);
  if (req.json) argv.push("--json");
  if (req.check) argv.push("--check");
  if (req.yes) argv.push("--yes");
  return argv;
}

/**
 * `fal apps list --json --filter <name> [--env E] [--team T]` (fal/cli/apps.py _add_list_parser):
 * the platform's view of the app after a deploy. --filter is a substring match on the alias.
 */
export function buildAppsListArgv(req: { name: string; env?: string; team?: string }): string[] {
  if (!req.name) throw new Error("apps list: name must not be empty");
  const argv = ["apps", "list", "--json"];
  pushOption(argv, "--filter", req.name);
  pushOption(argv, "--env", req.env);
  pushOption(argv, "--team", req.team);
  return argv;
}

/** `fal apps set-rev <app> <revision> --auth shared [--env E] [--team T]`: the fix falpub suggests when a live app is not shared. */
export function buildSetRevSharedArgv(req: { name: string; revision: string; env?: string; team?: string }): string[] {
  const argv = ["apps", "set-rev", req.name, req.revision, "--auth", "shared"];
  pushOption(argv, "--env", req.env);
  pushOption(argv, "--team", req.team);
  return argv;
}

/** The option names (`--x`) an argv uses, in order, without values. */
export function flagsIn(argv: string[]): string[] {
  const flags = argv.filter((a) => a.startsWith("--")).map((a) => a.split("=", 1)[0]!);
  return [...new Set(flags)];
}

/** POSIX-shell quoting: bare when safe, else single quotes. */
export function shellQuote(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_\-+=.,/:@%^]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command as a user could paste it, for display only (redacted). */
export function formatCommand(falPath: string, argv: string[], opts: { secrets?: string[] } = {}): string {
  const secrets = opts.secrets ?? [];
  return [falPath, ...argv].map((w) => shellQuote(redact(w, secrets))).join(" ");
}
