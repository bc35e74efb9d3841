import { finding, type Finding, type Pos } from "../core/findings.js";
import { LineIndex } from "../positions.js";
import type { ProjectFacts } from "../project.js";

/** A fal key is `<key id (a UUID)>:<secret>`; FAL_KEY_SECRET holds the secret alone. */
const KEY_PAIR = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[A-Za-z0-9_-]{16,}/gi;
const NAMED_SECRET = /\bFAL_KEY(?:_SECRET)?\b["']?\s*[:=]\s*["']([^"'\s$%{}]{16,})["']/g;

/** Positions of key-like literals in a text. Only positions: the value itself never leaves here. */
export function findKeyLikeLiterals(text: string): Pos[] {
  const offsets = new Set<number>();
  for (const m of text.matchAll(KEY_PAIR)) offsets.add(m.index!);
  for (const m of text.matchAll(NAMED_SECRET)) offsets.add(m.index! + m[0].indexOf(m[1]));
  const lines = new LineIndex(text);
  return [...offsets].sort((a, b) => a - b).map((offset) => lines.pos(offset));
}

export function secretRules(f: ProjectFacts): Finding[] {
  const texts: Array<[string | undefined, string | undefined]> = [
    [f.manifest.file, f.manifestText],
    [f.app?.file, f.app?.source],
    [f.pyproject?.file, f.pyproject?.text],
  ];
  return texts.flatMap(([file, text]) =>
    file && text
      ? findKeyLikeLiterals(text).map((pos) =>
          finding("FP601", { file, ...pos }, {}),
        )
      : [],
  );
}
