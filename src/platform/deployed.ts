import { listApps, pickApp } from "./apps.js";
import type { PlatformClient } from "./client.js";
import { appUrls } from "./config.js";
import { describeFailure, type Failure } from "./result.js";
import { listRevisions } from "./revisions.js";

/** A deployed app as the platform reports it, with the URLs people call and open. */
export interface DeployedApp {
  endpointId: string;
  owner: string;
  name: string;
  environment: string;
  authMode: string;
  urls: { run: string; queue: string; playground: string };
}

export type AppLookup =
  | { kind: "found"; app: DeployedApp }
  /** No app of that exact name in the environment; `similar` are the substring matches fal returned. */
  | { kind: "absent"; similar: string[] }
  | { kind: "failed"; failure: Failure };

/**
 * The app `name` in `environment` (default main), from `/v1/serverless/apps`: one request,
 * for `status`, `verify` and after `deploy` (instead of starting `fal apps list`, ~0.9 s).
 */
export async function lookupApp(client: PlatformClient, name: string, environment = "main"): Promise<AppLookup> {
  const r = await listApps(client, name, environment);
  if (!r.ok) return { kind: "failed", failure: r };
  const app = pickApp(r.value, name, environment);
  if (!app) return { kind: "absent", similar: r.value.map((a) => a.endpoint_id) };
  return {
    kind: "found",
    app: { endpointId: app.endpoint_id, owner: app.owner, name: app.name, environment: app.environment ?? environment, authMode: app.auth_mode, urls: appUrls(client.urls, app.endpoint_id) },
  };
}

/** After `fal deploy`: what the platform says of the deployed revision, in the shape deploy's checklist reads (fal/apps.ts PlatformCheck) plus the endpoint id, owner and URLs. */
export type DeployCheck = { authMode: string; revision: string; endpointId: string; owner: string; urls: DeployedApp["urls"] } | { error: string };

/**
 * The platform check `falpub deploy` can inject instead of starting `fal apps list` (~0.9 s of
 * fal start-up): the app by name and environment (1 request) and its current revision (1 more),
 * which must be the one fal deploy returned. A failure is reported, never thrown.
 */
export async function checkDeployed(client: PlatformClient, want: { appName: string; revision: string; env?: string }): Promise<DeployCheck> {
  const env = want.env || "main";
  const found = await lookupApp(client, want.appName, env);
  if (found.kind === "failed") return { error: `the Platform API could not be asked: ${describeFailure(found.failure)}` };
  if (found.kind === "absent") return { error: `${want.appName} is not in /v1/serverless/apps for environment ${env}` };
  const { app } = found;
  const revisions = await listRevisions(client, app.endpointId);
  if (!revisions.ok) return { error: `the Platform API could not be asked: ${describeFailure(revisions)}` };
  const current = revisions.value.find((r) => r.is_current);
  // Someone deployed again in between: this auth mode may not be ours to judge.
  if (current && current.revision_id !== want.revision) return { error: `${app.endpointId} points to revision ${current.revision_id}, not the deployed ${want.revision}` };
  return { authMode: app.authMode, revision: want.revision, endpointId: app.endpointId, owner: app.owner, urls: app.urls };
}
