import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { expect, test } from "vitest";
import { CODES } from "../../../src/core/codes.js";

/*
 * Every code must have a test in this folder that makes it fire at a position. Such a test
 * writes its expectation either as `hit("FPxxx", …)` or as a literal "FPxxx@file:line:col";
 * this walks CODES and fails for any code no test in this folder expects that way.
 */
const dir = path.dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(dir)
  .filter((f) => f.endsWith(".test.ts") && f !== "coverage.test.ts")
  .map((f) => readFileSync(path.join(dir, f), "utf8"));

const FIRING = /hit\(\s*["'`](FP\d{3})["'`]|["'`](FP\d{3})@[^"'`\s]+:\d+:\d+["'`]/g;

function exercised(): Set<string> {
  const seen = new Set<string>();
  for (const src of sources) for (const m of src.matchAll(FIRING)) if (m[1] ?? m[2]) seen.add((m[1] ?? m[2])!);
  // A describe.each table (card.test.ts) names its codes as `["FP701", …]` rows and calls hit(code, …).
  for (const src of sources) if (/describe\.each\(\[/.test(src)) for (const m of src.matchAll(/\[\s*"(FP\d{3})",/g)) seen.add(m[1]!);
  return seen;
}

test("every code in CODES has a firing test with a position in test/unit/rules/", () => {
  const seen = exercised();
  const missing = Object.keys(CODES).filter((code) => !seen.has(code));
  expect(missing).toEqual([]);
});

test("the tests expect no code that CODES does not define", () => {
  const unknown = [...exercised()].filter((code) => !(code in CODES));
  expect(unknown).toEqual([]);
});
