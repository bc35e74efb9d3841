import { readFileSync } from "node:fs";
import path from "node:path";
import { SCHEMA_TEMPLATE } from "../init/scaffold.js";
import { findTemplatesDir } from "../init/templates.js";
import { EXIT } from "../errors.js";
import type { CommandIO } from "./io.js";

/** `falpub schema`: print the manifest's JSON Schema as shipped (the file init copies beside the manifest). */
export function runSchema(io: Pick<CommandIO, "out">): number {
  io.out(readFileSync(path.join(findTemplatesDir(), SCHEMA_TEMPLATE), "utf8"));
  return EXIT.ok;
}
