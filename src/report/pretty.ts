import { Chalk, type ChalkInstance } from "chalk";
import type { Finding, Severity } from "../core/findings.js";
import { formatHint, formatMessage } from "../core/messages.js";
import { plural, summarize } from "./common.js";
import type { CheckResult, RenderOptions } from "./types.js";

/** Continuation lines (wrapped message, hint) hang under the message, this far in. */
const HANG = 6;
/** Never wrap narrower than this: a tiny terminal gets long lines rather than a word per line. */
const MIN_ROOM = 30;

/** Greedy word wrap; words longer than the width stay whole on their own line. */
export function wrap(text: string, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const room = lines.length === 0 ? firstWidth : width;
    if (cur && cur.length + 1 + word.length > room) {
      lines.push(cur);
      cur = word;
    } else {
      cur = cur ? `${cur} ${word}` : word;
    }
  }
  if (cur || lines.length === 0) lines.push(cur);
  return lines;
}

function sevColor(c: ChalkInstance, sev: Severity): (s: string) => string {
  return sev === "error" ? c.red : sev === "warning" ? c.yellow : c.blue;
}

/**
 * One finding: `  path:line:col  severity  message  [CODE]` (terminals and editors make the
 * position clickable), the message wrapped to `columns`, the hint under it.
 */
function findingLines(c: ChalkInstance, d: Finding, columns: number): string[] {
  const pos = `${d.at.file}:${d.at.line}:${d.at.column}`;
  const lead = `  ${pos}  ${d.severity}  `;
  const rest = Math.max(columns - HANG, MIN_ROOM);
  const lines = wrap(formatMessage(d), rest, Math.max(columns - lead.length, MIN_ROOM));
  // The code goes after the message, or on its own line when it would overflow.
  const tag = `[${d.code}]`;
  const last = lines.length - 1;
  const lastRoom = last === 0 ? columns - lead.length : rest;
  if (lines[last].length + 2 + tag.length <= lastRoom) lines[last] += `  ${c.dim(tag)}`;
  else lines.push(c.dim(tag));
  const pad = " ".repeat(HANG);
  const out = [`  ${c.bold(pos)}  ${sevColor(c, d.severity)(d.severity)}  ${lines[0]}`];
  for (const l of lines.slice(1)) out.push(pad + l);
  const hintText = formatHint(d);
  if (hintText) for (const l of wrap(`hint: ${hintText}`, rest)) out.push(pad + c.dim(l));
  return out;
}

function summaryLine(c: ChalkInstance, results: CheckResult[], strict: boolean): string {
  const s = summarize(results);
  const suppressed = results.reduce((n, r) => n + (r.suppressed?.length ?? 0), 0);
  const apps = plural(results.length, "app");
  const extra: string[] = [];
  if (s.infos) extra.push(plural(s.infos, "info"));
  if (suppressed) extra.push(`${suppressed} suppressed`);
  if (strict) extra.push("strict");
  const tail = extra.length ? ` (${extra.join(", ")})` : "";
  if (s.errors === 0 && s.warnings === 0) return c.green(`✔ no problems in ${apps}`) + tail;
  const counts = `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")} in ${apps}`;
  return (s.errors ? c.red.bold(`✖ ${counts}`) : c.yellow.bold(`⚠ ${counts}`)) + tail;
}

/** `check --preview`: one line per endpoint and billing example. */
function previewBlock(c: ChalkInstance, r: CheckResult): string[] {
  const head = c.bold(`billing preview${r.appName ? ` (${r.appName})` : ""}`);
  if (!r.preview?.length) return [head, "  nothing is billed per unit (no strategy, gpu_seconds, or no billable endpoint)"];
  return [
    head,
    ...r.preview.map((p) => {
      const what = p.example ? `example ${p.example}` : "default request";
      const units = p.units === null ? c.yellow(p.note ?? "unknown") : `${p.units} unit${p.units === 1 ? "" : "s"}`;
      const price = p.priceUsd !== null ? ` = $${p.priceUsd}` : "";
      const declared = p.declared !== null && p.units !== p.declared ? c.red(` (declared ${p.declared})`) : "";
      return `  ${p.endpoint}  ${what} ${c.dim(JSON.stringify(p.input))}  →  ${units}${price}${declared}`;
    }),
  ];
}

/** Human output: a heading per app, one `path:line:col` finding per line with its hint, a summary. */
export function renderPretty(results: CheckResult[], opts: RenderOptions): string {
  // An explicit level: never let chalk guess from the terminal or the environment.
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const columns = opts.columns ?? 80;
  const out: string[] = [];
  for (const r of results) {
    // The preview is shown for every app asked about, with or without findings.
    const preview = r.preview ? [...previewBlock(c, r), ""] : [];
    if (r.diagnostics.length === 0) {
      out.push(...preview);
      continue;
    }
    out.push(c.bold.underline(r.manifest) + (r.appName ? c.dim(` (${r.appName})`) : ""));
    // Diagnostics arrive sorted by file: a blank line between files keeps each file's together.
    let file: string | undefined;
    for (const d of r.diagnostics) {
      if (file !== undefined && d.at.file !== file) out.push("");
      file = d.at.file;
      for (const line of findingLines(c, d, columns)) out.push(line);
    }
    out.push("", ...preview);
  }
  out.push(summaryLine(c, results, opts.strict));
  return out.join("\n") + "\n";
}
