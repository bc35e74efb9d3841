import { Command, CommanderError, Option } from "commander";
import { AUTH_MODES, DEPLOY_STRATEGIES, type DeployStrategy } from "../core/vocabulary.js";
import { usageError } from "../errors.js";
import type { DeployFlags } from "./plan.js";

/**
 * `falpub deploy`'s options as parsed: the one type, read by deployOptionsOf() from the one
 * command definition below, which cli.ts registers (help, validation) and parseDeployArgs() uses.
 * undefined means "not given", so manifest values are not silently overridden (no parser defaults).
 */
export interface DeployOptions {
  appName?: string;
  auth?: string;
  strategy?: DeployStrategy;
  /** The last of --attach (true) / --detach (false) wins, as in fal. */
  attach?: boolean;
  /** The last of --reset-scale (true) / --no-scale (false) wins, as in fal. */
  resetScale?: boolean;
  noCache?: boolean;
  forceEnvBuild?: boolean;
  message?: string;
  annotation?: string[];
  env?: string;
  team?: string;
  output?: "pretty" | "json";
  json?: boolean;
  check?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  manifest?: string;
  fal?: string;
  timeout?: string;
  strict?: boolean;
  listingRequest?: string;
}

export interface DeployArgs {
  ref?: string;
  options: DeployOptions;
}

// Where the last-wins pairs are kept while commander parses (events fire in argv order).
const ATTACH = "attachLast";
const SCALE = "resetScaleLast";

/** The `deploy` command: arguments, options and help. No action: the caller adds one. */
export function deployCommand(): Command {
  const cmd = new Command("deploy")
    .description("Deploy like `fal deploy`, but only in shared mode with a declared billing strategy; then print the publishing checklist. Same arguments as `fal deploy`; values missing from the command line come from falpub.yaml.")
    .argument("[app_ref]", "file.py, file.py::Class or a pyproject app name (default: app.ref from falpub.yaml)")
    .option("--app-name <name>", "application name to deploy with (default: app.name)")
    .addOption(new Option("--auth <mode>", "auth mode; falpub accepts only shared (default: app.auth)").choices(AUTH_MODES))
    .addOption(new Option("--strategy <strategy>", "deployment strategy (default: app.strategy, else fal's rolling)").choices(DEPLOY_STRATEGIES))
    .option("--attach", "wait for the rolling deployment to finish (fal ≥ 1.78.2)")
    .option("--detach", "return once the revision is registered (fal ≥ 1.78.2)")
    .option("--no-scale", "keep the previous deployment's scale settings (fal's default)")
    .option("--reset-scale", "apply the scale settings in the code (default: app.reset_scale)")
    .option("--no-cache", "do not use the environment build cache (fal ≥ 1.68.2)")
    .option("--force-env-build", "deprecated by fal: use --no-cache")
    .option("--message <text>", "message for this revision (default in a git repo: the commit)")
    .option("--annotation <KEY=VALUE>", "annotation for this revision, repeatable (default in a git repo: GIT_SHA=<commit>)", (v: string, acc: string[] = []) => [...acc, v])
    .option("--env <name>", "fal environment (default: app.environment, else FAL_ENV, else main)")
    .option("--team <team>", "fal team (default: app.team)")
    .addOption(new Option("--output <format>", "pretty or json (json = one JSON document on stdout)").choices(["pretty", "json"]))
    .option("--json", "same as --output json")
    .option("--check", "let fal show its pre-deployment summary too")
    .option("--yes", "accepted for compatibility; falpub always passes --yes to fal after its own checks pass")
    .option("--dry-run", "print the exact fal command (secrets redacted) and the checklist; run nothing")
    .option("--manifest <path>", "the falpub.yaml to use (default: ./falpub.yaml)")
    .option("--fal <path>", "the fal executable (default: $FALPUB_FAL, else fal on PATH)")
    .option("--timeout <seconds>", "kill fal after this many seconds (default: 1800)")
    .option("--strict", "treat warnings as errors")
    .option("--listing-request <file>", "write the Marketplace listing request (Markdown) to this file")
    .addHelpText(
      "after",
      `
Examples:
  falpub deploy --dry-run                      show the fal command and checklist
  falpub deploy                                deploy app.ref from ./falpub.yaml
  falpub deploy app.py::MyApp --auth shared --strategy rolling --reset-scale
  falpub deploy --json > deploy.json           one JSON document; fal's output on stderr

FAL_KEY is passed to fal through the environment only and never printed.`,
    );
  cmd.on("option:attach", () => cmd.setOptionValue(ATTACH, true));
  cmd.on("option:detach", () => cmd.setOptionValue(ATTACH, false));
  cmd.on("option:reset-scale", () => cmd.setOptionValue(SCALE, true));
  cmd.on("option:no-scale", () => cmd.setOptionValue(SCALE, false));
  return cmd;
}

/** The options of a parsed deploy command. Commander's defaults for --no-x options are ignored unless typed. */
export function deployOptionsOf(cmd: Command): DeployArgs {
  const o = cmd.opts();
  const given = (name: string) => cmd.getOptionValueSource(name) === "cli";
  const options: DeployOptions = {
    appName: o.appName,
    auth: o.auth,
    strategy: o.strategy,
    attach: o[ATTACH],
    resetScale: o[SCALE],
    noCache: given("cache") || undefined,
    forceEnvBuild: o.forceEnvBuild,
    message: o.message,
    annotation: o.annotation,
    env: o.env,
    team: o.team,
    output: o.output,
    json: o.json,
    check: o.check,
    yes: o.yes,
    dryRun: o.dryRun,
    manifest: o.manifest,
    fal: o.fal,
    timeout: o.timeout,
    strict: o.strict,
    listingRequest: o.listingRequest,
  };
  for (const k of Object.keys(options) as Array<keyof DeployOptions>) if (options[k] === undefined) delete options[k];
  return { ref: cmd.processedArgs[0] as string | undefined, options };
}

/** `falpub deploy <args>` read as the CLI reads it, in-process. A parse error is a usage error. Pure. */
export function parseDeployArgs(args: string[]): DeployArgs {
  const cmd = deployCommand().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  try {
    cmd.parse(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) throw usageError(error.message.replace(/^error: /, ""));
    throw error;
  }
  return deployOptionsOf(cmd);
}

export const DEFAULT_TIMEOUT_S = 1800;
// Node's timers overflow past 2^31-1 ms and fire at once: cap at ~24.8 days.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** --timeout in seconds → milliseconds, or a usage error. Pure. */
export function parseTimeout(given: string | undefined): number {
  const seconds = given === undefined ? DEFAULT_TIMEOUT_S : Number(given);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds * 1000 > MAX_TIMER_MS) {
    throw usageError(`--timeout must be a positive number of seconds (at most ${Math.floor(MAX_TIMER_MS / 1000)}), not ${JSON.stringify(given)}.`);
  }
  return seconds * 1000;
}

/** --json, or --output json; both with --output pretty is a usage error. Pure. */
export function wantsJson(options: DeployOptions): boolean {
  if (options.json && options.output === "pretty") throw usageError("--json and --output pretty contradict each other.", "Use one of them.");
  return options.json === true || options.output === "json";
}

/** What planDeploy needs from the command line. Pure. */
export function deployFlags(ref: string | undefined, o: DeployOptions): DeployFlags {
  return {
    ref,
    appName: o.appName,
    auth: o.auth,
    strategy: o.strategy,
    attach: o.attach,
    resetScale: o.resetScale,
    noCache: o.noCache,
    forceEnvBuild: o.forceEnvBuild,
    message: o.message,
    annotations: o.annotation,
    env: o.env,
    team: o.team,
    check: o.check,
  };
}
