// vitest setupFiles: tests call loadManifest / loadProject directly, synchronously; in the CLI
// `falpub check` installs yaml and the explainer (zod) only for a manifest that needs them.
import { explainManifest } from "../../src/manifest/explain.js";
import { useSlowParts } from "../../src/manifest/load.js";
import { parseYamlManifest } from "../../src/manifest/yaml-parse.js";

useSlowParts({ parseYaml: parseYamlManifest, explain: explainManifest });
