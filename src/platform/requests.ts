import { NO_HEADERS } from "./http.js";
import * as z from "zod";
import type { PlatformClient } from "./client.js";
import type { Result } from "./result.js";
import { page, shapeOf } from "./shape.js";

const itemSchema = z.object({
  request_id: z.string(),
  endpoint_id: z.string().nullish(),
  started_at: z.string().nullish(),
  ended_at: z.string().nullish(),
  status_code: z.number().nullish(),
  billable_units: z.union([z.number(), z.string()]).nullish(),
});
export type RequestRecord = z.infer<typeof itemSchema>;
const parseItems = shapeOf(z.object({ items: z.array(itemSchema), ...page }), '{"items":[{"request_id","billable_units",…}],"next_cursor","has_more"}');

/**
 * Recent requests of an endpoint with their billing (`expand=billing`), newest first, following
 * `next_cursor` for at most `maxPages` pages. `requestId` narrows to one call (and widens the window to 90 days).
 */
export async function listRequests(client: PlatformClient, endpointId: string, opts: { requestId?: string; maxPages?: number; limit?: number } = {}): Promise<Result<RequestRecord[]>> {
  const out: RequestRecord[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < (opts.maxPages ?? 1); i++) {
    const r = await client.call(
      { base: "api", path: "/serverless/requests/by-endpoint", query: { endpoint_id: endpointId, expand: "billing", request_id: opts.requestId, limit: opts.limit ?? 50, cursor } },
      parseItems,
    );
    if (!r.ok) return r;
    out.push(...r.value.items);
    if (!r.value.has_more || !r.value.next_cursor) return { ...r, value: out };
    cursor = r.value.next_cursor;
  }
  return { ok: true, value: out, status: 200, headers: NO_HEADERS };
}

/** billable_units as a number, null while not recorded (a numeric string is accepted). Pure. */
export function recordedUnits(r: RequestRecord): number | null {
  if (r.billable_units === null || r.billable_units === undefined) return null;
  const n = typeof r.billable_units === "number" ? r.billable_units : Number(r.billable_units);
  return Number.isFinite(n) ? n : null;
}
