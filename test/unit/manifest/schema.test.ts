import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { manifestJsonSchema } from "../../../src/manifest/json-schema.js";

const committed = fileURLToPath(new URL("../../../templates/falpub.schema.json", import.meta.url));

test("the committed JSON Schema is generated from the zod schema (run `npm run schema` after changing it)", () => {
  const generated = JSON.stringify(manifestJsonSchema(), null, 2) + "\n";
  if (process.env.UPDATE_SCHEMA) writeFileSync(committed, generated);
  expect(readFileSync(committed, "utf8")).toBe(generated);
});
