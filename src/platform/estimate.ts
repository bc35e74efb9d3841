import * as z from "zod";
import type { RetryPolicy } from "./answer.js";
import type { PlatformClient } from "./client.js";
import type { Result } from "./result.js";
import { shapeOf } from "./shape.js";

const parseEstimate = shapeOf(z.object({ estimate_type: z.string().nullish(), total_cost: z.number().nonnegative(), currency: z.string().nullish() }), '{"estimate_type","total_cost","currency"}');

/** fal answers 429 after ~3 estimates in a few seconds: more attempts, longer steps. */
const patient = (p: RetryPolicy): RetryPolicy => ({ attempts: Math.max(p.attempts, 7), baseMs: p.baseMs * 2, capMs: p.capMs });

/** What `unitQuantity` units cost on an endpoint at fal's configured price (a total only). */
export async function estimateUnits(client: PlatformClient, endpointId: string, unitQuantity: number): Promise<Result<{ totalCost: number; currency: string }>> {
  const r = await client.call(
    { base: "api", method: "POST", path: "/models/pricing/estimate", retryPolicy: patient, body: { estimate_type: "unit_price", endpoints: { [endpointId]: { unit_quantity: Math.max(unitQuantity, 1e-6) } } } },
    parseEstimate,
  );
  return r.ok ? { ...r, value: { totalCost: r.value.total_cost, currency: r.value.currency ?? "USD" } } : r;
}

/**
 * Estimates one at a time: fal answers 429 after about three calls in a few seconds, so calls
 * are never concurrent and the client's backoff (Retry-After when sent) spaces them.
 */
export async function estimateSerially<K>(jobs: ReadonlyArray<{ key: K; endpointId: string; units: number }>, client: PlatformClient): Promise<Array<{ key: K; result: Result<{ totalCost: number; currency: string }> }>> {
  const out: Array<{ key: K; result: Result<{ totalCost: number; currency: string }> }> = [];
  for (const job of jobs) out.push({ key: job.key, result: await estimateUnits(client, job.endpointId, job.units) });
  return out;
}
