import * as z from "zod";
import type { PlatformClient } from "./client.js";
import type { Result } from "./result.js";
import { page, shapeOf } from "./shape.js";

const metadataSchema = z.object({
  display_name: z.string().nullish(),
  category: z.string().nullish(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  license_type: z.string().nullish(),
});
const modelSchema = z.object({ endpoint_id: z.string(), metadata: metadataSchema.nullish() });
export type CatalogModel = z.infer<typeof modelSchema>;
const parseModels = shapeOf(z.object({ models: z.array(modelSchema), ...page }), '{"models":[{"endpoint_id","metadata"?:{…}}],"has_more"}');

/** The catalog entries of these endpoint ids (auth optional; the key is sent anyway). */
export async function getModels(client: PlatformClient, endpointIds: readonly string[]): Promise<Result<CatalogModel[]>> {
  const r = await client.call({ base: "api", path: "/models", query: { endpoint_id: endpointIds } }, parseModels);
  return r.ok ? { ...r, value: r.value.models } : r;
}

/** Active models of a category, following the cursor up to `max` models. */
export async function modelsInCategory(client: PlatformClient, category: string, max = 50): Promise<Result<CatalogModel[]>> {
  const out: CatalogModel[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await client.call({ base: "api", path: "/models", query: { category, status: "active", limit: Math.min(50, max - out.length), cursor } }, parseModels);
    if (!r.ok) return r;
    out.push(...r.value.models);
    if (out.length >= max || !r.value.has_more || !r.value.next_cursor) return { ...r, value: out.slice(0, max) };
    cursor = r.value.next_cursor;
  }
}

/**
 * Listed = a catalog entry with metadata and status active. Unlisted has three known forms
 * (no metadata, an empty list, a 404); deprecated is listed no more. Pure.
 */
export type ListingState =
  | { kind: "listed"; model: CatalogModel }
  | { kind: "deprecated"; model: CatalogModel }
  | { kind: "other-status"; model: CatalogModel; status: string }
  | { kind: "unlisted"; why: string };

export function listingState(models: readonly CatalogModel[] | "not-found", endpointId: string): ListingState {
  if (models === "not-found") return { kind: "unlisted", why: "the catalog answers 404 for this endpoint" };
  const m = models.find((x) => x.endpoint_id === endpointId);
  if (!m) return { kind: "unlisted", why: "the catalog has no entry for this endpoint" };
  if (!m.metadata) return { kind: "unlisted", why: "the catalog entry has no metadata (no Marketplace listing)" };
  const status = m.metadata.status ?? "unknown";
  if (status === "active") return { kind: "listed", model: m };
  if (status === "deprecated") return { kind: "deprecated", model: m };
  return { kind: "other-status", model: m, status };
}
