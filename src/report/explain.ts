import { CODES, RENUMBERED, UNSILENCEABLE, type CodeInfo } from "../core/codes.js";
import { suggest } from "../suggest.js";
import { docsUrl } from "./common.js";

/** `falpub explain`: a rule's reference, from the code table (the same words as the README). */
export interface Explained {
  code: string;
  rule: string;
  severity: CodeInfo["severity"];
  summary: string;
  docs: string;
  silenceable: boolean;
  /** Codes that took over checks this code had before 0.2. */
  renumbered: readonly string[];
}

export type Lookup = { found: Explained } | { renamed: { code: string; now: readonly string[] } } | { suggestion?: string };

const table = CODES as Record<string, CodeInfo>;

/** A code (any case) or a rule name → its entry; a code renumbered in 0.2 → its new codes; else the closest one. */
export function lookup(query: string): Lookup {
  const q = query.trim();
  const code = Object.keys(table).find((c) => c.toLowerCase() === q.toLowerCase()) ?? Object.keys(table).find((c) => table[c].rule === q.toLowerCase());
  if (!code) {
    const old = Object.keys(RENUMBERED).find((c) => c.toLowerCase() === q.toLowerCase());
    if (old) return { renamed: { code: old, now: RENUMBERED[old] } };
    return { suggestion: suggest(q.toUpperCase(), Object.keys(table)) ?? suggest(q, Object.values(table).map((i) => i.rule)) };
  }
  const info = table[code];
  const renumbered = (RENUMBERED[code] ?? []).filter((c) => c !== code);
  return { found: { code, rule: info.rule, severity: info.severity, summary: info.summary, docs: docsUrl(code), silenceable: !UNSILENCEABLE.has(code), renumbered } };
}

export function renderExplained(e: Explained): string {
  const severity = e.severity === "warning" ? "warning; an error with --strict" : e.severity;
  const silence = e.silenceable
    ? ["To silence it for one app, in its falpub.yaml:", "  ignore:", `    - code: ${e.code}`, "      reason: <why it does not apply here>"]
    : [`${e.code} cannot be silenced: without it the other checks cannot be trusted.`];
  const history = e.renumbered.length ? ["", `Before 0.2 ${e.code} also covered what ${e.renumbered.join(", ")} check now.`] : [];
  return [`${e.code} ${e.rule} (${severity})`, "", e.summary, ...history, "", ...silence, "", `Docs: ${e.docs}`, ""].join("\n");
}

export function renderRenamed(code: string, now: readonly string[]): string {
  return `${code} was renumbered in 0.2; its checks are now ${now.join(", ")}.\nfalpub explain <code> shows each one; update \`ignore\` entries that name ${code}.\n`;
}

/** Every code on one line each: `falpub explain` without an argument. */
export function renderCodeList(): string {
  const rows = Object.entries(table).map(([code, info]) => `${code}  ${info.severity.padEnd(7)}  ${info.rule.padEnd(30)}  ${info.summary}`);
  return [...rows, "", "falpub explain <code> shows one rule's reference.", ""].join("\n");
}
