import * as z from "zod";
import { CODES, UNSILENCEABLE } from "../core/codes.js";
import { APP_NAME_MAX, APP_NAME_PATTERN } from "../core/vocabulary.js";
import { TRIM } from "./validate.js";
import { AUTH_DESCRIPTIONS, manifestSchema, STRATEGY_DESCRIPTIONS } from "./schema.js";

/**
 * templates/falpub.schema.json, for editors (yaml-language-server, VS Code): the zod schema's
 * JSON Schema plus what editors show (per-value descriptions) and the rules of `falpub check`
 * that a schema can express. Those rules are findings falpub lets `ignore` silence, so each is
 * conditional on its code not being ignored: the schema rejects what check rejects, no more.
 * One deliberate difference: ignore[].code is an enum of today's codes (check only warns, FP010,
 * about a code that does not exist or was renumbered), so an editor completes and flags them.
 * Used only by `npm run schema` (and its drift test); at run time falpub reads the file.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const plain = (md: string) => md.replace(/`/g, "");

function describeValues(node: Json, descriptions: Record<string, string>): void {
  const values: string[] = node.enum;
  node.markdownEnumDescriptions = values.map((v) => descriptions[v] ?? "");
  node.enumDescriptions = node.markdownEnumDescriptions.map(plain);
}

/** `then` applies unless the manifest's `ignore` lists `code`. */
function unlessIgnored(code: string, then: Json): Json {
  const ignored = { required: ["ignore"], properties: { ignore: { contains: { required: ["code"], properties: { code: { const: code } } } } } };
  return { $comment: `falpub check: ${code} (lifted when ignore lists it)`, if: { not: ignored }, then };
}

const name = (rule: Json): Json => ({ properties: { app: { properties: { name: rule } } } });

export function manifestJsonSchema(): Json {
  const schema: Json = z.toJSONSchema(manifestSchema, { target: "draft-7" });
  const { app, billing, ignore } = schema.properties;
  describeValues(app.properties.auth, AUTH_DESCRIPTIONS);
  describeValues(billing.properties.strategy, STRATEGY_DESCRIPTIONS);
  const codeDescriptions = Object.fromEntries(
    Object.entries(CODES).map(([code, info]) => [code, `${info.severity}: ${info.summary}${UNSILENCEABLE.has(code) ? " Cannot be silenced." : ""}`]),
  );
  const code = ignore.items.properties.code;
  code.enum = Object.keys(CODES);
  delete code.pattern;
  describeValues(code, codeDescriptions);

  const textChunk = { required: ["billing"], properties: { billing: { required: ["strategy"], properties: { strategy: { const: "per_text_chunk" } } } } };
  schema.allOf = [
    unlessIgnored("FP101", { properties: { app: { properties: { auth: { const: "shared", description: "Marketplace apps must be shared (FP101)." } } } } }),
    // check reports one name problem, the first of: `--` (FP503), too long (FP504), not kebab-case (FP501).
    unlessIgnored("FP503", name({ not: { pattern: "--" } })),
    unlessIgnored("FP504", name({ anyOf: [{ pattern: "--" }, { maxLength: APP_NAME_MAX }] })),
    unlessIgnored("FP501", name({ anyOf: [{ pattern: APP_NAME_PATTERN.source }, { pattern: "--" }, { minLength: APP_NAME_MAX + 1 }] })),
    unlessIgnored("FP202", { if: textChunk, then: { properties: { billing: { required: ["chunk_chars"] } } } }),
  ];
  return {
    $schema: schema.$schema,
    $comment: "Generated from src/manifest/schema.ts by `npm run schema`; do not edit.",
    title: "falpub manifest (falpub.yaml)",
    ...schema,
  };
}

/** What validation reads; the rest (descriptions, examples, defaults) is for editors. */
const VALIDATION_KEYWORDS = new Set(["type", "const", "enum", "pattern", "minLength", "minimum", "maximum", "exclusiveMinimum", "required", "properties", "additionalProperties", "items", "propertyNames", TRIM]);
const DOC_KEYWORDS = new Set(["$schema", "description", "markdownDescription", "examples", "default"]);
// zod types and checks src/manifest/validate.ts reproduces; anything else fails `npm run schema`.
const TYPES = new Set(["object", "optional", "string", "number", "boolean", "literal", "enum", "array", "record", "unknown"]);
const CHECKS = new Set(["min_length", "string_format", "greater_than", "number_format", "overwrite"]);

/**
 * src/manifest/validation.json: the zod schema as the JSON Schema subset the fast validator
 * interprets (zod stays off the path of a valid manifest). JSON Schema cannot say that zod trims
 * a string before its checks and returns it trimmed: `x-trim` says so.
 */
export function validationSchema(): Json {
  const schema = z.toJSONSchema(manifestSchema, { target: "draft-7", override: ({ zodSchema, jsonSchema }) => mark(zodSchema, jsonSchema) });
  return strip(schema);
}

function mark(zodSchema: z.core.$ZodTypes | z.ZodType, json: Json): void {
  const def = zodSchema._zod.def as Json;
  if (!TYPES.has(def.type)) throw new Error(`validation.json: zod type ${def.type} is not reproduced by validate.ts`);
  const checks: Json[] = [...(def.check ? [def] : []), ...(def.checks ?? []).map((c: z.core.$ZodCheck) => c._zod.def)];
  // A pattern from .meta() is for editors (zod does not test it): only a regex check's pattern is validation.
  if (def.type === "string" && !checks.some((c) => c.check === "string_format")) delete json.pattern;
  for (const check of checks) {
    if (!CHECKS.has(check.check)) throw new Error(`validation.json: zod check ${check.check} is not reproduced by validate.ts`);
    if (check.check === "string_format" && (check.format !== "regex" || check.pattern.flags !== "")) throw new Error(`validation.json: string format ${check.format} /${check.pattern?.flags}`);
    if (check.check === "number_format" && check.format !== "safeint") throw new Error(`validation.json: number format ${check.format}`);
    if (check.check === "overwrite") {
      if (check !== checks[0]) throw new Error("validation.json: a string transform after a check (validate.ts trims first)");
      // The only transform validate.ts knows is trim: make sure this one is.
      const probes = [" a ", "\u00a0\tb\n\u2028", "c", "\ufeffd\u3000"];
      if (!probes.every((p) => check.tx(p) === p.trim())) throw new Error("validation.json: a string transform other than trim()");
      json[TRIM] = true;
    }
  }
}

function strip(node: unknown): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_KEYWORDS.has(key)) continue;
    if (!VALIDATION_KEYWORDS.has(key)) throw new Error(`validation.json: JSON Schema keyword ${key} is not interpreted by validate.ts`);
    // properties' keys are names, not keywords.
    if (key === "properties") out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, strip(v)]));
    else out[key] = key === "const" || key === "enum" || key === "required" ? value : strip(value);
  }
  return out;
}
