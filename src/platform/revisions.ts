import { NO_HEADERS } from "./http.js";
import * as z from "zod";
import type { PlatformClient } from "./client.js";
import type { Result } from "./result.js";
import { page, shapeOf } from "./shape.js";

const revisionSchema = z.object({
  revision_id: z.string(),
  created_at: z.string().nullish(),
  is_current: z.boolean(),
  message: z.string().nullish(),
  annotations: z.record(z.string(), z.unknown()).nullish(),
  status: z.string().nullish(),
  deployed_by: z.string().nullish(),
});
export type Revision = z.infer<typeof revisionSchema>;
const parseRevisions = shapeOf(z.object({ revisions: z.array(revisionSchema), ...page }), '{"revisions":[{"revision_id","is_current",…}],"next_cursor","has_more"}');

/** Revisions of `owner/name`, newest first as fal lists them; follows the cursor until the current one is seen (at most `maxPages`). */
export async function listRevisions(client: PlatformClient, endpointId: string, maxPages = 3): Promise<Result<Revision[]>> {
  const [owner, name] = endpointId.split("/");
  const all: Revision[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const r = await client.call({ base: "api", path: `/serverless/apps/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}/revisions`, query: { limit: 50, cursor } }, parseRevisions);
    if (!r.ok) return r;
    all.push(...r.value.revisions);
    if (all.some((x) => x.is_current) || !r.value.has_more || !r.value.next_cursor) return { ...r, value: all };
    cursor = r.value.next_cursor;
  }
  return { ok: true, value: all, status: 200, headers: NO_HEADERS };
}

/** The annotation falpub deploy attaches (`GIT_SHA=<commit>`). Pure. */
export function gitShaOf(revision: Revision): string | undefined {
  const v = revision.annotations?.GIT_SHA;
  return typeof v === "string" ? v : undefined;
}
