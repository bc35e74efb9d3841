import { lastErrorMessage, stripAnsi, type RawRun } from "./outcome.js";
import type { PlatformCheck } from "./types.js";

/** One alias as `fal apps list --json` prints it (fal/sdk.py AliasInfo), only the fields falpub reads. */
export interface AppAlias {
  /** `name` in main, `name--env` elsewhere (sdk.py construct_alias). */
  alias: string;
  /** public | private | shared */
  authMode: string;
  revision: string;
  environment?: string;
}


/**
 * The `{"apps": [...]}` line of `fal apps list --json` (cli/apps.py _list prints it on one
 * line: the console has soft_wrap). Items without a string alias/auth_mode/revision are
 * skipped. undefined when there is no such line. Pure.
 */
export function parseAppsList(stdout: string): { apps: AppAlias[] } | undefined {
  const ls = stripAnsi(stdout).split(/\r?\n/);
  for (let i = ls.length - 1; i >= 0; i--) {
    const line = ls[i]!.trim();
    if (!line.startsWith("{")) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      continue;
    }
    const list = v && typeof v === "object" ? (v as { apps?: unknown }).apps : undefined;
    if (!Array.isArray(list)) continue;
    const apps: AppAlias[] = [];
    for (const item of list) {
      if (!item || typeof item !== "object") continue;
      const o = item as Record<string, unknown>;
      if (typeof o.alias !== "string" || typeof o.auth_mode !== "string" || typeof o.revision !== "string") continue;
      apps.push({ alias: o.alias, authMode: o.auth_mode, revision: o.revision, ...(typeof o.environment_name === "string" && o.environment_name ? { environment: o.environment_name } : {}) });
    }
    return { apps };
  }
  return undefined;
}

/** The alias fal registers for `appName` in `env` (sdk.py construct_alias). */
export function aliasFor(appName: string, env: string | undefined): string {
  return !env || env === "main" ? appName : `${appName}--${env}`;
}

/** The deployed app's alias in the list: exact alias, and the revision fal deploy returned. */
export function findDeployedApp(list: { apps: AppAlias[] }, want: { appName: string; revision: string; env?: string }): PlatformCheck {
  const alias = aliasFor(want.appName, want.env);
  // --filter is a substring match, so other apps (my-app-two) may be listed too.
  const app = list.apps.find((a) => a.alias === alias);
  if (!app) return { error: `${alias} is not in \`fal apps list\`` };
  // Someone deployed again in between: this auth mode may not be ours to judge.
  if (app.revision !== want.revision) return { error: `${alias} points to revision ${app.revision}, not the deployed ${want.revision}` };
  return { authMode: app.authMode, revision: app.revision };
}

/** Turn a finished `fal apps list --json` run into the platform check for the deployed app. Pure. */
export function checkPlatform(run: RawRun, want: { appName: string; revision: string; env?: string }): PlatformCheck {
  if (run.timedOut) return { error: `fal apps list did not answer within ${run.timeoutMs / 1000} s` };
  if (run.exitCode !== 0) {
    const last = (s: string) => stripAnsi(s).trim().split("\n").filter(Boolean).pop();
    const why = lastErrorMessage(run.stdout) ?? last(run.stderr) ?? last(run.stdout) ?? "no output";
    return { error: `fal apps list failed (exit ${run.exitCode ?? "?"}): ${why}` };
  }
  const list = parseAppsList(run.stdout);
  if (!list) return { error: "fal apps list printed no JSON app list" };
  return findDeployedApp(list, want);
}
