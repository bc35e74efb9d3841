import { SlowPartMissing } from "../core/slow-parts.js";
import { fastParse } from "./fast-parse.js";
import type { Tree } from "./tree.js";

/** lezer's parse (lezer-parse.ts), installed by the caller that imported it. */
export type LezerParse = (src: string) => Tree;

let lezer: LezerParse | undefined;
let fast = true;

/** Install lezer for every later parsePython (undefined uninstalls: tests). */
export function usePythonParser(parse: LezerParse | undefined): void {
  lezer = parse;
}

/** Tests: false sends every file to lezer, to compare what the analysis makes of both trees. */
export function useFastParse(on: boolean): void {
  fast = on;
}

/**
 * The syntax tree of a Python file: fast-parse.ts's for the plain code it takes (the same tree
 * lezer builds), lezer's for the rest: syntax errors, match statements, tabs and the like.
 * Throws SlowPartMissing("pythonParser") when lezer is needed and not loaded; lezer itself
 * throws a RangeError on pathological nesting.
 */
export function parsePython(src: string, file = "app.py"): Tree {
  const tree = fast ? fastParse(src) : undefined;
  if (tree) return tree;
  if (!lezer) throw new SlowPartMissing("pythonParser", file);
  return lezer(src);
}
