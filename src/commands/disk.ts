import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { usageError } from "../errors.js";
import { MANIFEST_NAMES } from "../discovery.js";
import { SlowPartMissing, type SlowPartName } from "../core/slow-parts.js";
import { useSlowParts } from "../manifest/load.js";
import { usePythonParser } from "../python/parse.js";
import { loadProject, type FileReader, type LoadedProject } from "../project.js";


/** The real file system, for the pure project loader. */
export const diskReader: FileReader = {
  readText(file) {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  },
  exists(file) {
    try {
      statSync(file);
      return true;
    } catch {
      return false;
    }
  },
};

/** A path the user gave (manifest file or a directory holding one) → the manifest file. */
export function resolveManifest(given: string, cwd: string): string {
  const full = path.resolve(cwd, given);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    throw usageError(`${given}: no such file or directory.`, "Pass a falpub.yaml or a directory that holds one; `falpub init` writes one.");
  }
  if (stat.isFile()) return full;
  for (const name of MANIFEST_NAMES) {
    const candidate = path.join(full, name);
    if (diskReader.exists(candidate)) return candidate;
  }
  throw usageError(`No falpub.yaml in ${given === "." ? "the current directory" : given}.`, "Run `falpub init` to scaffold one, or pass the manifest's path.");
}

/**
 * Read and analyse one app. Unreadable manifests are usage errors; everything else is a finding.
 * Throws SlowPartMissing for an app that needs yaml, zod or lezer before it is loaded: run it
 * inside `withSlowParts`.
 */
export function readProject(manifestPath: string, cwd: string, refOverride?: string): LoadedProject {
  const text = diskReader.readText(manifestPath);
  if (text === undefined) throw usageError(`Cannot read ${path.relative(cwd, manifestPath)}.`);
  return loadProject(manifestPath, text, diskReader, cwd, refOverride);
}

/**
 * yaml (~10 ms to import) for a text fast-yaml does not take; zod (~18 ms, ~3 MiB) for a manifest
 * that breaks the schema; lezer (15-25 ms) for Python fast-parse.ts does not take.
 */
export async function loadSlowPart(part: SlowPartName): Promise<void> {
  if (part === "parseYaml") useSlowParts({ parseYaml: (await import("../manifest/yaml-parse.js")).parseYamlManifest });
  else if (part === "explain") useSlowParts({ explain: (await import("../manifest/explain.js")).explainManifest });
  else usePythonParser((await import("../python/lezer-parse.js")).lezerParse);
}

/** `load()`, again after loading each slow part it met missing (at most once each). */
export async function withSlowParts<T>(load: () => T): Promise<T> {
  for (;;) {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof SlowPartMissing)) throw error;
      await loadSlowPart(error.part);
    }
  }
}
