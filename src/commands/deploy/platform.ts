import type { RetryPolicy } from "../../platform/answer.js";
import { platformUrls } from "../../platform/config.js";
import { secretsIn } from "../../fal/env.js";
import type { PlatformQuery } from "../../fal/client.js";
import type { PlatformCheck } from "../../fal/types.js";

export const PLATFORM_CHECK_TIMEOUT_MS = 30_000;

/** The platform check after a deploy, given what fal deployed. */
export interface PlatformChecker {
  /** `signal`: the answer is no longer wanted (the deploy did not end as the query assumed). */
  (query: PlatformQuery, signal?: AbortSignal): Promise<PlatformCheck>;
  /** Load what the check needs while fal deploy runs, so the wait after it is only the requests. */
  prepare?(): void;
}

/**
 * The Platform API check (2 HTTP requests, no second fal start-up, ~0.9 s saved) when FAL_KEY is
 * set; undefined without it (credentials from `fal auth login` only): then `fal apps list` asks.
 * A bad FALPUB_*_URL is reported as a check that could not run, like any other.
 */
export function platformChecker(env: NodeJS.ProcessEnv, opts: { retry?: RetryPolicy; sleep?: (ms: number) => Promise<void>; timeoutMs?: number } = {}): PlatformChecker | undefined {
  const key = env.FAL_KEY;
  if (!key) return undefined;
  const urls = platformUrls(env);
  // The client and the response shapes (zod, ~18 ms) load only when a deploy runs fal: never for
  // a refused deploy or a dry run, and while fal deploy runs (a second core), not after it.
  let modules: Promise<[typeof import("../../platform/client.js"), typeof import("../../platform/deployed.js")]> | undefined;
  const load = () => (modules ??= Promise.all([import("../../platform/client.js"), import("../../platform/deployed.js")]));
  const check: PlatformChecker = async (query, signal) => {
    if ("error" in urls) return { error: urls.error };
    const [{ PlatformClient }, { checkDeployed }] = await load();
    const client = new PlatformClient({ urls, key, secrets: secretsIn(env), timeoutMs: opts.timeoutMs ?? PLATFORM_CHECK_TIMEOUT_MS, retry: opts.retry, sleep: opts.sleep, signal });
    // fal reads FAL_ENV when --env is absent; the Platform API must look in the same environment.
    return checkDeployed(client, { appName: query.appName, revision: query.revision, env: query.env ?? (env.FAL_ENV || undefined) });
  };
  check.prepare = () => void load().catch(() => undefined); // a failed import is reported by the check itself
  return check;
}
