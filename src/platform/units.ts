import type { BillingStrategy } from "../manifest/schema.js";

/**
 * The pricing API's `unit` names that mean what each strategy bills. `unit` is an open set
 * (third parties have seen `units`, `credits`, compute seconds), so only these count as the
 * same unit; anything else is a different unit and is never compared.
 */
export const STRATEGY_UNITS: Record<BillingStrategy, readonly string[]> = {
  per_image: ["image", "images"],
  per_megapixel: ["megapixels", "megapixel"],
  per_video_second: ["video_second", "video_seconds", "second", "seconds"],
  per_text_chunk: ["units", "unit", "chunk", "chunks", "text_chunk"],
  per_request: ["request", "requests", "call", "calls", "units", "unit"],
  gpu_seconds: ["gpu_second", "gpu_seconds", "compute_second", "compute_seconds", "second", "seconds"],
};

export const sameUnit = (strategy: BillingStrategy, unit: string) => STRATEGY_UNITS[strategy].includes(unit.toLowerCase());

/** Prices are decimals sent as floats: equal within a part in a billion. */
export const samePrice = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export const usd = (n: number) => `$${Number(n.toPrecision(6))}`;
