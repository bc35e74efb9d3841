import * as z from "zod";
import type { PlatformClient } from "./client.js";
import type { Result } from "./result.js";
import { shapeOf } from "./shape.js";

const appSchema = z.object({
  endpoint_id: z.string(),
  name: z.string(),
  owner: z.string(),
  environment: z.string().nullish(),
  auth_mode: z.string(),
  machine_type: z.string().nullish(),
  keep_alive: z.number().nullish(),
  min_concurrency: z.number().nullish(),
  max_concurrency: z.number().nullish(),
  updated_at: z.string().nullish(),
});
export type PlatformApp = z.infer<typeof appSchema>;
const parseApps = shapeOf(z.object({ apps: z.array(appSchema) }), '{"apps":[{"endpoint_id","name","owner","auth_mode",…}]}');

/** The caller's own apps whose name contains `name` (a case-insensitive substring search), in one environment. */
export async function listApps(client: PlatformClient, name: string, environment: string): Promise<Result<PlatformApp[]>> {
  const r = await client.call({ base: "api", path: "/serverless/apps", query: { search: name, environment } }, parseApps);
  return r.ok ? { ...r, value: r.value.apps } : r;
}

/** `search` is a substring match: only the exact name (in the asked environment) is the app. Pure. */
export function pickApp(apps: readonly PlatformApp[], name: string, environment: string): PlatformApp | undefined {
  return apps.find((a) => a.name === name && (!a.environment || a.environment === environment));
}

const parseUser = shapeOf(z.object({ nickname: z.string(), full_name: z.string().nullish(), user_id: z.string().nullish() }), '{"nickname",…}');
export type CurrentUser = { nickname: string };

/** Whose key this is: fal's REST `GET /users/current` (the fal CLI uses `nickname` as the owner). */
export function currentUser(client: PlatformClient): Promise<Result<CurrentUser>> {
  return client.call({ base: "rest", path: "/users/current" }, parseUser);
}
