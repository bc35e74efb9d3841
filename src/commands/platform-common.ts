import path from "node:path";
import { envelope, jsonText } from "../core/envelope.js";
import { usageError } from "../errors.js";
import { secretsIn, validateFalKey } from "../fal/env.js";
import { PlatformClient } from "../platform/client.js";
import { platformUrls } from "../platform/config.js";
import type { ProjectFacts } from "../project.js";
import { effectiveAppName } from "../derived.js";
import type { CommandIO } from "./io.js";
import { readProject, resolveManifest, withSlowParts } from "./disk.js";

export const DEFAULT_TIMEOUT_S = 30;

/** `--timeout <seconds>` → ms, or a usage error. */
export function timeoutMs(given: string | undefined, fallbackS: number): number {
  const s = given === undefined ? fallbackS : Number(given);
  if (!Number.isFinite(s) || s <= 0 || s > 3600) throw usageError(`--timeout must be a number of seconds between 0 and 3600, not ${JSON.stringify(given)}.`);
  return Math.round(s * 1000);
}

/** A client with the key from FAL_KEY (required: exit 2 naming it) and the base URLs from the environment. */
export function openClient(io: CommandIO, timeout: number): PlatformClient {
  const key = io.env.FAL_KEY;
  if (!key) throw usageError("FAL_KEY is not set: the platform answers only with your key.", "Set FAL_KEY=<key_id>:<key_secret> (fal dashboard → Keys; in CI a repository secret).");
  const valid = validateFalKey(key);
  if (!valid.ok) throw usageError(`${valid.reason}.`, "Set FAL_KEY to the full key as shown when it was created (key_id:key_secret).");
  const urls = platformUrls(io.env);
  if ("error" in urls) throw usageError(`${urls.error}.`, "Unset it to use fal's host, or give a full URL such as https://api.fal.ai/v1.");
  return new PlatformClient({ urls, key, secrets: secretsIn(io.env), timeoutMs: timeout, retry: io.retry, sleep: io.sleep, onWait: (line) => io.err(`${line}\n`) });
}

export interface Target {
  facts: ProjectFacts;
  appName: string;
  environment: string;
  root: string;
}

/** The app a platform command asks about: its manifest, name and environment (--env, app.environment, FAL_ENV, main). */
export async function loadTarget(given: string | undefined, envFlag: string | undefined, io: CommandIO): Promise<Target> {
  const manifestPath = resolveManifest(given ?? ".", io.cwd);
  const { facts } = await withSlowParts(() => readProject(manifestPath, io.cwd));
  const name = effectiveAppName(facts)?.name;
  if (!name) throw usageError(`Cannot tell the app's name from ${facts.manifest.file}.`, "Set app.name in falpub.yaml (or app_name on the class), as deployed.");
  const environment = envFlag ?? facts.manifest.manifest.app?.environment ?? (io.env.FAL_ENV || "main");
  return { facts, appName: name, environment, root: path.dirname(manifestPath) };
}

/** A platform command's one JSON document: the shared envelope, then which command, then its fields. */
export function jsonDocument(version: string, command: string, doc: Record<string, unknown>): string {
  return jsonText(envelope(version, { command, ...doc }));
}
