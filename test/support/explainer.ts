// vitest setupFiles: tests call loadManifest / loadProject directly, synchronously; in the CLI
// `falpub check` installs the explainer (zod) only when a manifest breaks the schema.
import { explainManifest } from "../../src/manifest/explain.js";
import { useExplainer } from "../../src/manifest/load.js";

useExplainer(explainManifest);
