/** Where fal's platform lives. Every base URL can be pointed elsewhere (tests use 127.0.0.1). */
export interface PlatformUrls {
  /** Platform API, e.g. https://api.fal.ai/v1 */
  api: string;
  /** Synchronous inference, e.g. https://fal.run */
  run: string;
  /** Queue inference, e.g. https://queue.fal.run */
  queue: string;
  /** fal's REST API (GET /users/current), e.g. https://rest.alpha.fal.ai */
  rest: string;
}

export const DEFAULT_URLS: PlatformUrls = {
  api: "https://api.fal.ai/v1",
  run: "https://fal.run",
  queue: "https://queue.fal.run",
  rest: "https://rest.alpha.fal.ai",
};

export const URL_VARS = { api: "FALPUB_API_URL", run: "FALPUB_RUN_URL", queue: "FALPUB_QUEUE_URL", rest: "FALPUB_REST_URL" } as const;

/** The base URLs from the environment (trailing slashes dropped), or why one is not a URL. Pure. */
export function platformUrls(env: NodeJS.ProcessEnv): PlatformUrls | { error: string } {
  const out = { ...DEFAULT_URLS };
  for (const [field, name] of Object.entries(URL_VARS) as Array<[keyof PlatformUrls, string]>) {
    const given = env[name];
    if (given === undefined || given === "") continue;
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      return { error: `${name}=${given} is not a URL` };
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return { error: `${name}=${given} must be an http(s) URL` };
    out[field] = given.replace(/\/+$/, "");
  }
  return out;
}

/** True when a URL's host is this machine (what the tests require of every base URL). */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** The URLs people open or call for an endpoint id: run (sync), queue, and the playground. */
export function appUrls(urls: PlatformUrls, endpointId: string): { run: string; queue: string; playground: string } {
  return { run: `${urls.run}/${endpointId}`, queue: `${urls.queue}/${endpointId}`, playground: `https://fal.ai/models/${endpointId}` };
}
