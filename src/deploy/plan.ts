import type { PartialManifest } from "../manifest/load.js";
import type { DeployRequest } from "../fal/types.js";
import { EXIT } from "../errors.js";

/**
 * What the user typed after `falpub deploy`, with "not given" (undefined) kept apart from
 * false. Same meaning as in DeployRequest, except for two fields taken as typed.
 */
export type DeployFlags = Partial<
  Pick<DeployRequest, "ref" | "appName" | "strategy" | "attach" | "resetScale" | "noCache" | "forceEnvBuild" | "message" | "env" | "team" | "check">
> & {
  /** Any mode the user typed; planDeploy refuses all but shared. */
  auth?: string;
  /** KEY=VALUE strings, validated by planDeploy. */
  annotations?: string[];
};

/** What git says about the app's directory, for the revision's provenance (message, GIT_SHA annotation); read by src/git.ts. */
export interface GitInfo {
  sha: string;
  subject: string;
  /** Uncommitted changes (tracked or untracked). */
  dirty: boolean;
}

export type Plan =
  | { ok: true; request: DeployRequest; notes: string[] }
  | { ok: false; exitCode: number; reason: string; hint?: string };

// Limits fal enforces on revision metadata (fal/api/deploy.py).
const MAX_MESSAGE = 2048;
const MAX_ANNOTATIONS = 32;
const MAX_ANNOTATION_KEY = 64;
const MAX_ANNOTATIONS_JSON = 16384;
const RESERVED_ANNOTATION_KEYS = ["openapi", "message", "annotations"];

/**
 * The size fal checks: `len(json.dumps(annotations, ensure_ascii=False).encode("utf-8"))`,
 * i.e. UTF-8 bytes with Python's `", "` and `": "` separators (one more byte each than JSON.stringify).
 */
export function annotationsBytes(annotations: Array<[string, string]>): number {
  const n = annotations.length;
  return Buffer.byteLength(JSON.stringify(Object.fromEntries(annotations)), "utf8") + (n === 0 ? 0 : 2 * n - 1);
}

/** A ref fal reads as a pyproject app name: no `::` past index 1 and not ending in .py. */
export function isAppNameRef(ref: string): boolean {
  return !(ref.indexOf("::") > 1) && !ref.endsWith(".py");
}

/**
 * Merge flags over manifest values and decide what `fal deploy` gets, or refuse with the
 * reason fal would give (up front, before anything runs). Pure.
 */
export function planDeploy(flags: DeployFlags, manifest: PartialManifest, git: GitInfo | undefined): Plan {
  const refuse = (reason: string, hint?: string, exitCode: number = EXIT.usage): Plan => ({ ok: false, exitCode, reason, hint });
  const app = manifest.app ?? {};
  const notes: string[] = [];

  const ref = flags.ref ?? app.ref;
  if (!ref) return refuse("No app to deploy: give an app ref or set `app.ref` in falpub.yaml.");
  const byName = isAppNameRef(ref);

  const auth = flags.auth ?? app.auth;
  if (auth !== "shared") {
    return refuse(
      auth === undefined
        ? "No auth mode: the Marketplace needs `shared` (callers pay with their own fal key)."
        : `Refusing to deploy with auth \`${auth}\`: the Marketplace needs \`shared\`, where callers pay with their own fal key (private: only your team can call it; public: you pay for every caller).`,
      "Set `auth: shared` in falpub.yaml (and `app_auth = \"shared\"` in the class), or pass --auth shared.",
      EXIT.projectErrors,
    );
  }
  if (!manifest.billing?.strategy) {
    return refuse(
      "No billing strategy declared: Marketplace callers are billed per unit the app reports in x-fal-billable-units; without one fal bills GPU seconds.",
      "Add `billing: { strategy: per_image | per_megapixel | per_video_second | per_text_chunk | per_request | gpu_seconds }` to falpub.yaml.",
      EXIT.projectErrors,
    );
  }

  if (byName && (flags.auth !== undefined || flags.appName !== undefined)) {
    return refuse("Cannot use --app-name or --auth with app name reference. (fal's own rule)", `Set \`auth\` and \`name\` in [tool.fal.apps.${ref}] of pyproject.toml, or deploy \`file.py::Class\`.`);
  }
  const strategy = flags.strategy ?? app.strategy;
  if (flags.attach !== undefined && strategy === "recreate") {
    return refuse("--attach/--detach only applies to rolling deployments. Use --strategy rolling or remove the attach flag. (fal's own rule)");
  }
  if (byName && (flags.strategy !== undefined || flags.resetScale !== undefined)) {
    notes.push("With an app-name ref fal ignores --strategy, --reset-scale and --no-scale; set deployment_strategy and app_scale_settings in pyproject.toml.");
  }
  if (flags.forceEnvBuild) notes.push("--force-env-build is deprecated by fal; use --no-cache.");

  const annotations: Array<[string, string]> = [];
  for (const raw of flags.annotations ?? []) {
    const eq = raw.indexOf("=");
    if (eq <= 0) return refuse(`invalid annotation '${raw}'; expected KEY=VALUE`);
    const key = raw.slice(0, eq);
    if (annotations.some(([k]) => k === key)) return refuse(`Duplicate annotation key '${key}'.`);
    if (RESERVED_ANNOTATION_KEYS.includes(key)) return refuse(`Annotation key '${key}' is reserved by fal.`);
    if (key.length > MAX_ANNOTATION_KEY) return refuse(`Annotation key '${key.slice(0, 20)}…' is longer than ${MAX_ANNOTATION_KEY} characters.`);
    annotations.push([key, raw.slice(eq + 1)]);
  }
  if (flags.message !== undefined && flags.message.length > MAX_MESSAGE) return refuse(`--message is longer than ${MAX_MESSAGE} characters.`);

  // Provenance: tie the revision to the commit unless the user said otherwise.
  let message = flags.message;
  if (git) {
    if (message === undefined) message = `${git.subject} (${git.sha.slice(0, 12)}${git.dirty ? ", with uncommitted changes" : ""})`.slice(0, MAX_MESSAGE);
    if (!annotations.some(([k]) => k === "GIT_SHA")) annotations.push(["GIT_SHA", git.dirty ? `${git.sha}-dirty` : git.sha]);
  }
  if (annotations.length > MAX_ANNOTATIONS) return refuse(`At most ${MAX_ANNOTATIONS} annotations are allowed.`);
  const bytes = annotationsBytes(annotations);
  if (bytes > MAX_ANNOTATIONS_JSON) return refuse(`Annotations are too large (${bytes} bytes serialized); the maximum is ${MAX_ANNOTATIONS_JSON} bytes.`);

  const request: DeployRequest = {
    ref,
    // fal rejects these with an app-name ref; there pyproject.toml carries them.
    appName: byName ? undefined : (flags.appName ?? app.name),
    auth: byName ? undefined : "shared",
    strategy: byName ? undefined : strategy,
    attach: flags.attach,
    resetScale: byName ? undefined : (flags.resetScale ?? app.reset_scale),
    noCache: flags.noCache || undefined,
    forceEnvBuild: flags.forceEnvBuild || undefined,
    message,
    annotations,
    env: flags.env ?? app.environment,
    team: flags.team ?? app.team,
    json: true,
    check: flags.check || undefined,
    // Only reached after falpub's own checks passed: fal must never wait on a prompt.
    yes: true,
  };
  return { ok: true, request, notes };
}
