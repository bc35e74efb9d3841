import { explainManifest } from "../manifest/explain.js";
import { useExplainer } from "../manifest/load.js";
import type { LoadedProject } from "../project.js";
import { readProject } from "./disk.js";

export { diskReader, MANIFEST_NAMES, resolveManifest } from "./disk.js";

/**
 * Read and analyse one app, synchronously, with the schema explainer (zod) loaded up front: for
 * deploy and the platform commands, which load zod anyway (the platform's response shapes).
 * `falpub check` uses disk.ts instead and loads zod only for a manifest that breaks the schema.
 */
export function loadFromDisk(manifestPath: string, cwd: string, refOverride?: string): LoadedProject {
  useExplainer(explainManifest);
  return readProject(manifestPath, cwd, refOverride);
}
