import path from "node:path";
import { buildChecklist, listingRequest } from "../../checklist/build.js";
import { renderChecklist, renderNextStep, renderOutcome } from "../../checklist/render.js";
import { readProject, resolveManifest, withSlowParts } from "../disk.js";
import { jsonText } from "../../core/envelope.js";
import { errorDocument, EXIT, FalpubError, formatError, usageError, type ErrorDocument } from "../../errors.js";
import { redact } from "../../core/redact.js";
import { rebaseRef } from "../../core/ref.js";
import { buildDeployArgv, buildSetRevSharedArgv, formatCommand } from "../../fal/argv.js";
import type { FalClient } from "../../fal/client.js";
import { falHostProblem, secretsIn, validateFalKey } from "../../fal/env.js";
import { findDeployJson } from "../../fal/outcome.js";
import type { DeployOutcome, DeployRequest, PlatformCheck } from "../../fal/types.js";
import { checkFalVersion, flagsUnsupported } from "../../fal/version.js";
import type { ProjectFacts } from "../../project.js";
import { findingJson, render, summarize } from "../../report/index.js";
import { judge } from "../../rules/index.js";
import { checkWritableTarget } from "../../write.js";
import { deployFlags, parseTimeout, wantsJson, type DeployArgs } from "../../deploy/options.js";
import { planDeploy, type GitInfo } from "../../deploy/plan.js";
import type { PlatformChecker } from "./platform.js";
import { deployDocument, deployExitCode, notSharedMode, type DeployDocument, type DeployReport } from "../../deploy/result.js";

/**
 * Where the run is: a progress reporter (spinner, elapsed time) hooks in here; the long waits are
 * fal-version, fal-deploy and platform-check. "report": the waiting is over and the result is
 * printed next (so no spinner is drawn between the checklist and the outcome).
 */
export type DeployPhase =
  | { phase: "check"; manifest: string }
  | { phase: "fal-version"; falPath: string }
  | { phase: "fal-deploy"; command: string }
  | { phase: "platform-check"; appName: string }
  | { phase: "report" }
  | { phase: "done"; exitCode: number };

export interface DeployContext {
  cwd: string;
  /** The parent environment (FAL_KEY, FAL_ENV, FAL_HOST…); the real FalClient gets the same one. */
  env: NodeJS.ProcessEnv;
  /** Colour for people's output (the caller decided whether this is a terminal). */
  color: boolean;
  toolVersion: string;
}

export interface DeployDeps {
  fal: FalClient;
  /** The Platform API check after a deploy (src/commands/deploy/platform.ts, with FAL_KEY); without it, `fal apps list` (fal.listApps). */
  platform?: PlatformChecker;
  git(dir: string): Promise<GitInfo | undefined>;
  /** Write the whole file or nothing (atomic). */
  writeFile(file: string, text: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
  onPhase?(phase: DeployPhase): void;
}

export interface DeployResult {
  exitCode: number;
  /** Printed on stdout with --json; returned always. */
  document: DeployDocument | ErrorDocument;
}

/**
 * `falpub deploy`: check, gate, run fal, check the platform, print the checklist. All I/O goes
 * through `deps` and `ctx`: expected failures come back as an exit code and an error document
 * (message on stderr); only a bug throws.
 */
export async function runDeploy(args: DeployArgs, ctx: DeployContext, deps: DeployDeps): Promise<DeployResult> {
  let json = false;
  let result: DeployResult;
  try {
    json = wantsJson(args.options);
    const { exitCode, report } = await deploy(args, json, ctx, deps);
    result = { exitCode, document: deployDocument(ctx.toolVersion, report) };
  } catch (error) {
    if (!(error instanceof FalpubError)) throw error;
    deps.onPhase?.({ phase: "report" });
    deps.stderr(formatError(error));
    result = { exitCode: error.exitCode, document: errorDocument(error, ctx.toolVersion) };
  }
  // stdout carries only the one JSON document with --json.
  if (json) deps.stdout(jsonText(result.document));
  deps.onPhase?.({ phase: "done", exitCode: result.exitCode });
  return result;
}

async function deploy(args: DeployArgs, json: boolean, ctx: DeployContext, deps: DeployDeps): Promise<{ exitCode: number; report: DeployReport }> {
  const o = args.options;
  const { cwd, env } = ctx;
  const secrets = secretsIn(env);
  const timeoutMs = parseTimeout(o.timeout);
  const dryRun = Boolean(o.dryRun);
  // Every line for people goes to stderr in JSON mode: stdout carries one JSON document.
  const say = json ? deps.stderr : deps.stdout;

  const listingPath = o.listingRequest === undefined ? undefined : path.resolve(cwd, o.listingRequest);
  if (listingPath) checkWritableTarget(listingPath, "--listing-request");
  const manifestPath = resolveManifest(o.manifest ?? ".", cwd);
  const root = path.dirname(manifestPath);
  deps.onPhase?.({ phase: "check", manifest: manifestPath });
  // fal resolves file refs against its cwd, which is the manifest's directory.
  const cliRef = args.ref !== undefined && /\.py(::|$)/.test(args.ref) ? rebaseRef(args.ref, cwd, root) : args.ref;
  // git's two children run while the check keeps this thread busy; a refused deploy ignores them.
  const git = deps.git(root).catch(() => undefined);
  // yaml and zod are loaded only when this manifest needs them, as in `falpub check`.
  const checked = await withSlowParts(() => checkProject(manifestPath, cwd, cliRef, Boolean(o.strict), ctx, deps));
  const { facts, findings } = checked;

  const plan = planDeploy(deployFlags(cliRef, o), facts.manifest.manifest, checked.errors ? undefined : await git);
  if (!plan.ok || checked.errors) {
    const reason = !plan.ok ? plan.reason : `falpub check found ${checked.errors} error${checked.errors === 1 ? "" : "s"}; nothing was deployed.`;
    const hint = !plan.ok ? plan.hint : "Fix them (see above), then run falpub deploy again.";
    deps.stderr(formatError({ message: reason, hint }));
    return { exitCode: !plan.ok && !checked.errors ? plan.exitCode : EXIT.projectErrors, report: { kind: "refused", dryRun, reason, hint, findings } };
  }
  for (const note of plan.notes) deps.stderr(`note: ${note}\n`);
  checkEnvironment(env);

  const argv = buildDeployArgv(plan.request);
  const fal = await readyFal(deps.fal, o.fal, root, plan.request, dryRun, deps);
  const command = formatCommand(fal.path, argv, { secrets });
  const ran = { command, argv: argv.map((a) => redact(a, secrets)), cwd: root, fal, findings };

  if (dryRun) {
    deps.onPhase?.({ phase: "report" });
    const checklist = buildChecklist(facts, plan.request, undefined);
    const listing = writeListing(listingPath, facts, undefined, cwd, deps);
    // What would run is the dry run's outcome: printed last, after the checklist.
    if (!json) say(renderChecklist(checklist, ctx.color) + "\n");
    say(`Would run (in ${path.relative(cwd, root) || "."}):\n  ${command}\n`);
    return { exitCode: EXIT.ok, report: { kind: "ran", dryRun: true, ...ran, checklist, listingRequest: listing } };
  }

  say(`Running: ${command}\n`);
  deps.onPhase?.({ phase: "fal-deploy", command });
  // The Platform API lists the key's own apps only (with a key, --team does not change the
  // owner: fal-platform-api.md §2); `fal apps list --team` asks as the team.
  const api = plan.request.team ? undefined : deps.platform;
  const early = api && earlyPlatformCheck(api, plan.request.env);
  const deploying = deps.fal.deploy(fal.path, argv, {
    cwd: root,
    timeoutMs,
    onStdout: (line) => {
      const result = findDeployJson(line);
      if (result) early?.start(result);
      // The JSON result line is for falpub; people get the rendered outcome instead.
      if (json) deps.stderr(line + "\n");
      else if (!result) deps.stdout(line + "\n");
    },
    onStderr: (line) => deps.stderr(line + "\n"),
    // The platform client's modules load while fal runs, not on the way to its start.
    onSpawn: () => api?.prepare?.(),
  });
  const outcome = await deploying;
  // Only a deploy that worked is checked: the deploy JSON has no auth mode, the platform has.
  let platform: PlatformCheck | undefined;
  if (outcome.kind === "deployed") {
    deps.onPhase?.({ phase: "platform-check", appName: outcome.appName });
    const query = { appName: outcome.appName, revision: outcome.revision, env: plan.request.env, team: plan.request.team };
    platform = api ? await (early?.answerFor(query) ?? api(query)) : await deps.fal.listApps(fal.path, query, root);
  } else {
    early?.abandon();
  }
  deps.onPhase?.({ phase: "report" });
  const checklist = buildChecklist(facts, plan.request, outcome, platform);
  // Ctrl-C means stop: the outcome only, no checklist and no listing request.
  const interrupted = outcome.kind === "interrupted";
  const listing = interrupted ? undefined : writeListing(listingPath, facts, outcome, cwd, deps, platform);
  // Printed last, so it is what a person sees when fal's text has scrolled by: the checklist,
  // then the outcome, then the one next step.
  if (!json) say((interrupted ? "" : "\n" + renderChecklist(checklist, ctx.color)) + "\n" + renderOutcome(outcome, ctx.color, platform));
  else deps.stderr(renderOutcome(outcome, false, platform));
  const notShared = notSharedMode(outcome, platform);
  if (notShared && outcome.kind === "deployed") {
    const fix = formatCommand("fal", buildSetRevSharedArgv({ name: outcome.appName, revision: outcome.revision, env: plan.request.env, team: plan.request.team }), { secrets });
    deps.stderr(`falpub: ${outcome.appName} is live but NOT shared: the platform reports auth_mode ${notShared}. Run \`${fix}\`, or deploy again with --auth shared.\n`);
  } else if (outcome.kind === "deployed") say(renderNextStep(listing, json ? false : ctx.color));
  return { exitCode: deployExitCode(outcome, platform), report: { kind: "ran", dryRun: false, ...ran, outcome, platform, checklist, listingRequest: listing } };
}

/** `falpub check` on the app: findings (not infos) to stderr, and the error count that gates the deploy. */
function checkProject(manifestPath: string, cwd: string, ref: string | undefined, strict: boolean, ctx: DeployContext, deps: DeployDeps) {
  const { facts, diagnostics: loading } = readProject(manifestPath, cwd, ref);
  const judged = judge(facts, loading, strict);
  const shown = judged.diagnostics.filter((d) => d.severity !== "info");
  if (shown.length) deps.stderr(render("pretty", [{ manifest: facts.manifest.file, diagnostics: shown }], { color: ctx.color, strict, toolVersion: ctx.toolVersion, cwd }));
  const errors = summarize([{ manifest: facts.manifest.file, diagnostics: judged.diagnostics }]).errors;
  return { facts, errors, findings: shown.map(findingJson) };
}

/** A FAL_KEY fal would silently ignore, or a FAL_HOST it refuses, is a usage error before anything runs. */
function checkEnvironment(env: NodeJS.ProcessEnv): void {
  const key = env.FAL_KEY;
  if (key !== undefined && key !== "") {
    const valid = validateFalKey(key);
    if (!valid.ok) throw usageError(`${valid.reason}; fal would silently ignore it and fall back to other credentials.`, "Set FAL_KEY to the full key as shown when it was created (key_id:key_secret).");
  }
  const hostProblem = falHostProblem(env);
  if (hostProblem) throw usageError(hostProblem);
}

/** Find fal and make sure it has every flag the request uses. A dry run goes on without fal (showing `fal`). */
async function readyFal(client: FalClient, flag: string | undefined, projectDir: string, request: DeployRequest, dryRun: boolean, deps: DeployDeps): Promise<{ path: string; version: string | undefined }> {
  const located = client.locate(flag, projectDir);
  if ("error" in located) {
    if (!dryRun) throw new FalpubError(located.error, EXIT.falMissing);
    deps.stderr(`note: ${located.error}\n`);
    return { path: "fal", version: undefined };
  }
  deps.onPhase?.({ phase: "fal-version", falPath: located.path });
  const read = await client.version(located.path);
  if ("error" in read) throw new FalpubError(read.error, EXIT.falMissing, "Reinstall it: pip install -U fal");
  const support = checkFalVersion(read.version);
  if (!support.ok) throw new FalpubError(support.reason, EXIT.falMissing);
  if (support.note) deps.stderr(`note: ${support.note}\n`);
  const missing = flagsUnsupported(request, read.version);
  if (missing.length) {
    throw new FalpubError(`fal ${read.version.raw} does not have ${missing.map((m) => `${m.flag} (added in fal ${m.since})`).join(", ")}.`, EXIT.falMissing, "Upgrade fal: pip install -U fal");
  }
  return { path: located.path, version: read.version.raw };
}

/** After a deploy, a failed write must not lose the outcome: it is reported and the run goes on. */
/**
 * fal prints its JSON result 100-170 ms before it exits (measured against the local control
 * plane): the platform check starts then, and its answer is used when the deploy ends as that
 * line said (same app and revision). Otherwise it is abandoned and never waited for.
 */
function earlyPlatformCheck(api: PlatformChecker, env: string | undefined) {
  const controller = new AbortController();
  let started: { appName: string; revision: string; answer: Promise<PlatformCheck> } | undefined;
  return {
    start(result: { app_name: string; revision: string }): void {
      if (started) return;
      const query = { appName: result.app_name, revision: result.revision, env };
      started = { ...query, answer: api(query, controller.signal) };
    },
    answerFor(query: { appName: string; revision: string }): Promise<PlatformCheck> | undefined {
      if (started && started.appName === query.appName && started.revision === query.revision) return started.answer;
      this.abandon();
      return undefined;
    },
    abandon(): void {
      controller.abort();
      void started?.answer.catch(() => undefined);
    },
  };
}

function writeListing(target: string | undefined, facts: ProjectFacts, outcome: DeployOutcome | undefined, cwd: string, deps: DeployDeps, platform?: PlatformCheck): string | undefined {
  if (!target) return undefined;
  const shown = path.relative(cwd, target);
  try {
    deps.writeFile(target, listingRequest(facts, outcome, platform));
  } catch (error) {
    deps.stderr(`falpub: could not write the listing request to ${shown}: ${(error as Error).message}\n`);
    return undefined;
  }
  deps.stderr(`Wrote the listing request to ${shown}\n`);
  return shown;
}
