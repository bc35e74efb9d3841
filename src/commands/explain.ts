import { CODES } from "../core/codes.js";
import { EXIT, usageError } from "../errors.js";
import { lookup, renderCodeList, renderExplained, renderRenamed, type Explained } from "../report/explain.js";
import type { CommandIO } from "./io.js";

/** `falpub explain [code]`: a rule's reference on stdout; an unknown code is a usage error. */
export function runExplain(query: string | undefined, json: boolean, io: Pick<CommandIO, "out">): number {
  if (query === undefined) {
    const all = Object.keys(CODES).map((c) => (lookup(c) as { found: Explained }).found);
    io.out(json ? JSON.stringify({ schemaVersion: 1, codes: all }, null, 2) + "\n" : renderCodeList());
    return EXIT.ok;
  }
  const result = lookup(query);
  if ("renamed" in result) {
    const { code, now } = result.renamed;
    io.out(json ? JSON.stringify({ schemaVersion: 1, code, renumberedTo: now }, null, 2) + "\n" : renderRenamed(code, now));
    return EXIT.ok;
  }
  if (!("found" in result)) {
    throw usageError(`Unknown code ${JSON.stringify(query)}.` + (result.suggestion ? ` Did you mean ${result.suggestion}?` : ""), "`falpub explain` lists every code.");
  }
  io.out(json ? JSON.stringify({ schemaVersion: 1, ...result.found }, null, 2) + "\n" : renderExplained(result.found));
  return EXIT.ok;
}
