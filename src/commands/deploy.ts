import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Command } from "commander";
import { buildChecklist, listingRequest, type ChecklistItem } from "../checklist/build.js";
import { renderChecklist, renderOutcome } from "../checklist/render.js";
import { planDeploy, type DeployFlags, type GitInfo } from "../deploy/plan.js";
import { errorDocument, EXIT, FalpubError, usageError } from "../errors.js";
import { checkPlatform, type PlatformCheck } from "../fal/apps.js";
import { redact } from "../core/redact.js";
import { rebaseRef } from "../core/ref.js";
import { buildAppsListArgv, buildDeployArgv, buildSetRevSharedArgv, formatCommand } from "../fal/argv.js";
import { falHostProblem, secretsIn, validateFalKey } from "../fal/env.js";
import { findDeployJson } from "../fal/outcome.js";
import { locateFal, readFalVersion, runFalAppsList, runFalDeploy } from "../fal/run.js";
import type { DeployOutcome } from "../fal/types.js";
import { checkFalVersion, flagsUnsupported } from "../fal/version.js";
import { findingJson, render, summarize } from "../report/index.js";
import { judge } from "../rules/index.js";
import type { Terminal } from "../terminal.js";
import { checkWritableTarget, writeFileAtomic } from "../write.js";
import { loadFromDisk, resolveManifest } from "./load.js";

const DEFAULT_TIMEOUT_S = 1800;

interface DeployOpts {
  appName?: string;
  auth?: string;
  strategy?: "rolling" | "recreate";
  message?: string;
  annotation?: string[];
  env?: string;
  team?: string;
  output?: "pretty" | "json";
  json?: boolean;
  check?: boolean;
  noCache?: boolean;
  forceEnvBuild?: boolean;
  dryRun?: boolean;
  manifest?: string;
  fal?: string;
  timeout?: string;
  strict?: boolean;
  listingRequest?: string;
}

/** `falpub deploy`: check, gate, run the real fal, print the checklist. */
export async function runDeploy(ref: string | undefined, cmd: Command, term: Terminal, version: string): Promise<number> {
  const opts = cmd.opts<DeployOpts>();
  if (opts.json && opts.output === "pretty") throw usageError("--json and --output pretty contradict each other.", "Use one of them.");
  const json = opts.json === true || opts.output === "json";
  try {
    return await deploy(ref, cmd, opts, json, term, version);
  } catch (error) {
    // Machines reading --json get a document for expected failures too (the message also goes to stderr).
    if (json && error instanceof FalpubError) process.stdout.write(errorDocument(error, version));
    throw error;
  }
}

async function deploy(ref: string | undefined, cmd: Command, opts: DeployOpts, json: boolean, term: Terminal, version: string): Promise<number> {
  const cwd = process.cwd();
  const env = process.env;
  const secrets = secretsIn(env);
  const timeoutS = opts.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(opts.timeout);
  // Node's timers overflow past 2^31-1 ms and fire at once: cap at ~24.8 days.
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS * 1000 > 2 ** 31 - 1) throw usageError(`--timeout must be a positive number of seconds (at most 2147483), not ${JSON.stringify(opts.timeout)}.`);

  // Every line for people goes to stderr in JSON mode: stdout carries one JSON document.
  const say = (text: string) => (json ? process.stderr : process.stdout).write(text);
  const finish = (code: number, doc: Record<string, unknown>): number => {
    if (json) process.stdout.write(JSON.stringify({ schemaVersion: 1, tool: { name: "falpub", version }, ...doc }, null, 2) + "\n");
    return code;
  };

  const listingPath = opts.listingRequest === undefined ? undefined : path.resolve(cwd, opts.listingRequest);
  if (listingPath) checkWritableTarget(listingPath, "--listing-request");
  const manifestPath = resolveManifest(opts.manifest ?? ".", cwd);
  const root = path.dirname(manifestPath);
  // fal resolves file refs against its cwd, which is the manifest's directory.
  const cliRef = ref !== undefined && /\.py(::|$)/.test(ref) ? rebaseRef(ref, cwd, root) : ref;
  const { facts, diagnostics: loading } = loadFromDisk(manifestPath, cwd, cliRef);
  const judged = judge(facts, loading, Boolean(opts.strict));
  const findings = judged.diagnostics.filter((d) => d.severity !== "info");
  if (findings.length) {
    process.stderr.write(render("pretty", [{ manifest: facts.manifest.file, diagnostics: findings }], { color: term.color, strict: Boolean(opts.strict), toolVersion: version, cwd }));
  }
  const errors = summarize([{ manifest: facts.manifest.file, diagnostics: judged.diagnostics }]).errors;

  const flags = readFlags(cliRef, opts, cmd);
  const plan = planDeploy(flags, facts.manifest.manifest, errors ? undefined : gitInfo(root));
  if (!plan.ok || errors) {
    const reason = !plan.ok ? plan.reason : `falpub check found ${errors} error${errors === 1 ? "" : "s"}; nothing was deployed.`;
    const hint = !plan.ok ? plan.hint : "Fix them (see above), then run falpub deploy again.";
    process.stderr.write(`falpub: ${reason}\n${hint ? `  ${hint}\n` : ""}`);
    const code = !plan.ok && !errors ? plan.exitCode : EXIT.projectErrors;
    return finish(code, { dryRun: Boolean(opts.dryRun), refused: { reason, hint }, findings: findings.map(findingJson) });
  }
  for (const note of plan.notes) process.stderr.write(`note: ${note}\n`);

  const key = env.FAL_KEY;
  if (key !== undefined && key !== "") {
    const valid = validateFalKey(key);
    if (!valid.ok) throw usageError(`${valid.reason}; fal would silently ignore it and fall back to other credentials.`, "Set FAL_KEY to the full key as shown when it was created (key_id:key_secret).");
  }
  const hostProblem = falHostProblem(env);
  if (hostProblem) throw usageError(hostProblem);

  const argv = buildDeployArgv(plan.request);
  const located = locateFal({ flag: opts.fal, env, cwd });
  let falPath = "fal";
  let falVersion: string | undefined;
  if ("error" in located) {
    if (!opts.dryRun) throw new FalpubError(located.error, EXIT.falMissing);
    process.stderr.write(`note: ${located.error}\n`);
  } else {
    falPath = located.path;
    const read = await readFalVersion(located.path, env);
    if ("error" in read) throw new FalpubError(read.error, EXIT.falMissing, "Reinstall it: pip install -U fal");
    falVersion = read.version.raw;
    const support = checkFalVersion(read.version);
    if (!support.ok) throw new FalpubError(support.reason, EXIT.falMissing);
    if (support.note) process.stderr.write(`note: ${support.note}\n`);
    const missing = flagsUnsupported(plan.request, read.version);
    if (missing.length) {
      throw new FalpubError(`fal ${falVersion} does not have ${missing.map((m) => `${m.flag} (added in fal ${m.since})`).join(", ")}.`, EXIT.falMissing, "Upgrade fal: pip install -U fal");
    }
  }
  const command = formatCommand(falPath, argv, { secrets });
  const fal = { path: falPath, version: falVersion };

  if (opts.dryRun) {
    say(`Would run (in ${path.relative(cwd, root) || "."}):\n  ${command}\n\n`);
    const checklist = buildChecklist(facts, plan.request, undefined);
    if (!json) say(renderChecklist(checklist, term.color));
    const written = writeListing(listingPath, facts, undefined, cwd);
    return finish(EXIT.ok, { dryRun: true, command, argv: redactAll(argv, secrets), cwd: root, fal, findings: findings.map(findingJson), outcome: null, checklist, listingRequest: written });
  }

  say(`Running: ${command}\n`);
  const outcome = await runFalDeploy(falPath, argv, {
    cwd: root,
    env,
    timeoutMs: timeoutS * 1000,
    // The JSON result line is for falpub; people get the rendered outcome instead.
    onStdout: (line) => (json ? process.stderr.write(line + "\n") : findDeployJson(line) ? undefined : process.stdout.write(line + "\n")),
    onStderr: (line) => process.stderr.write(line + "\n"),
  });
  // Only a deploy that worked is checked: the deploy JSON has no auth mode, `fal apps list` does.
  let platform: PlatformCheck | undefined;
  if (outcome.kind === "deployed") {
    // fal reads FAL_ENV when --env is absent, for deploy and apps list alike (cli/parser.py).
    const falEnv = plan.request.env ?? (env.FAL_ENV || undefined);
    const listArgv = buildAppsListArgv({ name: outcome.appName, env: plan.request.env, team: plan.request.team });
    const run = await runFalAppsList(falPath, listArgv, { cwd: root, env });
    platform = checkPlatform(run, { appName: outcome.appName, revision: outcome.revision, env: falEnv });
  }
  const checklist: ChecklistItem[] = buildChecklist(facts, plan.request, outcome, platform);
  if (!json) say("\n" + renderOutcome(outcome, term.color) + "\n" + renderChecklist(checklist, term.color));
  else process.stderr.write(renderOutcome(outcome, false));
  const reported = platform && "authMode" in platform ? platform.authMode : undefined;
  const notShared = outcome.kind === "deployed" && reported !== undefined && reported !== "shared";
  if (notShared) {
    const fix = formatCommand("fal", buildSetRevSharedArgv({ name: outcome.appName, revision: outcome.revision, env: plan.request.env, team: plan.request.team }), { secrets });
    process.stderr.write(`falpub: ${outcome.appName} is live but NOT shared: the platform reports auth_mode ${reported}. Run \`${fix}\`, or deploy again with --auth shared.\n`);
  }
  const written = writeListing(listingPath, facts, outcome, cwd);
  const code = outcome.kind === "deployed" ? (notShared ? EXIT.falFailed : EXIT.ok) : outcome.kind === "interrupted" ? EXIT.interrupted : EXIT.falFailed;
  return finish(code, { dryRun: false, command, argv: redactAll(argv, secrets), cwd: root, fal, findings: findings.map(findingJson), outcome, ...(platform ? { platform } : {}), checklist, listingRequest: written });
}

/** Flags as given; commander's defaults for --no-x options are ignored unless typed. */
function readFlags(ref: string | undefined, opts: DeployOpts, cmd: Command): DeployFlags {
  const given = (name: string) => cmd.getOptionValueSource(name) === "cli";
  const args = process.argv;
  // fal: the last of --attach/--detach and of --reset-scale/--no-scale wins.
  const last = (a: string, b: string) => {
    const ia = args.lastIndexOf(a);
    const ib = args.lastIndexOf(b);
    return ia < 0 && ib < 0 ? undefined : ia > ib;
  };
  return {
    ref,
    appName: opts.appName,
    auth: opts.auth,
    strategy: opts.strategy,
    attach: last("--attach", "--detach"),
    resetScale: last("--reset-scale", "--no-scale"),
    noCache: given("cache") || undefined,
    forceEnvBuild: opts.forceEnvBuild,
    message: opts.message,
    annotations: opts.annotation,
    env: opts.env,
    team: opts.team,
    check: opts.check,
  };
}

function gitInfo(dir: string): GitInfo | undefined {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    return { sha: git("rev-parse", "HEAD"), subject: git("log", "-1", "--format=%s"), dirty: git("status", "--porcelain") !== "" };
  } catch {
    return undefined; // not a git repository, no commit yet, or no git
  }
}

/** After a deploy, a failed write must not lose the outcome: it is reported and the run goes on. */
function writeListing(target: string | undefined, facts: Parameters<typeof listingRequest>[0], outcome: DeployOutcome | undefined, cwd: string): string | undefined {
  if (!target) return undefined;
  try {
    writeFileAtomic(target, listingRequest(facts, outcome));
  } catch (error) {
    process.stderr.write(`falpub: could not write the listing request to ${path.relative(cwd, target)}: ${(error as Error).message}\n`);
    return undefined;
  }
  process.stderr.write(`Wrote the listing request to ${path.relative(cwd, target)}\n`);
  return path.relative(cwd, target);
}

function redactAll(argv: string[], secrets: string[]): string[] {
  return argv.map((arg) => redact(arg, secrets));
}
