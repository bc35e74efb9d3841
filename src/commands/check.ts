import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { jsonText } from "../core/envelope.js";
import { discover, findRepoRoot, type PathProblem } from "../discovery.js";
import { errorDocument, EXIT, FalpubError, usageError } from "../errors.js";
import type { LoadedProject } from "../project.js";
import { plural, render, summarize, type CheckResult, type ReportFormat } from "../report/index.js";
import type { CommandIO } from "./io.js";
import { checkApps } from "./check-apps.js";
import { readProject, withSlowParts } from "./disk.js";

export interface CheckOptions {
  format: ReportFormat;
  strict: boolean;
  /** The --format output goes here instead of stdout (never coloured). */
  outputFile?: string;
  /** Second outputs written in the same run, e.g. SARIF for upload beside annotations on stdout. */
  sarifFile?: string;
  jsonFile?: string;
  /** Add the billing preview (units and price per endpoint and example) to pretty and json output. */
  preview?: boolean;
}

/** `falpub check [paths...]`: every app, every finding, one report on stdout. */
export async function runCheck(paths: string[], opts: CheckOptions, io: CommandIO, version: string): Promise<number> {
  try {
    return await check(paths, opts, io, version);
  } catch (error) {
    // Machines reading --format json get a document for usage errors too (the message also goes to stderr).
    if (opts.format === "json" && error instanceof FalpubError) io.out(jsonText(errorDocument(error, version)));
    throw error;
  }
}

async function check(paths: string[], opts: CheckOptions, io: CommandIO, version: string): Promise<number> {
  const { cwd, term } = io;
  const loaded = new Map<string, LoadedProject | FalpubError>();
  const load = (manifest: string) => {
    let project = loaded.get(manifest);
    if (!project) {
      try {
        project = readProject(manifest, cwd);
      } catch (error) {
        if (!(error instanceof FalpubError)) throw error;
        project = error;
      }
      loaded.set(manifest, project);
    }
    return project;
  };
  // `loaded` keeps what loaded, so a second discovery (after loading yaml or zod) reads only the rest.
  const found = await withSlowParts(() =>
    discover(paths, cwd, (manifest) => {
      const project = load(manifest);
      if (project instanceof FalpubError) return {};
      const { refPath, pyproject } = project.facts;
      return { appFile: refPath, pyproject: pyproject && path.resolve(cwd, pyproject.file) };
    }),
  );

  const problems: PathProblem[] = [...found.problems];
  const results: CheckResult[] = [];
  const texts = new Map<string, string>();
  for (const outcome of await checkApps(found.manifests, { cwd, strict: opts.strict, preview: Boolean(opts.preview) }, loaded)) {
    if ("problem" in outcome) {
      problems.push(outcome.problem);
      continue;
    }
    results.push(outcome.result);
    for (const [file, text] of outcome.texts) texts.set(file, text);
  }
  for (const note of found.notes) io.err(`falpub: note: ${note}\n`);
  // Nothing could be checked because of bad paths: that is the usage error, as before.
  if (results.length === 0 && problems.length > 0) {
    for (const p of problems.slice(0, -1)) io.err(problemText(p));
    const last = problems[problems.length - 1];
    throw usageError(last.message, last.hint);
  }

  const sourceText = (file: string) => texts.get(path.resolve(cwd, file));
  const repoRoot = ciRoot(cwd, io.env);
  const base = { strict: opts.strict, toolVersion: version, cwd, repoRoot, sourceText, columns: term.columns };
  const files: Array<[string, ReportFormat]> = [];
  if (opts.outputFile) files.push([opts.outputFile, opts.format]);
  if (opts.sarifFile) files.push([opts.sarifFile, "sarif"]);
  if (opts.jsonFile) files.push([opts.jsonFile, "json"]);
  // Files first: when one cannot be written, nothing half-done is printed as if all went well.
  for (const [file, format] of files) writeReport(path.resolve(cwd, file), cwd, render(format, results, { ...base, color: false, columns: 80 }));
  if (opts.outputFile) {
    const s = summarize(results);
    io.err(`falpub: wrote the ${opts.format} report to ${opts.outputFile} (${plural(s.errors, "error")}, ${plural(s.warnings, "warning")} in ${plural(results.length, "app")}).\n`);
  } else {
    io.out(render(opts.format, results, { ...base, color: term.color }));
  }
  // The report first, then what was not checked, so it is the last thing a person reads.
  for (const p of problems) io.err(problemText(p));
  if (problems.length) {
    io.err(`falpub: ${problems.length === 1 ? "1 path was" : `${problems.length} paths were`} not checked (exit 2); the report covers the others.\n`);
    return EXIT.usage;
  }
  return summarize(results).errors > 0 ? EXIT.projectErrors : EXIT.ok;
}

/** Write whole or not at all: a temp file beside the target, then a rename. */
function writeReport(file: string, cwd: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw usageError(`Cannot write ${path.relative(cwd, file) || file}: ${(error as Error).message.split(",")[0]}.`, "Check that its directory exists and is writable.");
  }
}

/**
 * What CI paths are relative to: GITHUB_WORKSPACE when we run inside it (the runner maps only
 * paths under it), else the git repository root, else the working directory.
 */
export function ciRoot(cwd: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE ? path.resolve(env.GITHUB_WORKSPACE) : undefined;
  if (workspace && !path.relative(workspace, cwd).startsWith("..")) return workspace;
  return findRepoRoot(cwd) ?? cwd;
}

const problemText = (p: PathProblem) => `falpub: ${p.message}\n${p.hint ? `  ${p.hint}\n` : ""}`;

