import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { effectiveAppName } from "../derived.js";
import { FalpubError } from "../errors.js";
import { redact } from "../core/redact.js";
import type { LoadedProject, ProjectFacts } from "../project.js";
import type { CheckResult } from "../report/index.js";
import { billingPreview } from "../rules/billing-preview.js";
import { judge } from "../rules/index.js";
import { explained, readProject } from "./disk.js";

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
 * ExplainerNotLoaded for a manifest that breaks the schema before the explainer is loaded:
 * checkInOrder loads it then.
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
  if (f.appFilePath && f.appSource !== undefined) texts.push([f.appFilePath, f.appSource]);
  if (f.pyprojectFile && f.pyprojectText !== undefined) texts.push([path.resolve(cwd, f.pyprojectFile), f.pyprojectText]);
  return texts;
}

/** The app name heads each file's findings; a key pasted as `app.name` is not echoed there either. */
const mapName = (name: string | undefined) => (name === undefined ? undefined : redact(name));

/*
 * Many apps (a monorepo root) are checked on several threads. A worker costs ~50 ms to start
 * and import the check code, and its first apps run cold like the main thread's did, so below
 * ~40 apps per thread it loses. The main thread takes the first share and the workers the rest,
 * in order, so the report is the same whatever the thread count.
 */
const APPS_PER_THREAD = 40;
const MAX_THREADS = 4;
const WORKER_FILE = "check-worker.js";

/** How many threads for `count` apps: FALPUB_JOBS when set (1 = this thread only), else by count and cores. */
export function threadsFor(count: number, env: NodeJS.ProcessEnv, cores = availableParallelism()): number {
  const asked = env.FALPUB_JOBS === undefined || env.FALPUB_JOBS === "" ? undefined : Number(env.FALPUB_JOBS);
  if (asked !== undefined && Number.isInteger(asked) && asked >= 1) return Math.min(asked, Math.max(count, 1));
  return Math.max(1, Math.min(cores, MAX_THREADS, Math.floor(count / APPS_PER_THREAD)));
}

/** Shares of `items` for `threads` threads, in order; the first (this thread, which starts at once) gets a bigger one. */
export function shares<T>(items: readonly T[], threads: number): T[][] {
  if (threads <= 1) return [items.slice()];
  // The workers start ~50 ms late: the main thread's share is a quarter bigger.
  const weights = [1.25, ...Array<number>(threads - 1).fill(1)];
  const total = weights.reduce((a, b) => a + b, 0);
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < threads; i++) {
    const end = i === threads - 1 ? items.length : Math.min(items.length, start + Math.round((items.length * weights[i]) / total));
    out.push(items.slice(start, end));
    start = end;
  }
  return out;
}

/**
 * Check every manifest, in order. `preloaded`: projects discovery has loaded already (checked
 * here, not reloaded). Falls back to this thread alone where no worker file exists (tests run
 * the TypeScript sources).
 */
export async function checkApps(manifests: readonly string[], opts: AppCheckOptions, env: NodeJS.ProcessEnv, preloaded: ReadonlyMap<string, LoadedProject | FalpubError>): Promise<AppOutcome[]> {
  const workerFile = fileURLToPath(new URL(`./${WORKER_FILE}`, import.meta.url));
  const threads = existsSync(workerFile) ? threadsFor(manifests.length, env) : 1;
  const [mine, ...rest] = shares(manifests, threads);
  const theirs = rest.filter((share) => share.length > 0);
  // Workers are created before this thread starts its own share, which yields to nothing but microtasks.
  const Worker = theirs.length ? (await import("node:worker_threads")).Worker : undefined;
  const started = theirs.map((share) => runWorker(Worker!, workerFile, share, opts));
  const here = await checkInOrder(mine, opts, preloaded);
  const there = await Promise.all(started);
  return [...here, ...there.flat()];
}

/** Each app in turn; zod is imported (once) only when a manifest breaks the schema. */
export async function checkInOrder(manifests: readonly string[], opts: AppCheckOptions, preloaded?: ReadonlyMap<string, LoadedProject | FalpubError>): Promise<AppOutcome[]> {
  const out: AppOutcome[] = [];
  for (const m of manifests) out.push(await explained(() => checkApp(m, opts, preloaded?.get(m))));
  return out;
}

function runWorker(Worker: typeof import("node:worker_threads").Worker, file: string, manifests: string[], opts: AppCheckOptions): Promise<AppOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { manifests, opts } satisfies WorkerInput });
    let outcomes: AppOutcome[] | undefined;
    worker.once("message", (message: AppOutcome[]) => (outcomes = message));
    worker.once("error", reject);
    // A worker that ends without its answer is a bug, not an empty report.
    worker.once("exit", (code) => (outcomes && code === 0 ? resolve(outcomes) : reject(new Error(`check worker exited with code ${code} before answering`))));
  });
}

export interface WorkerInput {
  manifests: string[];
  opts: AppCheckOptions;
}
