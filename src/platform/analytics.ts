import * as z from "zod";
import type { PlatformClient } from "./client.js";
import type { Result } from "./result.js";
import { page, shapeOf } from "./shape.js";

const count = z.number().int().nonnegative().nullish();
const summarySchema = z.object({ endpoint_id: z.string(), request_count: count, success_count: count, user_error_count: count, error_count: count });
const parseAnalytics = shapeOf(z.object({ summary: z.array(summarySchema).nullish(), ...page }), '{"summary":[{"endpoint_id","request_count","success_count","user_error_count","error_count"}]}');

export interface Traffic {
  requests: number;
  successes: number;
  userErrors: number;
  errors: number;
}

/** Requests, successes and errors of the last 24 hours (fal's default window) for one endpoint id. */
export async function getTraffic(client: PlatformClient, endpointId: string): Promise<Result<Traffic>> {
  const r = await client.call(
    { base: "api", path: "/serverless/analytics", query: { endpoint_id: endpointId, expand: ["summary", "request_count", "success_count", "user_error_count", "error_count"] } },
    parseAnalytics,
  );
  return r.ok ? { ...r, value: sumTraffic(r.value.summary ?? [], endpointId) } : r;
}

/** Rows for the id (a bare owner/name covers its route ids); no row means no traffic. Pure. */
export function sumTraffic(rows: ReadonlyArray<z.infer<typeof summarySchema>>, endpointId: string): Traffic {
  const mine = rows.filter((r) => r.endpoint_id === endpointId || r.endpoint_id.startsWith(`${endpointId}/`));
  const sum = (k: keyof typeof rows[number]) => mine.reduce((n, r) => n + (typeof r[k] === "number" ? (r[k] as number) : 0), 0);
  return { requests: sum("request_count"), successes: sum("success_count"), userErrors: sum("user_error_count"), errors: sum("error_count") };
}
