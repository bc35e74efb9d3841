import { Chalk, type ChalkInstance } from "chalk";
import type { Finding, Severity } from "../core/findings.js";
import { formatHint, formatMessage } from "../core/messages.js";
import { plural, summarize } from "./common.js";
import type { CheckResult, RenderOptions } from "./types.js";

const WIDTH = 80;
const SEV_WIDTH = "warning".length;

/** Greedy word wrap; words longer than the width stay whole on their own line. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + word.length > width) {
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

/** Lines for one file's findings, positions aligned, messages wrapped to 80 columns. */
function fileBlock(c: ChalkInstance, diags: Finding[]): string[] {
  // reduce, not Math.max(...): spreading 100k+ findings as arguments overflows the stack.
  const posWidth = diags.reduce((w, d) => Math.max(w, `${d.at.line}:${d.at.column}`.length), 0);
  const indent = 2 + posWidth + 2 + SEV_WIDTH + 2;
  // Very deep positions would leave no room: then just don't wrap.
  const room = Math.max(WIDTH - indent, 30);
  const pad = " ".repeat(indent);
  const out: string[] = [];
  for (const d of diags) {
    const pos = `${d.at.line}:${d.at.column}`.padEnd(posWidth);
    const sev = sevColor(c, d.severity)(d.severity.padEnd(SEV_WIDTH));
    const tag = `[${d.code}]`;
    const lines = wrap(formatMessage(d), room);
    // The code goes after the message, or on its own line when it would overflow.
    const last = lines.length - 1;
    if (lines[last].length + 2 + tag.length <= room) lines[last] += `  ${c.dim(tag)}`;
    else lines.push(c.dim(tag));
    out.push(`  ${c.dim(pos)}  ${sev}  ${lines[0]}`);
    for (const l of lines.slice(1)) out.push(pad + l);
    const hintText = formatHint(d);
    if (hintText) {
      const hint = wrap(`hint: ${hintText}`, room);
      for (const l of hint) out.push(pad + c.dim(l));
    }
  }
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

/** Human output: a header per file, one finding per line, a hint under it, a summary. */
export function renderPretty(results: CheckResult[], opts: RenderOptions): string {
  // An explicit level: never let chalk guess from the terminal or the environment.
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  for (const r of results) {
    // Diagnostics arrive sorted by file, so each file's findings are contiguous.
    const groups = new Map<string, Finding[]>();
    for (const d of r.diagnostics) {
      const g = groups.get(d.at.file);
      if (g) g.push(d);
      else groups.set(d.at.file, [d]);
    }
    for (const [file, diags] of groups) {
      const app = r.appName ? c.dim(` (${r.appName})`) : "";
      out.push(c.bold.underline(file) + app);
      for (const line of fileBlock(c, diags)) out.push(line);
      out.push("");
    }
  }
  out.push(summaryLine(c, results, opts.strict));
  return out.join("\n") + "\n";
}
