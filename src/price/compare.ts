import { unitName } from "../checklist/build.js";
import type { BillingStrategy } from "../manifest/schema.js";
import type { CatalogModel } from "../platform/models.js";
import type { Price } from "../platform/pricing.js";
import { sameUnit, usd } from "../platform/units.js";

export interface PriceRow {
  endpointId: string;
  title: string | null;
  unitPrice: number | null;
  unit: string | null;
  /** Same unit as the strategy bills: only then is a ratio shown. */
  sameUnit: boolean;
  /** Their price ÷ yours (same unit only). */
  ratio: number | null;
}

/** Comparable models beside the proposed price; different units are listed, never compared. Pure. */
export function compareRows(ids: readonly string[], models: readonly CatalogModel[], prices: readonly Price[], strategy: BillingStrategy | undefined, proposed: number | undefined): PriceRow[] {
  return ids.map((id) => {
    const p = prices.find((x) => x.endpoint_id === id);
    const same = Boolean(p && strategy && sameUnit(strategy, p.unit));
    return {
      endpointId: id,
      title: models.find((m) => m.endpoint_id === id)?.metadata?.display_name ?? null,
      unitPrice: p?.unit_price ?? null,
      unit: p?.unit ?? null,
      sameUnit: same,
      ratio: same && proposed !== undefined && proposed > 0 ? p!.unit_price / proposed : null,
    };
  });
}

export interface PriceSummary {
  sameUnit: number;
  min: number | null;
  median: number | null;
  max: number | null;
  /** How many same-unit models charge less than the proposal. */
  cheaper: number;
}

export function summarize(rows: readonly PriceRow[], proposed: number | undefined): PriceSummary {
  const xs = rows.filter((r) => r.sameUnit && r.unitPrice !== null).map((r) => r.unitPrice!).sort((a, b) => a - b);
  const mid = xs.length ? (xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2) : null;
  return { sameUnit: xs.length, min: xs[0] ?? null, median: mid, max: xs.at(-1) ?? null, cheaper: proposed === undefined ? 0 : xs.filter((x) => x < proposed).length };
}

/** The table for people (aligned columns, no colour needed). Pure. */
export function renderPriceTable(rows: readonly PriceRow[], strategy: BillingStrategy | undefined, proposed: number | undefined): string[] {
  const cells = rows.map((r) => [
    r.endpointId,
    r.title ?? "",
    r.unitPrice === null ? "not priced" : `${usd(r.unitPrice)} per ${r.unit}`,
    r.unitPrice === null ? "" : !r.sameUnit ? `different unit (${r.unit}): not compared` : r.ratio === null ? "" : `${Number(r.ratio.toFixed(2))}× yours`,
  ]);
  const head = ["endpoint", "title", "price", "vs yours"];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => "  " + c.map((x, i) => x.padEnd(width[i]!)).join("  ").trimEnd();
  const yours = proposed !== undefined ? `${usd(proposed)} per ${unitName(strategy ?? "")} (billing.unit_price_usd, ${strategy ?? "no strategy"})` : "no billing.unit_price_usd in falpub.yaml";
  return [line(head), ...cells.map(line), "", `  yours: ${yours}`];
}
