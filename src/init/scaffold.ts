/**
 * The `init` scaffold as a pure function: names in, file contents out. Templates are
 * read through an injected function so this module never touches the disk.
 *
 * Layout of templates/: one `<strategy>/app.py` and `<strategy>/falpub.yaml` per billing
 * strategy (the apps differ in inputs, outputs and the billing line, and a whole readable
 * file per strategy beats snippets stitched together), plus `common/` for the rest.
 */

import { finding } from "../core/findings.js";
import { formatMessage } from "../core/messages.js";
import { BILLING_STRATEGIES, type BillingStrategy } from "../core/vocabulary.js";
import { VERSION } from "../meta.js";
import { appNameProblem } from "../rules/naming.js";

/** One line for the generated README per strategy. */
const BILLING_SUMMARY: Record<BillingStrategy, string> = {
  per_image: "per image; the endpoint reports the number of images in `x-fal-billable-units`.",
  per_megapixel:
    "per megapixel; the endpoint reports `ceil(width × height / 1024²)` per image, summed, in `x-fal-billable-units`.",
  per_video_second:
    "per second of video generated; the endpoint reports frames / fps in `x-fal-billable-units`.",
  per_text_chunk:
    "per 1000 characters of input text (rounded up, at least 1), reported in `x-fal-billable-units`.",
  per_request: "a flat price per request; the endpoint reports `1` in `x-fal-billable-units`.",
  gpu_seconds:
    "GPU seconds: the app sets no `x-fal-billable-units` header, so fal bills per second of runner time.",
};

export interface ScaffoldOptions {
  appName: string;
  className: string;
  strategy: BillingStrategy;
  /** fal machine type, e.g. "GPU-H100" or "S". */
  machineType: string;
}

/** Reads a template file by its path relative to templates/, e.g. "common/README.md". */
export type ReadTemplate = (relPath: string) => string;

export interface ScaffoldFile {
  /** Relative to the target directory, with forward slashes. */
  path: string;
  content: string;
}

/** Where init puts the manifest's JSON Schema: the manifest's modeline points here, so editors work offline. */
export const SCHEMA_PATH = ".falpub/falpub.schema.json";
/** The schema as shipped in templates/ (copied verbatim: it has no placeholders). */
export const SCHEMA_TEMPLATE = "falpub.schema.json";

/** Target path → template path. Dotfiles are stored without the dot because npm drops `.gitignore` from packages. */
function fileMap(strategy: BillingStrategy): Array<[string, string]> {
  return [
    ["falpub.yaml", `${strategy}/falpub.yaml`],
    [SCHEMA_PATH, SCHEMA_TEMPLATE],
    ["app.py", `${strategy}/app.py`],
    ["pyproject.toml", "common/pyproject.toml"],
    ["README.md", "common/README.md"],
    [".gitignore", "common/gitignore"],
    [".github/workflows/falpub.yml", "common/github/workflows/falpub.yml"],
  ];
}

const APP_NAME_MAX = 63;

/** Error message, or undefined when the name is fine: the same rule as `falpub check` (FP501). */
export function validateAppName(name: string): string | undefined {
  if (name === "") return "The app name is empty.";
  const code = appNameProblem(name);
  if (code === undefined) return undefined;
  // The words of `falpub check`'s finding, without where the name came from.
  const at = { file: "", line: 1, column: 1 };
  return formatMessage(code === "FP504" ? finding(code, at, { name, length: name.length }) : finding(code, at, { name }));
}

/** Names app.py defines or imports at module level; the app class must not shadow them. */
const TAKEN_CLASS_NAMES = new Set([
  "Input", "Output", "Image", "Video", "Audio", "HealthStatus", "PlaceholderModel",
  "Response", "BaseModel", "Field", "True", "False", "None",
]);

export function validateClassName(name: string): string | undefined {
  if (name === "") return "The class name is empty.";
  if (!/^[A-Z][A-Za-z0-9_]*$/.test(name)) {
    return "The class name must be a Python identifier in PascalCase, starting with an uppercase letter (e.g. TextToImage).";
  }
  if (TAKEN_CLASS_NAMES.has(name)) {
    return `The class name ${name} clashes with a name app.py already uses; pick another.`;
  }
  return undefined;
}

/** Split "TextToImage", "text_to image", "ONNXModel" or "my-app2" into lowercase words. */
function words(input: string): string[] {
  const base = input.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "";
  const ascii = base.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return ascii
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Names from a directory name or `--name`: kebab-case app name, PascalCase class.
 * Falls back to my-app / MyApp when nothing usable is left (fal suggests the same).
 */
export function deriveNames(input: string): { appName: string; className: string } {
  const parts = words(input);
  if (parts.length === 0) return { appName: "my-app", className: "MyApp" };

  let appName = parts.join("-");
  if (appName.length > APP_NAME_MAX) appName = appName.slice(0, APP_NAME_MAX).replace(/-+$/, "");

  let className = parts.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (/^[0-9]/.test(className)) className = `App${className}`;
  if (TAKEN_CLASS_NAMES.has(className)) className = `${className}App`;
  return { appName, className };
}

/** "text-to-image" → "Text To Image": the default listing title. */
export function titleFromAppName(appName: string): string {
  return appName
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}

const MACHINE_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** `{{name}}` without spaces, so GitHub's `${{ secrets.X }}` is left alone. */
const PLACEHOLDER_RE = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/** Render every file of the scaffold. Throws on invalid options or a broken template. */
export function renderScaffold(options: ScaffoldOptions, readTemplate: ReadTemplate): ScaffoldFile[] {
  const { appName, className, strategy, machineType } = options;
  if (!(BILLING_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new Error(`Unknown billing strategy ${JSON.stringify(strategy)}; expected one of ${BILLING_STRATEGIES.join(", ")}.`);
  }
  const problem = validateAppName(appName) ?? validateClassName(className);
  if (problem) throw new Error(problem);
  // The value lands inside a Python string literal; keep it to the characters fal's names use.
  if (!MACHINE_TYPE_RE.test(machineType)) {
    throw new Error(`Invalid machine type ${JSON.stringify(machineType)} (expected e.g. GPU-H100 or S).`);
  }

  const values: Record<string, string> = {
    appName,
    className,
    machineType,
    strategy,
    title: titleFromAppName(appName),
    billingSummary: BILLING_SUMMARY[strategy],
    // The workflow runs exactly the falpub that wrote it.
    falpubVersion: VERSION,
  };

  return fileMap(strategy).map(([path, template]) => ({
    path,
    content: template === SCHEMA_TEMPLATE ? readTemplate(template) : readTemplate(template).replace(PLACEHOLDER_RE, (_, key: string) => {
      if (!Object.hasOwn(values, key)) throw new Error(`Template ${template} uses an unknown placeholder {{${key}}}.`);
      return values[key];
    }),
  }));
}
