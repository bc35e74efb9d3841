/**
 * A parser's slow parts are needed only off its plain path: yaml for a manifest fast-yaml.ts does
 * not take, zod for one validate.ts rejects, lezer for Python fast-parse.ts does not take. Only
 * an async caller can import them (commands/disk.ts `withSlowParts`), so a synchronous loader
 * asks for the one it lacks by throwing SlowPartMissing, and is run again once it is loaded.
 */
export type SlowPartName = "parseYaml" | "explain" | "pythonParser";

export class SlowPartMissing extends Error {
  constructor(
    readonly part: SlowPartName,
    readonly file: string,
  ) {
    super(`${file}: the loader's ${part} part is not loaded`);
  }
}
