import path from "node:path";
import { effectiveAppName } from "../derived.js";
import { FalpubError } from "../errors.js";
import { redact } from "../core/redact.js";
import type { LoadedProject, ProjectFacts } from "../project.js";
import type { CheckResult } from "../report/index.js";
import { billingPreview } from "../rules/billing-preview.js";
import { judge } from "../rules/index.js";
import { readProject, withSlowParts } from "./disk.js";

export interface AppCheckOptions {
  cwd: string;
  strict: boolean;
  preview: boolean;
}

/** One app of `falpub check`: its result, or why its manifest could not be read; and the texts the report quotes. */
export type AppOutcome =
  | { result: CheckResult; texts: Array<[file: string, text: string]> }
  | { problem: { given: string; message: string; hint?: string } };

/**
 * Load and judge one app. `loaded`: the project when discovery already loaded it. Throws
 * SlowPartMissing for an app that needs yaml, zod or lezer before they are loaded:
 * checkApps loads them then.
 */
export function checkApp(manifest: string, opts: AppCheckOptions, loaded?: LoadedProject | FalpubError): AppOutcome {
  let project = loaded;
  if (!project) {
    try {
      project = readProject(manifest, opts.cwd);
    } catch (error) {
      if (!(error instanceof FalpubError)) throw error;
      project = error;
    }
  }
  if (project instanceof FalpubError) return { problem: { given: path.relative(opts.cwd, manifest), message: project.message, hint: project.hint } };
  const { facts, diagnostics } = project;
  const judged = judge(facts, diagnostics, opts.strict);
  const result: CheckResult = { manifest: facts.manifest.file, appName: mapName(effectiveAppName(facts)?.name), ...judged, ...(opts.preview ? { preview: billingPreview(facts) } : {}) };
  return { result, texts: quotedTexts(facts, opts.cwd) };
}

/** The files a report may quote lines from, by absolute path. */
function quotedTexts(f: ProjectFacts, cwd: string): Array<[string, string]> {
  const texts: Array<[string, string]> = [[path.resolve(cwd, f.manifest.file), f.manifestText]];
  if (f.app) texts.push([f.app.path, f.app.source]);
  if (f.pyproject) texts.push([path.resolve(cwd, f.pyproject.file), f.pyproject.text]);
  return texts;
}

/** The app name heads each file's findings; a key pasted as `app.name` is not echoed there either. */
const mapName = (name: string | undefined) => (name === undefined ? undefined : redact(name));

/**
 * Check every manifest, in order, on this thread (worker threads were measured slower on two
 * cores: test/bench/README.md). `preloaded`: projects discovery has loaded already (checked here,
 * not reloaded). yaml and zod are imported (once each) only when an app needs them.
 */
export async function checkApps(manifests: readonly string[], opts: AppCheckOptions, preloaded?: ReadonlyMap<string, LoadedProject | FalpubError>): Promise<AppOutcome[]> {
  const out: AppOutcome[] = [];
  for (const m of manifests) out.push(await withSlowParts(() => checkApp(m, opts, preloaded?.get(m))));
  return out;
}
