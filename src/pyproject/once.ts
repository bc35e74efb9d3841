import { checkPyproject } from "./check.js";
import type { PyprojectFacts } from "./facts.js";

/*
 * One parse per pyproject.toml per falpub call: apps that share one (fal's demo repository
 * declares ten apps in one) share its facts instead of parsing it once each. checkPyproject is
 * pure and nothing downstream mutates its result, so the same text and name give the same facts.
 *
 * Only the last few are kept: apps that share a pyproject.toml come one after another, and
 * keeping every one would hold each parsed file of a 1000-app call in memory until it ends.
 */
const KEEP = 4;
const parsed = new Map<string, PyprojectFacts>();

export function checkPyprojectOnce(text: string, file: string): PyprojectFacts {
  const key = `${file}\0${text}`;
  let facts = parsed.get(key);
  if (!facts) {
    parsed.set(key, (facts = checkPyproject(text, file)));
    if (parsed.size > KEEP) parsed.delete(parsed.keys().next().value!);
  }
  return facts;
}
