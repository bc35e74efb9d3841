import { NO_HEADERS } from "./http.js";
import * as z from "zod";
import type { PlatformClient } from "./client.js";
import type { Result } from "./result.js";
import { page, shapeOf } from "./shape.js";

const priceSchema = z.object({ endpoint_id: z.string(), unit_price: z.number().nonnegative(), unit: z.string(), currency: z.string().nullish() });
export type Price = z.infer<typeof priceSchema>;
const parsePrices = shapeOf(z.object({ prices: z.array(priceSchema), ...page }), '{"prices":[{"endpoint_id","unit_price","unit","currency"}]}');

/** Prices of up to 50 endpoint ids per request (fal's limit); several requests for more. */
export async function getPrices(client: PlatformClient, endpointIds: readonly string[]): Promise<Result<Price[]>> {
  const out: Price[] = [];
  let last: Result<Price[]> | undefined;
  for (let i = 0; i < endpointIds.length; i += 50) {
    const r = await client.call({ base: "api", path: "/models/pricing", query: { endpoint_id: endpointIds.slice(i, i + 50) } }, parsePrices);
    if (!r.ok) return r;
    out.push(...r.value.prices);
    last = { ...r, value: out };
  }
  return last ?? { ok: true, value: [], status: 200, headers: NO_HEADERS };
}

/**
 * What fal has configured for one endpoint. Unpriced has two known forms (an empty list, a
 * 404) and new catalog ids have been seen with a stub `units` at 1 (third parties): all three
 * are "not priced yet", never a price. Pure.
 */
export type PriceState = { kind: "priced"; price: Price } | { kind: "unpriced"; why: string } | { kind: "stub"; price: Price };

export function priceState(prices: readonly Price[] | "not-found", endpointId: string): PriceState {
  if (prices === "not-found") return { kind: "unpriced", why: "the pricing API answers 404 for this endpoint" };
  const p = prices.find((x) => x.endpoint_id === endpointId);
  if (!p) return { kind: "unpriced", why: "the pricing API lists no price for this endpoint" };
  if (p.unit === "units" && p.unit_price === 1) return { kind: "stub", price: p };
  return { kind: "priced", price: p };
}
