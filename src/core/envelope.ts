/**
 * The one envelope of every JSON document falpub prints (check, deploy, errors): consumers
 * read `schemaVersion` first; the shape of the rest changes only with it.
 */
export const SCHEMA_VERSION = 1;

export type JsonDocument<T extends object = Record<string, unknown>> = { schemaVersion: number; tool: { name: "falpub"; version: string } } & T;

export function envelope<T extends object>(toolVersion: string, body: T): JsonDocument<T> {
  return { schemaVersion: SCHEMA_VERSION, tool: { name: "falpub", version: toolVersion }, ...body };
}

/** As printed on stdout: 2-space indent, one trailing newline. */
export function jsonText(doc: object): string {
  return JSON.stringify(doc, null, 2) + "\n";
}
