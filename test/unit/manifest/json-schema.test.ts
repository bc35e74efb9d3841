/**
 * The JSON Schema editors use must agree with `falpub check` on what is wrong in a manifest:
 * on each manifest of the table, ajv's verdict on templates/falpub.schema.json equals falpub's
 * (an error located in falpub.yaml), for a real app (the per_text_chunk scaffold) beside it.
 * Out of the schema's reach, so not in the table: YAML syntax and duplicate keys (the schema
 * sees parsed data), key-like secrets (FP601), and what needs the code (FP008/FP009, FP1xx/FP5xx
 * cross-checks, which report in app.py or pyproject.toml).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { renderScaffold } from "../../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../../src/init/templates.js";
import { loadProject, type FileReader } from "../../../src/project.js";
import { judge } from "../../../src/rules/index.js";

const templates = findTemplatesDir();
const schema = JSON.parse(readFileSync(path.join(templates, "falpub.schema.json"), "utf8"));
const ajv = new Ajv({ allErrors: true });
ajv.addVocabulary(["markdownDescription", "enumDescriptions", "markdownEnumDescriptions"]);
const validate = ajv.compile(schema);

const root = "/virtual/app";
const manifestPath = path.join(root, "falpub.yaml");
const scaffold = new Map(
  renderScaffold({ appName: "sound-maker", className: "SoundMaker", strategy: "per_text_chunk", machineType: "S" }, readTemplatesFrom(templates)).map(
    (f) => [path.join(root, f.path), f.content] as const,
  ),
);
type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const base: Manifest = parse(scaffold.get(manifestPath)!);

/** falpub's verdict: the codes of the errors it reports in the manifest itself. */
function falpubErrors(manifest: Manifest): string[] {
  const files = new Map(scaffold);
  files.set(manifestPath, stringify(manifest));
  const io: FileReader = { readText: (file) => files.get(file), exists: (file) => files.has(file) };
  const { facts, diagnostics } = loadProject(manifestPath, files.get(manifestPath)!, io, root);
  return judge(facts, diagnostics, false).diagnostics.filter((d) => d.severity === "error" && path.resolve(root, d.at.file) === manifestPath).map((d) => d.code);
}

const edit = (change: (m: Manifest) => void) => () => {
  const m = structuredClone(base);
  change(m);
  return m;
};
const ignoring = (code: string) => [{ code, reason: "checked by hand" }];

const accepted: Array<[string, () => Manifest]> = [
  ["the scaffold as init writes it", edit(() => {})],
  ["only the required keys", edit((m) => {
    m.app = { ref: m.app.ref, auth: "shared" };
    m.billing = { strategy: "per_text_chunk", chunk_chars: 1000 };
    delete m.marketplace;
  })],
  ["every optional key", edit((m) => {
    Object.assign(m.app, { team: "my-team", environment: "staging", strategy: "recreate", reset_scale: false });
    Object.assign(m.billing, { unit_price_usd: 0.01, examples: [{ endpoint: "/", input: { text: "hello" }, units: 1 }] });
  })],
  ["reset_scale true", edit((m) => (m.app.reset_scale = true))],
  ["a one-character and a 63-character name", edit((m) => (m.app.name = "a"))],
  ["a 63-character name", edit((m) => (m.app.name = "a".repeat(63)))],
  ["an ignored finding that fires (FP701: no title)", edit((m) => {
    delete m.marketplace.title;
    m.ignore = ignoring("FP701");
  })],
  ["an ignore entry that silences nothing (FP010 is a warning)", edit((m) => (m.ignore = ignoring("FP404")))],
  ["another strategy without chunk_chars (its mismatch with the code is reported in app.py)", edit((m) => {
    m.billing = { strategy: "per_request" };
  })],
  ["per_text_chunk without chunk_chars, FP202 ignored", edit((m) => {
    delete m.billing.chunk_chars;
    m.ignore = ignoring("FP202");
  })],
  ["a name that is not kebab-case, FP501 ignored", edit((m) => {
    m.app.name = "Sound_Maker";
    m.ignore = ignoring("FP501");
  })],
  ["a name with --, FP503 ignored", edit((m) => {
    m.app.name = "sound--maker";
    m.ignore = ignoring("FP503");
  })],
  ["a 64-character name, FP504 ignored", edit((m) => {
    m.app.name = "a".repeat(64);
    m.ignore = ignoring("FP504");
  })],
  ["auth private, FP101 ignored (the code's app_auth still disagrees: reported in app.py)", edit((m) => {
    m.app.auth = "private";
    m.ignore = ignoring("FP101");
  })],
];

const rejected: Array<[string, () => Manifest]> = [
  ["an unknown top-level key", edit((m) => (m.deploy = { fast: true }))],
  ["an unknown key under app", edit((m) => (m.app.nmae = "x"))],
  ["version 2", edit((m) => (m.version = 2))],
  ["version as a string", edit((m) => (m.version = "1"))],
  ["no version", edit((m) => delete m.version)],
  ["no app.ref", edit((m) => delete m.app.ref)],
  ["a blank app.ref", edit((m) => (m.app.ref = "   "))],
  ["no app.auth", edit((m) => delete m.app.auth)],
  ["auth private", edit((m) => (m.app.auth = "private"))],
  ["auth public", edit((m) => (m.app.auth = "public"))],
  ["auth in the wrong case", edit((m) => (m.app.auth = "Shared"))],
  ["no billing", edit((m) => delete m.billing)],
  ["no billing.strategy", edit((m) => (m.billing = { chunk_chars: 1000 }))],
  ["an unknown strategy", edit((m) => (m.billing.strategy = "per_token"))],
  ["per_text_chunk without chunk_chars", edit((m) => delete m.billing.chunk_chars)],
  ["chunk_chars 0", edit((m) => (m.billing.chunk_chars = 0))],
  ["chunk_chars not an integer", edit((m) => (m.billing.chunk_chars = 2.5))],
  ["chunk_chars as a string", edit((m) => (m.billing.chunk_chars = "1000"))],
  ["a zero unit price", edit((m) => (m.billing.unit_price_usd = 0))],
  ["a name with an underscore and capitals", edit((m) => (m.app.name = "Sound_Maker"))],
  ["a name with --", edit((m) => (m.app.name = "sound--maker"))],
  ["a name ending in -", edit((m) => (m.app.name = "sound-"))],
  ["a 64-character name", edit((m) => (m.app.name = "a".repeat(64)))],
  ["an empty name", edit((m) => (m.app.name = ""))],
  ["an unknown deployment strategy", edit((m) => (m.app.strategy = "blue-green"))],
  ["reset_scale as a string", edit((m) => (m.app.reset_scale = "yes"))],
  ["an ignore code in lowercase", edit((m) => (m.ignore = ignoring("fp404")))],
  ["an ignore entry without a reason", edit((m) => (m.ignore = [{ code: "FP404" }]))],
  ["an ignore entry with an extra key", edit((m) => (m.ignore = [{ code: "FP404", reason: "r", until: "2027" }]))],
  ["ignore as a mapping", edit((m) => (m.ignore = { FP404: "r" }))],
  ["a blank marketplace title", edit((m) => (m.marketplace.title = " "))],
  ["example_input as a string", edit((m) => (m.marketplace.example_input = "hello"))],
  ["a billing example without units", edit((m) => (m.billing.examples = [{ input: { text: "hello" } }]))],
  ["a billing example with negative units", edit((m) => (m.billing.examples = [{ input: { text: "hello" }, units: -1 }]))],
  ["the manifest is a list", () => [base] as unknown as Manifest],
];

describe("the JSON Schema agrees with falpub check", () => {
  it.each(accepted)("accepts %s", (_, make) => {
    const m = make();
    expect(falpubErrors(m)).toEqual([]);
    expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
  });
  it.each(rejected)("rejects %s", (_, make) => {
    const m = make();
    expect(falpubErrors(m)).not.toEqual([]);
    expect(validate(m)).toBe(false);
  });
});

describe("where the schema is stricter than check on purpose", () => {
  // ignore[].code is an enum of today's codes, so editors complete it and flag a typo or a
  // renumbered code at once; check only warns about such an entry (FP010), as it does about any
  // entry that silences nothing.
  it.each([["a code falpub does not have", "FP999"], ["a code renumbered away in 0.2", "FP804"]])("flags %s in ignore", (_, code) => {
    const m = edit((x) => (x.ignore = ignoring(code)))();
    expect(falpubErrors(m)).toEqual([]);
    expect(validate(m)).toBe(false);
  });
});

describe("what editors show", () => {
  it("describes every value of billing.strategy, app.auth and ignore[].code in Markdown", () => {
    const { app, billing, ignore } = schema.properties;
    for (const node of [app.properties.auth, billing.properties.strategy, ignore.items.properties.code]) {
      expect(node.markdownEnumDescriptions).toHaveLength(node.enum.length);
      expect(node.markdownEnumDescriptions.every((d: string) => d.length > 10)).toBe(true);
    }
    expect(ignore.items.properties.code.enum).toContain("FP404");
    expect(billing.properties.strategy.markdownEnumDescriptions[billing.properties.strategy.enum.indexOf("per_megapixel")]).toMatch(/1024²/);
  });
  it("gives every key a Markdown description, and optional keys with a default their default", () => {
    const missing: string[] = [];
    const walk = (node: Manifest, at: string) => {
      for (const [key, child] of Object.entries<Manifest>(node.properties ?? {})) {
        if (!child.markdownDescription) missing.push(`${at}${key}`);
        walk(child.type === "array" ? child.items : child, `${at}${key}.`);
      }
    };
    walk(schema, "");
    expect(missing).toEqual([]);
    expect(schema.properties.app.properties.strategy.default).toBe("rolling");
  });
});
