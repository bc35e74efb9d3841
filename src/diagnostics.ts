/**
 * Kept only for src/python/, which still imports Pos from here: findings live in src/core/findings.ts.
 * Delete this file once src/python/ imports from ../core/findings.js.
 */
export type { Pos } from "./core/findings.js";
