import { pathToFileURL } from "node:url";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { CODES, type CodeInfo } from "../core/codes.js";
import type { Related, Severity } from "../core/findings.js";
import { formatHint, formatMessage } from "../core/messages.js";
import { DOCS_URL } from "../meta.js";
import { ciPath, docsUrl } from "./common.js";
import type { CheckResult, RenderOptions } from "./types.js";

const SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT = "%SRCROOT%";

const LEVEL: Record<Severity, Result.level> = { error: "error", warning: "warning", info: "note" };

// The rule table is the same for every run: build it once, on first use.
let table: { rules: ReportingDescriptor[]; index: Map<string, number> } | undefined;

export function sarifRules(): { rules: ReportingDescriptor[]; index: Map<string, number> } {
  if (!table) {
    const entries = Object.entries(CODES) as Array<[string, CodeInfo]>;
    table = {
      rules: entries.map(([id, info]) => ({
        id,
        name: info.rule,
        shortDescription: { text: info.summary },
        fullDescription: { text: `${info.summary} (${id} ${info.rule}, ${info.severity} by default.)` },
        // GitHub code scanning requires help; it shows the markdown when present.
        help: {
          text: `${info.summary}\n\nDocumentation: ${docsUrl(id)}\nOn the command line: falpub explain ${id}`,
          markdown: `${info.summary}\n\n[${id} ${info.rule} in the falpub rules reference](${docsUrl(id)}) · \`falpub explain ${id}\``,
        },
        helpUri: docsUrl(id),
        defaultConfiguration: { level: LEVEL[info.severity] },
      })),
      index: new Map(entries.map(([id], i) => [id, i])),
    };
  }
  return table;
}

/** Repository-relative (under %SRCROOT%) when possible, else an absolute file: uri. */
function artifact(file: string, opts: RenderOptions): { uri: string; uriBaseId?: string } {
  const p = ciPath(file, opts);
  if (p.startsWith("/")) return { uri: pathToFileURL(p).href };
  // Encode each path segment so the uri is a valid uri-reference (spaces, #, ?).
  return { uri: p.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function physical(file: string, opts: RenderOptions, line: number, column?: number) {
  const region: { startLine: number; startColumn?: number } = { startLine: Math.max(1, line) };
  if (column !== undefined) region.startColumn = Math.max(1, column);
  return { artifactLocation: artifact(file, opts), region };
}

function location(file: string, opts: RenderOptions, line: number, column?: number): Result["locations"] {
  return [{ physicalLocation: physical(file, opts, line, column) }];
}

/** The other places of a finding, each with an id and its role as the message (SARIF §3.28.3). */
function relatedLocations(related: readonly Related[] | undefined, opts: RenderOptions): Pick<Result, "relatedLocations"> {
  if (!related?.length) return {};
  return { relatedLocations: related.map((r, id) => ({ id, physicalLocation: physical(r.file, opts, r.line, r.column), message: { text: r.role } })) };
}

/**
 * A fingerprint that survives lines moving: the code, the file and the trimmed text of the
 * finding's line (its message when the text is unknown), plus a counter for repeats.
 */
function fingerprinter(opts: RenderOptions): (code: string, file: string, line: number, message: string) => Record<string, string> {
  const lines = new Map<string, string[] | undefined>();
  const seen = new Map<string, number>();
  return (code, file, line, message) => {
    if (!lines.has(file)) lines.set(file, opts.sourceText?.(file)?.split(/\r?\n/));
    const text = lines.get(file)?.[line - 1]?.trim() || message;
    const key = [code, ciPath(file, opts), text].join("\0");
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    // Loaded on use: only SARIF needs a hash, and node:crypto costs ~3-4 ms to load.
    const { createHash } = process.getBuiltinModule("node:crypto");
    return { "falpub/v1": createHash("sha256").update(`${key}\0${n}`).digest("hex").slice(0, 32) };
  };
}

/** Rule id plus ruleIndex when the code is known (an unknown one simply has no index). */
function ruleRef(code: string): Pick<Result, "ruleId" | "ruleIndex"> {
  const i = sarifRules().index.get(code);
  return i === undefined ? { ruleId: code } : { ruleId: code, ruleIndex: i };
}

/** A SARIF 2.1.0 log with one run, for GitHub code scanning and other viewers. */
export function renderSarif(results: CheckResult[], opts: RenderOptions): string {
  const root = opts.repoRoot ?? opts.cwd ?? process.cwd();
  const fingerprint = fingerprinter(opts);
  const out: Result[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      const hint = formatHint(d);
      out.push({
        ...ruleRef(d.code),
        level: LEVEL[d.severity],
        message: { text: hint ? `${formatMessage(d)}\nhint: ${hint}` : formatMessage(d) },
        locations: location(d.at.file, opts, d.at.line, d.at.column),
        ...relatedLocations(d.related, opts),
        partialFingerprints: fingerprint(d.code, d.at.file, d.at.line, formatMessage(d)),
      });
    }
    // Suppressed findings stay visible to viewers, marked as suppressed by config.
    for (const s of r.suppressed ?? []) {
      const info = (CODES as Record<string, CodeInfo>)[s.code];
      out.push({
        ...ruleRef(s.code),
        level: LEVEL[info?.severity ?? "warning"],
        message: { text: info?.summary ?? s.code },
        locations: location(s.file, opts, s.line),
        partialFingerprints: fingerprint(s.code, s.file, s.line, s.reason),
        suppressions: [{ kind: "external", justification: s.reason }],
      });
    }
  }
  const base = pathToFileURL(root).href;
  const log: Log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "falpub",
            version: opts.toolVersion,
            informationUri: DOCS_URL,
            rules: sarifRules().rules,
          },
        },
        // SARIF requires the base uri to end with a slash.
        originalUriBaseIds: { [SRCROOT]: { uri: base.endsWith("/") ? base : base + "/" } },
        results: out,
        properties: { strict: opts.strict },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
