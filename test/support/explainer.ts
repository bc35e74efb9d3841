// vitest setupFiles: tests call loadManifest / loadProject / analysePython directly,
// synchronously; `falpub check` installs yaml, the explainer (zod) and lezer only for an app
// that needs them (core/slow-parts.ts).
import { explainManifest } from "../../src/manifest/explain.js";
import { useSlowParts } from "../../src/manifest/load.js";
import { parseYamlManifest } from "../../src/manifest/yaml-parse.js";
import { lezerParse } from "../../src/python/lezer-parse.js";
import { usePythonParser } from "../../src/python/parse.js";

useSlowParts({ parseYaml: parseYamlManifest, explain: explainManifest });
usePythonParser(lezerParse);
