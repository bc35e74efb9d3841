import { explainManifest } from "../manifest/explain.js";
import { useSlowParts } from "../manifest/load.js";
import { parseYamlManifest } from "../manifest/yaml-parse.js";
import type { LoadedProject } from "../project.js";
import { readProject } from "./disk.js";

export { diskReader, MANIFEST_NAMES, resolveManifest } from "./disk.js";

/**
 * Read and analyse one app, synchronously, with yaml and the schema explainer (zod) loaded up front: for
 * deploy and the platform commands, which load zod anyway (the platform's response shapes).
 * `falpub check` uses disk.ts instead and loads them only for a manifest that needs them.
 */
export function loadFromDisk(manifestPath: string, cwd: string, refOverride?: string): LoadedProject {
  useSlowParts({ parseYaml: parseYamlManifest, explain: explainManifest });
  return readProject(manifestPath, cwd, refOverride);
}
