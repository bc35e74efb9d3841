import { parser } from "@lezer/python";
import type { Tree } from "./tree.js";

/** @lezer/python's parse: the Python parser for code fast-parse.ts does not take (python/parse.ts). */
export const lezerParse = (src: string): Tree => parser.parse(src);
