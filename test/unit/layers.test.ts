import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

/*
 * The layers of src/, bottom to top. A module may import from its own layer or a lower one,
 * never from a higher one. Every file under src/ must match a layer (a new folder has to be placed).
 */
const LAYERS: Array<[name: string, patterns: RegExp[]]> = [
  ["core", [/^core\//, /^(positions|suggest|diagnostics|errors|meta)\.ts$/]],
  ["parsers", [/^manifest\//, /^python\//, /^pyproject\//]],
  ["project", [/^project\.ts$/, /^derived\.ts$/]],
  ["rules", [/^rules\//]],
  // fal/types.ts is the contract between the deploy plan and the fal adapter: types only.
  ["report, checklist, deploy plan, init", [/^report\//, /^checklist\//, /^deploy\//, /^init\//, /^fal\/types\.ts$/]],
  ["adapters", [/^fal\//, /^platform\//, /^(git|discovery)\.ts$/]],
  // Pure decisions over the platform's typed answers (status items, verify judges, price comparison).
  ["platform checks", [/^status\//, /^verify\//, /^price\//]],
  ["commands", [/^commands\//, /^(terminal|write|progress|stdio)\.ts$/]],
  // program.ts: the commands and their flags over injected I/O; cli.ts: the process around it.
  ["cli", [/^(program|cli)\.ts$/]],
];

/** Known violations, each with why it is still there; the list may only shrink. */
const ALLOWED = new Set<string>([]);

const src = fileURLToPath(new URL("../../src/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(path.join(src, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    return e.isDirectory() ? files(rel) : e.name.endsWith(".ts") ? [rel] : [];
  });
}

function layerOf(rel: string): number {
  return LAYERS.findIndex(([, patterns]) => patterns.some((p) => p.test(rel)));
}

/** Relative imports of a module, static and dynamic, as paths under src/ (".js" → ".ts"). */
function importsOf(rel: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => m[1] ?? m[2]!);
  return specs.filter((s) => s.startsWith(".")).map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(rel), s)).replace(/\.js$/, ".ts"));
}

test("every module under src/ belongs to a layer", () => {
  expect(files("").filter((f) => layerOf(f) < 0)).toEqual([]);
});

test("no module imports from a higher layer", () => {
  const violations: string[] = [];
  for (const rel of files("")) {
    for (const target of importsOf(rel, readFileSync(path.join(src, rel), "utf8"))) {
      if (target.startsWith("../")) continue; // package.json and the like: outside src/
      const edge = `${rel} -> ${target}`;
      if (layerOf(target) > layerOf(rel) && !ALLOWED.has(edge)) violations.push(`${edge} (${LAYERS[layerOf(rel)]![0]} imports ${LAYERS[layerOf(target)]![0]})`);
    }
  }
  expect(violations).toEqual([]);
});

test("src/core/ imports nothing of the rest of src/", () => {
  const out = files("core").flatMap((rel) => importsOf(rel, readFileSync(path.join(src, rel), "utf8")).filter((t) => !t.startsWith("core/")).map((t) => `${rel} -> ${t}`));
  expect(out).toEqual([]);
});

test("the scan sees imports the way they are written (so that it can fail)", () => {
  const text = 'import type { A } from "../rules/index.js";\nimport {\n  b,\n} from "./x.js";\nconst m = await import("../commands/check.js");\nexport { c } from "../core/codes.js";\n';
  expect(importsOf("report/y.ts", text)).toEqual(["rules/index.ts", "report/x.ts", "commands/check.ts", "core/codes.ts"]);
  expect(layerOf("commands/check.ts")).toBeGreaterThan(layerOf("report/y.ts"));
  expect(ALLOWED.size).toBe(0);
});
