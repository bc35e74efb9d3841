import { pathToFileURL } from "node:url";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { CODES, type CodeInfo } from "../core/codes.js";
import type { Related, Severity } from "../core/findings.js";
import { formatHint, formatMessage } from "../core/messages.js";
import { DOCS_URL } from "../meta.js";
import { docsUrl, relPosix } from "./common.js";
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
        helpUri: docsUrl(id),
        defaultConfiguration: { level: LEVEL[info.severity] },
      })),
      index: new Map(entries.map(([id], i) => [id, i])),
    };
  }
  return table;
}

/** Encode each path segment so the uri is a valid uri-reference (spaces, #, ?). */
function fileUri(file: string, cwd: string): string {
  return relPosix(file, cwd).split("/").map(encodeURIComponent).join("/");
}

function physical(file: string, cwd: string, line: number, column?: number) {
  const region: { startLine: number; startColumn?: number } = { startLine: Math.max(1, line) };
  if (column !== undefined) region.startColumn = Math.max(1, column);
  return { artifactLocation: { uri: fileUri(file, cwd), uriBaseId: SRCROOT }, region };
}

function location(file: string, cwd: string, line: number, column?: number): Result["locations"] {
  return [{ physicalLocation: physical(file, cwd, line, column) }];
}

/** The other places of a finding, each with an id and its role as the message (SARIF §3.28.3). */
function relatedLocations(related: readonly Related[] | undefined, cwd: string): Pick<Result, "relatedLocations"> {
  if (!related?.length) return {};
  return { relatedLocations: related.map((r, id) => ({ id, physicalLocation: physical(r.file, cwd, r.line, r.column), message: { text: r.role } })) };
}

/** Rule id plus ruleIndex when the code is known (an unknown one simply has no index). */
function ruleRef(code: string): Pick<Result, "ruleId" | "ruleIndex"> {
  const i = sarifRules().index.get(code);
  return i === undefined ? { ruleId: code } : { ruleId: code, ruleIndex: i };
}

/** A SARIF 2.1.0 log with one run, for GitHub code scanning and other viewers. */
export function renderSarif(results: CheckResult[], opts: RenderOptions): string {
  const cwd = opts.cwd ?? process.cwd();
  const out: Result[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      const hint = formatHint(d);
      out.push({
        ...ruleRef(d.code),
        level: LEVEL[d.severity],
        message: { text: hint ? `${formatMessage(d)}\nhint: ${hint}` : formatMessage(d) },
        locations: location(d.at.file, cwd, d.at.line, d.at.column),
        ...relatedLocations(d.related, cwd),
      });
    }
    // Suppressed findings stay visible to viewers, marked as suppressed by config.
    for (const s of r.suppressed ?? []) {
      const info = (CODES as Record<string, CodeInfo>)[s.code];
      out.push({
        ...ruleRef(s.code),
        level: LEVEL[info?.severity ?? "warning"],
        message: { text: info?.summary ?? s.code },
        locations: location(s.file, cwd, s.line),
        suppressions: [{ kind: "external", justification: s.reason }],
      });
    }
  }
  const base = pathToFileURL(cwd).href;
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
