import { jsonText } from "../core/envelope.js";
import { errorDocument, EXIT, FalpubError } from "../errors.js";
import { render, summarize, type CheckResult, type ReportFormat } from "../report/index.js";
import { judge } from "../rules/index.js";
import { redact } from "../core/redact.js";
import { effectiveAppName } from "../derived.js";
import type { Terminal } from "../terminal.js";
import { loadFromDisk, resolveManifest } from "./load.js";

export interface CheckOptions {
  format: ReportFormat;
  strict: boolean;
}

/** `falpub check [paths...]`: every app, every finding, one report on stdout. */
export async function runCheck(paths: string[], opts: CheckOptions, term: Terminal, version: string): Promise<number> {
  try {
    return check(paths, opts, term, version);
  } catch (error) {
    // Machines reading --format json get a document for usage errors too (the message also goes to stderr).
    if (opts.format === "json" && error instanceof FalpubError) process.stdout.write(jsonText(errorDocument(error, version)));
    throw error;
  }
}

function check(paths: string[], opts: CheckOptions, term: Terminal, version: string): number {
  const cwd = process.cwd();
  const manifests = [...new Set((paths.length ? paths : ["."]).map((p) => resolveManifest(p, cwd)))];
  const results: CheckResult[] = manifests.map((file) => {
    const { facts, diagnostics } = loadFromDisk(file, cwd);
    const judged = judge(facts, diagnostics, opts.strict);
    return { manifest: facts.manifest.file, appName: mapName(effectiveAppName(facts)?.name), ...judged };
  });
  process.stdout.write(render(opts.format, results, { color: term.color, strict: opts.strict, toolVersion: version, cwd }));
  return summarize(results).errors > 0 ? EXIT.projectErrors : EXIT.ok;
}

/** The app name heads each file's findings; a key pasted as `app.name` is not echoed there either. */
const mapName = (name: string | undefined) => (name === undefined ? undefined : redact(name));
