import * as z from "zod";
import { CODES, UNSILENCEABLE } from "../core/codes.js";
import { APP_NAME_MAX, APP_NAME_PATTERN } from "../core/vocabulary.js";
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
