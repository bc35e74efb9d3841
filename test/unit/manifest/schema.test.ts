import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { manifestJsonSchema, validationSchema } from "../../../src/manifest/json-schema.js";

// `npm run schema` (UPDATE_SCHEMA=1) writes both files; these tests fail when either drifts from src/manifest/schema.ts.
const generated = [
  ["templates/falpub.schema.json", manifestJsonSchema],
  ["src/manifest/validation.json", validationSchema],
] as const;

test.each(generated)("the committed %s is generated from the zod schema (run `npm run schema` after changing it)", (file, make) => {
  const committed = fileURLToPath(new URL(`../../../${file}`, import.meta.url));
  const text = JSON.stringify(make(), null, 2) + "\n";
  if (process.env.UPDATE_SCHEMA) writeFileSync(committed, text);
  expect(readFileSync(committed, "utf8")).toBe(text);
});
