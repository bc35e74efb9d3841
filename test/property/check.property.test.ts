import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CODES, type Code } from "../../src/core/codes.js";
import type { Finding } from "../../src/core/findings.js";
import { formatHint, formatMessage } from "../../src/core/messages.js";
import { judge } from "../../src/rules/index.js";
import { baseline, loadMem, memoParsers, ROOT, type Files } from "../support/memfs.js";
import { applyEdits, missingScenarios, SCENARIO_CODES, SCENARIOS, type Edit, type ScenarioFile } from "./scenarios.js";

/*
 * Projects through loadProject + judge (the whole `falpub check` core). Each project is the
 * clean baseline with a few scenarios of scenarios.ts applied (each one makes one code fire),
 * sometimes with random damage on top (mutated lines, injected tokens, a file replaced or
 * missing). It never throws, every finding has a known code and a position inside its file,
 * every code fires, and most runs reach the rules on the app class with a readable TOML.
 */

const NUM_RUNS = 10_000;

// ---------------------------------------------------------------- mutations of a text

type Mutation =
  | { kind: "delete" | "duplicate" | "truncate-line"; at: number }
  | { kind: "swap"; at: number; other: number }
  | { kind: "value" | "inject" | "insert-line"; at: number; text: string }
  | { kind: "truncate"; at: number };

const lines = (text: string) => text.split("\n");
const pick = <T>(xs: T[], at: number) => at % Math.max(1, xs.length);

function mutate(text: string, m: Mutation): string {
  const ls = lines(text);
  const i = pick(ls, m.at);
  switch (m.kind) {
    case "delete":
      ls.splice(i, 1);
      return ls.join("\n");
    case "duplicate":
      ls.splice(i, 0, ls[i] ?? "");
      return ls.join("\n");
    case "truncate-line":
      ls[i] = (ls[i] ?? "").slice(0, Math.floor((ls[i] ?? "").length / 2));
      return ls.join("\n");
    case "swap": {
      const j = pick(ls, m.other);
      [ls[i], ls[j]] = [ls[j] ?? "", ls[i] ?? ""];
      return ls.join("\n");
    }
    case "insert-line":
      ls.splice(i, 0, m.text);
      return ls.join("\n");
    case "value": {
      // Replace what follows the first `:` or `=` of the line (a YAML/TOML value, a Python right-hand side).
      const line = ls[i] ?? "";
      const sep = line.search(/[:=]/);
      ls[i] = sep < 0 ? line + m.text : line.slice(0, sep + 1) + " " + m.text;
      return ls.join("\n");
    }
    case "inject": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case "truncate":
      return text.slice(0, m.at % (text.length + 1));
  }
}

const weird = fc.constantFrom("\t", "\r", "\r\n", "\0", "\ufeff", "\u00a0", "\u2028", "🦊", "é", "\\", "\u0301", " ");

function mutations(tokens: string[], values: fc.Arbitrary<string>): fc.Arbitrary<Mutation[]> {
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...tokens) },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(...tokens), { maxLength: 6 }).map((t) => t.join("")) },
    { weight: 1, arbitrary: weird },
    { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: "binary" }) },
  );
  const at = fc.nat({ max: 4000 });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const, "truncate-line" as const), at }),
    fc.record({ kind: fc.constant("swap" as const), at, other: at }),
    fc.record({ kind: fc.constant("value" as const), at, text: values }),
    fc.record({ kind: fc.constantFrom("inject" as const, "insert-line" as const), at, text }),
    fc.record({ kind: fc.constant("truncate" as const), at }),
  );
  // Leave the file alone in a good share of cases, so that later stages (rules on the app) run too.
  return fc.oneof({ weight: 2, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) });
}

// ---------------------------------------------------------------- per-language material

const codes = Object.keys(CODES);

const yamlScalar = fc.oneof(
  fc.constantFrom("", "null", "~", "true", "no", "1", "2", "-1", "0.0", "1e309", ".nan", "0x1F", "'q'", '"dq', "'", "shared", "private", "gpu_seconds", "per_text_chunk", "app.py", "app.py::", "::X", "missing.py::A", "text-to-image", "Text_To_Image", "a--b", "FP404", "FP999"),
  fc.string({ maxLength: 10 }),
  fc.integer().map(String),
  fc.double().map(String),
);
const yamlValue = fc.oneof(
  { weight: 4, arbitrary: yamlScalar },
  { weight: 1, arbitrary: fc.constantFrom("[]", "{}", "[1, 2", "{a: 1}", "[a, [b, {c: d}]]", "&x v", "*x", "*nope", "!!binary x", "!!str", "|", ">-", "? k", "- x", "{ title: T }") },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? "null") },
);
const yamlTokens: string[] = [":", ": ", "- ", "  ", "\n", "\n  ", "{", "}", "[", "]", ",", "&a ", "*a", "!", "!!map ", "? ", "|", ">", "#", "'", '"', "---\n", "\n...\n", "%YAML 1.2\n", "<<: *a", "version: 1", "app:", "  ref: ", "  auth: ", "billing:", "  strategy: ", "marketplace:", "ignore:", "  - code: FP", "    reason: r", "FP010", "01234567-89ab-cdef-0123-456789abcdef:ABCDEFGHIJKLMNOPQR"];
const ignoreEntry = fc.constantFrom(...codes, "FP000", "XX").map((c) => `ignore:\n  - code: ${c}\n    reason: because\n`);

const pyValue = fc.oneof(
  fc.constantFrom("None", "-1", "0", "1.5", "10**100", '"shared"', '"private"', "'GPU-Z9'", '["us-east", "mars"]', "[", "(", "lambda: 1", "f'{x}'", '"""', "x if y else z", "True", '"text--image"', '["XS", 3]', "...",
    // Right-hand sides for the health-check decorator line: reach FP303-FP305.
    'fal.HealthCheck(timeout_seconds=0, method="FETCH", call_regularly=False, failure_threshold=0), is_websocket=True)'),
  fc.integer().map(String),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
);
const pyTokens = ["(", ")", "[", "]", "{", "}", ":", ",", ".", "def ", "async ", "await ", "class X(fal.App):\n    ", "@fal.endpoint(", '@fal.endpoint("/x")\n    def x(self):\n        pass\n', "health_check=fal.HealthCheck(", "is_websocket=True", "call_regularly=False", "    ", "\t", "\n", "\n        ", '"', "'", "'''", '"""', "\\", "lambda ", "=", "==", "**", "#", '"x-fal-billable-units"', 'response.headers["x-fal-billable-units"] = ', "app_auth = ", "max_multiplexing = 4\n", "return", "yield", "import ", "from fal import *\n", "if x:\n", "else", "try:", "except", "with", "global", "nonlocal", "match x:", "case", 'FAL_KEY = "abcdefghijklmnopqrst"', "0b2", "1_", "0o9", "u'", "rb'", "f\"{", "@", "->", "*", "pass"];

const tomlValue = fc.oneof(
  fc.constantFrom('"shared"', '"private"', '"nope"', "1", "-1", "1.5", "true", "inf", "nan", "1979-05-27", "[]", '["mars"]', "{}", "{ a = 1 }", '"app.py::TextToImage"', '"app.py"', '"other.py::X"', '"', "'''", "[", "{"),
  fc.integer().map(String),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
);
const tomlTokens = ["[", "]", "[[", "]]", "=", " = ", '"', "'", "'''", '"""', "\n", "#", ".", "tool.fal.apps.x", "[tool.fal.apps.y]\n", "[tool.fal]\napps = 1\n", "auth = ", "regions = [", "no_scale = true\n", "keepalive = 1\n", "keep_alive = \"1\"\n", "{", "}", ",", "true", "0x", "\\u", "\\"];

// ---------------------------------------------------------------- whole projects

const MANIFEST = `${ROOT}/falpub.yaml`;
const APP = `${ROOT}/app.py`;
const PYPROJECT = `${ROOT}/pyproject.toml`;
const PATHS: Record<ScenarioFile, string> = { manifest: MANIFEST, app: APP, pyproject: PYPROJECT };

interface Case {
  /** Codes to provoke, each with which of its variants (modulo their number). */
  scenarios: Array<{ code: Code; variant: number }>;
  /** Random damage on top, per file. */
  noise: Record<ScenarioFile, Mutation[] | undefined>;
  ignore: string | undefined;
  /** Replace a whole file with random text. */
  random: { file: ScenarioFile; text: string } | undefined;
  drop: "app" | "pyproject" | undefined;
  strict: boolean;
}

/** Mostly absent: `arb` in about one case out of `every`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const scenarioArb = fc.oneof(
  ...SCENARIO_CODES.map((code) => ({
    weight: (SCENARIOS[code] as { weight?: number }).weight ?? 3,
    arbitrary: fc.record({ code: fc.constant(code), variant: fc.nat({ max: 7 }) }),
  })),
);
const scenariosArb = fc.array(scenarioArb, { maxLength: 3 });

const caseArb: fc.Arbitrary<Case> = fc.record({
  scenarios: scenariosArb,
  // Damage is rare, and rarest on pyproject.toml: a broken TOML hides the rest of it.
  noise: fc.record({
    manifest: sometimes(mutations(yamlTokens, yamlValue), 6),
    app: sometimes(mutations(pyTokens, pyValue), 8),
    pyproject: sometimes(mutations(tomlTokens, tomlValue), 25),
  }),
  ignore: sometimes(ignoreEntry, 8),
  random: sometimes(
    fc.record({
      file: fc.constantFrom("manifest" as const, "app" as const, "pyproject" as const),
      text: fc.oneof(fc.string({ maxLength: 200, unit: "grapheme" }), fc.string({ maxLength: 100, unit: "binary" })),
    }),
    50,
  ),
  drop: sometimes(fc.constantFrom("app" as const, "pyproject" as const), 40),
  strict: fc.boolean(),
});

function texts(files: Files): Record<ScenarioFile, string> {
  return { manifest: files[MANIFEST]!, app: files[APP]!, pyproject: files[PYPROJECT]! };
}

function scenarioEdits(scenarios: Case["scenarios"]): Edit[] {
  return scenarios.flatMap(({ code, variant }) => {
    const variants = SCENARIOS[code].variants as Edit[][];
    return variants[variant % variants.length]!;
  });
}

function build(c: Case): Files {
  const t = applyEdits(texts(baseline()), scenarioEdits(c.scenarios));
  const f: Files = {};
  for (const file of ["manifest", "app", "pyproject"] as const) f[PATHS[file]] = (c.noise[file] ?? []).reduce(mutate, t[file]);
  f[MANIFEST] += c.ignore ?? "";
  if (c.random) f[PATHS[c.random.file]] = c.random.text;
  if (c.drop) delete f[PATHS[c.drop]];
  return f;
}

/**
 * One parse per distinct text for the whole file (see memoParsers): 10,000 projects share
 * ~1,300 app.py and ~2,000 falpub.yaml texts, and parsing was three quarters of a run.
 */
const parsers = memoParsers();

/** Load and judge: the final findings, and whether the app class was found. */
function run(files: Files, strict: boolean): { diagnostics: Finding[]; appClass: boolean } {
  // memoParsers keys the Python analysis on app.py alone: no other module may be there.
  ensure(Object.keys(files).every((f) => !f.endsWith(".py") || f === APP), "a Python module besides app.py");
  const { facts, diagnostics } = loadMem(files, MANIFEST, ROOT, parsers);
  return { diagnostics: judge(facts, diagnostics, strict).diagnostics, appClass: facts.app?.cls !== undefined };
}

/**
 * A check of the hot loop: expect() costs more than the check itself (a tenth of the run went
 * to chai's bookkeeping), so the thousands of checks per finding just throw with their message.
 */
function ensure(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/**
 * Lines as the parsers may count them: TOML and YAML end lines at \n only, Python and
 * editors also at a lone \r. A position is fine when it fits either way.
 */
const splitCache = new Map<string, string[][]>();
function splits(text: string): string[][] {
  let s = splitCache.get(text);
  if (!s) splitCache.set(text, (s = [text.split("\n"), text.split(/\r\n|\r|\n/)]));
  return s;
}
function fits(text: string, line: number, column: number): boolean {
  return splits(text).some((ls) => {
    if (line === ls.length + 1) return column === 1; // just past the end: only its start
    const l = ls[line - 1];
    return l !== undefined && column <= l.length + 1;
  });
}

function checkInvariants(files: Files, diagnostics: Finding[], strict: boolean): void {
  splitCache.clear(); // each run's texts are split once, however many findings point into them
  for (const d of diagnostics) {
    const info = CODES[d.code as keyof typeof CODES];
    ensure(info !== undefined, `unknown code ${d.code}`);
    const severity = strict && info.severity === "warning" ? "error" : info.severity;
    ensure(d.severity === severity, `${d.code}: severity ${d.severity}, expected ${severity}`);
    // Every finding has words: the formatter knows its code and its args suit it.
    const message = formatMessage(d);
    ensure(message.length > 0 && !message.includes("undefined"), `${d.code}: ${message}`);
    // The finding's place and every related place lie inside a project file.
    for (const { file, line, column } of [d.at, ...(d.related ?? [])]) {
      ensure(typeof file === "string" && file.length > 0, `empty file in ${d.code}`);
      ensure(Number.isInteger(line) && line >= 1, `${d.code} line ${line}`);
      ensure(Number.isInteger(column) && column >= 1, `${d.code} column ${column}`);
      const text = files[`${ROOT}/${file}`];
      ensure(text !== undefined, `${d.code} names ${file}, which is not a project file`);
      const [byLf, byAny] = splits(text!);
      ensure(line <= Math.max(byLf.length, byAny.length) + 1, `${d.code}@${file}:${line}:${column} is past the end of the file`);
      ensure(fits(text!, line, column), `${d.code}@${file}:${line}:${column} is past the end of its line`);
    }
  }
}

test("every code in codes.ts has a scenario, and each variant alone makes its code fire", () => {
  expect(missingScenarios()).toEqual([]);
  for (const code of SCENARIO_CODES) {
    (SCENARIOS[code].variants as Edit[][]).forEach((variant, i) => {
      const t = applyEdits(texts(baseline()), variant);
      expect(t, `${code} variant ${i} changes nothing`).not.toEqual(texts(baseline()));
      const fired = run({ [MANIFEST]: t.manifest, [APP]: t.app, [PYPROJECT]: t.pyproject }, false).diagnostics.map((d) => d.code);
      expect(fired, `${code} variant ${i}`).toContain(code);
    });
  }
});

test("loadProject + judge on provoked and damaged projects: no throw, every finding well-placed, every code fires", () => {
  let runs = 0;
  let tomlBroken = 0;
  let withAppClass = 0;
  const fired = new Map<string, number>(Object.keys(CODES).map((c) => [c, 0]));
  const started = performance.now();
  fc.assert(
    fc.property(caseArb, (c) => {
      runs++;
      const files = build(c);
      const { diagnostics, appClass } = run(files, c.strict);
      checkInvariants(files, diagnostics, c.strict);
      const codes = new Set(diagnostics.map((d) => d.code));
      for (const code of codes) fired.set(code, (fired.get(code) ?? 0) + 1);
      if (codes.has("FP801")) tomlBroken++;
      if (appClass) withAppClass++;
    }),
    { numRuns: NUM_RUNS },
  );
  const pct = (n: number) => `${((100 * n) / runs).toFixed(1)}%`;
  console.log(
    `property runs: ${runs} (${((performance.now() - started) / 1000).toFixed(1)} s); TOML broken in ${pct(tomlBroken)}, app class found in ${pct(withAppClass)}\n` +
      `runs in which each code fired:\n${[...fired].map(([code, n]) => `  ${code} ${n}`).join("\n")}`,
  );
  expect(runs).toBeGreaterThanOrEqual(NUM_RUNS);
  expect(tomlBroken / runs).toBeLessThanOrEqual(0.1);
  expect(withAppClass / runs).toBeGreaterThanOrEqual(0.8);
  expect([...fired].filter(([, n]) => n === 0).map(([code]) => code), "codes that never fired").toEqual([]);
}, 180_000);

// ---------------------------------------------------------------- metamorphic relations

/**
 * Insert `line` before line `at` (0-based, modulo the line count) of a text, never before the
 * first line: a finding about the whole file (FP006 on an empty manifest) stays at 1:1.
 */
function insertLine(text: string, at: number, line: string): { text: string; lineNo: number } {
  const ls = text.split("\n");
  const i = 1 + (at % Math.max(1, ls.length - 1));
  ls.splice(i, 0, line);
  return { text: ls.join("\n"), lineNo: i + 1 };
}

/** A finding as data and words, its places (and `file:line` in its words) in `file` shifted past line `from`. */
function shifted(d: Finding, file: string, from: number): string {
  const shift = (n: number) => (n >= from ? n + 1 : n);
  const place = <L extends { file: string; line: number }>(l: L): L => (l.file === file ? { ...l, line: shift(l.line) } : l);
  // "line 29" in a billing path (args and words) is a line of the Python source, wherever the
  // finding is (FP212 sits in the manifest and names the app's loop); a `line` arg is of its own file.
  const own = d.at.file === file;
  const lineWords = (t: string) => (file.endsWith(".py") ? t.replaceAll(/\bline (\d+)/g, (_, n: string) => `line ${shift(Number(n))}`) : t);
  const refs = (s: string | undefined) => (s === undefined ? s : lineWords(s.replaceAll(new RegExp(`${file.replace(".", "\\.")}:(\\d+)`, "g"), (_, n: string) => `${file}:${shift(Number(n))}`)));
  const args = (v: unknown, key?: string): unknown =>
    typeof v === "string" ? refs(v) : typeof v === "number" && key === "line" && own ? shift(v) : Array.isArray(v) ? v.map((x) => args(x)) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, args(x, k)])) : v;
  return JSON.stringify({ ...d, at: place(d.at), args: args(d.args), related: d.related?.map(place), message: refs(formatMessage(d)), hint: refs(formatHint(d)) });
}

/** The same, unshifted. */
const asIs = (d: Finding) => JSON.stringify({ ...d, message: formatMessage(d), hint: formatHint(d) });

describe("metamorphic relations", () => {
  const filler = fc.constantFrom("", "# a comment", "    # an indented comment", "  ");

  test("the clean baseline stays clean with blank and comment lines added anywhere", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ file: fc.constantFrom<ScenarioFile>("manifest", "app", "pyproject"), at: fc.nat(), line: filler }), { maxLength: 6 }), fc.boolean(), (inserts, strict) => {
        const files = baseline();
        for (const { file, at, line } of inserts) files[PATHS[file]] = insertLine(files[PATHS[file]]!, at, line).text;
        expect(run(files, strict).diagnostics).toEqual([]);
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  test("a blank line inserted in the manifest or the app shifts the positions after it, and nothing else", () => {
    fc.assert(
      fc.property(scenariosArb, fc.constantFrom<ScenarioFile>("manifest", "app"), fc.nat(), fc.boolean(), (scenarios, file, at, strict) => {
        const before: Files = {};
        const t = applyEdits(texts(baseline()), scenarioEdits(scenarios));
        for (const f of ["manifest", "app", "pyproject"] as const) before[PATHS[f]] = t[f];
        const { text, lineNo } = insertLine(before[PATHS[file]]!, at, "");
        const after = { ...before, [PATHS[file]]: text };
        const name = PATHS[file].slice(ROOT.length + 1);
        const expected = run(before, strict).diagnostics.map((d) => shifted(d, name, lineNo));
        expect(run(after, strict).diagnostics.map(asIs)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
