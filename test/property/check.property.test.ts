import fc from "fast-check";
import { expect, test } from "vitest";
import type { Finding } from "../../src/core/findings.js";
import { CODES } from "../../src/core/codes.js";
import { formatMessage } from "../../src/core/messages.js";
import { baseline, judgeProject, ROOT, type Files } from "../support/memfs.js";

/*
 * Random and mutated projects through loadProject + judge (the whole `falpub check` core):
 * it never throws, and every finding has a known code and a position inside its file.
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

interface Case {
  manifest: Mutation[];
  app: Mutation[];
  pyproject: Mutation[];
  ignore: string | undefined;
  /** Replace a whole file with random text. */
  random: { file: "manifest" | "app" | "pyproject"; text: string } | undefined;
  drop: "app" | "pyproject" | undefined;
  strict: boolean;
}

/** Mostly absent: `arb` in about one case out of `every`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const caseArb: fc.Arbitrary<Case> = fc.record({
  manifest: mutations(yamlTokens, yamlValue),
  app: mutations(pyTokens, pyValue),
  pyproject: mutations(tomlTokens, tomlValue),
  ignore: sometimes(ignoreEntry, 4),
  random: sometimes(
    fc.record({
      file: fc.constantFrom("manifest" as const, "app" as const, "pyproject" as const),
      text: fc.oneof(fc.string({ maxLength: 200, unit: "grapheme" }), fc.string({ maxLength: 100, unit: "binary" })),
    }),
    10,
  ),
  drop: sometimes(fc.constantFrom("app" as const, "pyproject" as const), 10),
  strict: fc.boolean(),
});

function build(c: Case): Files {
  const f = baseline();
  f[MANIFEST] = c.manifest.reduce(mutate, f[MANIFEST]!) + (c.ignore ?? "");
  f[APP] = c.app.reduce(mutate, f[APP]!);
  f[PYPROJECT] = c.pyproject.reduce(mutate, f[PYPROJECT]!);
  if (c.random) f[{ manifest: MANIFEST, app: APP, pyproject: PYPROJECT }[c.random.file]] = c.random.text;
  if (c.drop) delete f[c.drop === "app" ? APP : PYPROJECT];
  return f;
}

/**
 * Lines as the parsers may count them: TOML and YAML end lines at \n only, Python and
 * editors also at a lone \r. A position is fine when it fits either way.
 */
const splits = (text: string) => [text.split("\n"), text.split(/\r\n|\r|\n/)];
function fits(text: string, line: number, column: number): boolean {
  return splits(text).some((ls) => {
    if (line === ls.length + 1) return column === 1; // just past the end: only its start
    const l = ls[line - 1];
    return l !== undefined && column <= l.length + 1;
  });
}

function checkInvariants(files: Files, diagnostics: Finding[], strict: boolean): void {
  for (const d of diagnostics) {
    const info = CODES[d.code as keyof typeof CODES];
    expect(info, `unknown code ${d.code}`).toBeDefined();
    expect(d.severity).toBe(strict && info.severity === "warning" ? "error" : info.severity);
    const { file, line, column } = d.at;
    expect(typeof file === "string" && file.length > 0, `empty file in ${d.code}`).toBe(true);
    // Every finding has words: the formatter knows its code and its args suit it.
    expect(formatMessage(d).length > 0 && !formatMessage(d).includes("undefined"), `${d.code}: ${formatMessage(d)}`).toBe(true);
    expect(Number.isInteger(line) && line >= 1, `${d.code} line ${line}`).toBe(true);
    expect(Number.isInteger(column) && column >= 1, `${d.code} column ${column}`).toBe(true);
    const text = files[`${ROOT}/${file}`];
    expect(text, `${d.code} names ${file}, which is not a project file`).toBeDefined();
    const place = `${d.code}@${file}:${line}:${column}`;
    expect(line, `${place} is past the end of the file`).toBeLessThanOrEqual(Math.max(...splits(text!).map((ls) => ls.length)) + 1);
    expect(fits(text!, line, column), `${place} is past the end of its line`).toBe(true);
  }
}

test("loadProject + judge on random and mutated projects: no throw, every finding well-placed", () => {
  let runs = 0;
  const started = performance.now();
  fc.assert(
    fc.property(caseArb, (c) => {
      runs++;
      const files = build(c);
      const { diagnostics } = judgeProject(files, { strict: c.strict });
      checkInvariants(files, diagnostics, c.strict);
    }),
    { numRuns: NUM_RUNS },
  );
  console.log(`property runs: ${runs} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  expect(runs).toBeGreaterThanOrEqual(NUM_RUNS);
  // ~30 s alone on a 2-core machine; the margin is for a busy machine, not for more work.
}, 180_000);
