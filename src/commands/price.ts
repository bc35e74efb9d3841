import { jsonText } from "../core/envelope.js";
import { errorDocument, EXIT, FalpubError, usageError } from "../errors.js";
import { lookupApp } from "../platform/deployed.js";
import { estimateSerially } from "../platform/estimate.js";
import { getModels, modelsInCategory, type CatalogModel } from "../platform/models.js";
import { getPrices } from "../platform/pricing.js";
import { describeFailure, failureHint, type Failure } from "../platform/result.js";
import { usd } from "../platform/units.js";
import { compareRows, renderPriceTable, summarize } from "../price/compare.js";
import type { CommandIO } from "./io.js";
import { DEFAULT_TIMEOUT_S, jsonDocument, loadTarget, openClient, timeoutMs } from "./platform-common.js";

export interface PriceOpts {
  env?: string;
  json?: boolean;
  timeout?: string;
  compare?: string;
  limit?: string;
}

/** `falpub price [path]`: Marketplace prices of comparable models beside the proposed price, and what the billing examples cost. */
export async function runPrice(given: string | undefined, opts: PriceOpts, io: CommandIO, version: string): Promise<number> {
  try {
    return await price(given, opts, io, version);
  } catch (error) {
    if (opts.json && error instanceof FalpubError) io.out(jsonText(errorDocument(error, version)));
    throw error;
  }
}

const ENDPOINT_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+(\/[\w.-]+)*$/;

async function price(given: string | undefined, opts: PriceOpts, io: CommandIO, version: string): Promise<number> {
  const target = await loadTarget(given, opts.env, io);
  const m = target.facts.manifest.manifest;
  const category = m.marketplace?.category;
  const compare = opts.compare?.split(",").map((s) => s.trim()).filter(Boolean);
  if (compare) {
    const bad = compare.filter((id) => !ENDPOINT_ID.test(id));
    if (bad.length) throw usageError(`--compare takes endpoint ids like fal-ai/flux/dev, not ${bad.map((b) => JSON.stringify(b)).join(", ")}.`);
    if (compare.length === 0 || compare.length > 50) throw usageError("--compare takes 1 to 50 endpoint ids, comma-separated.");
  } else if (!category) throw usageError(`${target.facts.manifest.file} has no marketplace.category to compare with.`, "Set marketplace.category (e.g. text-to-image), or pass --compare id,id,…");
  const limit = opts.limit === undefined ? 20 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw usageError(`--limit takes 1 to 50, not ${JSON.stringify(opts.limit)}.`);
  const client = openClient(io, timeoutMs(opts.timeout, DEFAULT_TIMEOUT_S));
  const strategy = m.billing?.strategy;
  const proposed = m.billing?.unit_price_usd;
  const failures: Failure[] = [];

  const lookup = await lookupApp(client, target.appName, target.environment);
  if (lookup.kind === "failed") failures.push(lookup.failure);
  const own = lookup.kind === "found" ? lookup.app.endpointId : undefined;
  let models: CatalogModel[] = [];
  const listed = compare ? await getModels(client, compare) : await modelsInCategory(client, category!, limit + 1);
  if (listed.ok) models = listed.value;
  else if (!compare || listed.kind !== "not-found") failures.push(listed);
  const ids = (compare ?? models.map((x) => x.endpoint_id)).filter((id) => id !== own).slice(0, limit);
  const prices = ids.length ? await getPrices(client, ids) : undefined;
  if (prices && !prices.ok && prices.kind !== "not-found") failures.push(prices);
  const rows = compareRows(ids, models, prices?.ok ? prices.value : [], strategy, proposed);
  const summary = summarize(rows, proposed);

  // What each billing example costs: at the proposed price (arithmetic), and fal's estimate at the configured price when deployed.
  const examples = (m.billing?.examples ?? []).map((ex, i) => ({ label: `billing.examples[${i}]`, units: ex.units, atProposed: proposed === undefined ? null : ex.units * proposed }));
  const estimates = own ? await estimateSerially(examples.map((e) => ({ key: e.label, endpointId: own, units: e.units })), client) : [];
  for (const e of estimates) if (!e.result.ok && e.result.kind !== "not-found") failures.push(e.result);

  const code = failures.length ? EXIT.platformUnavailable : EXIT.ok;
  const scope = compare ? `the ${ids.length} models asked for` : `${category} (${ids.length} active model${ids.length === 1 ? "" : "s"}${own ? `, ${own} left out` : ""})`;
  if (opts.json) {
    io.out(jsonDocument(version, "price", {
      app: { name: target.appName, environment: target.environment, endpointId: own ?? null },
      category: compare ? null : category,
      proposed: { unitPrice: proposed ?? null, strategy: strategy ?? null },
      comparables: rows,
      summary,
      examples: examples.map((e) => {
        const est = estimates.find((x) => x.key === e.label)?.result;
        return { ...e, estimate: est ? (est.ok ? { totalCost: est.value.totalCost, currency: est.value.currency } : { failure: est.kind, message: est.message }) : null };
      }),
      failures: failures.map((f) => ({ kind: f.kind, status: f.status ?? null, request: f.request, message: f.message, hint: failureHint(f.kind) })),
      exitCode: code,
      platformRequests: client.requests,
    }));
  } else {
    const out: string[] = [`Marketplace prices: ${scope}`, ...renderPriceTable(rows, strategy, proposed)];
    if (summary.sameUnit) out.push(`  same unit: ${summary.sameUnit} model${summary.sameUnit === 1 ? "" : "s"}, ${usd(summary.min!)}–${usd(summary.max!)}, median ${usd(summary.median!)}${proposed !== undefined ? `; ${summary.cheaper} charge${summary.cheaper === 1 ? "s" : ""} less than yours` : ""}`);
    else out.push("  no model here bills the same unit: prices are not comparable");
    if (examples.length) {
      out.push("", "Billing examples");
      for (const e of examples) {
        const est = estimates.find((x) => x.key === e.label)?.result;
        const fal = !est ? (own ? "" : "; not deployed: no fal estimate") : est.ok ? `; fal's estimate at the configured price: ${usd(est.value.totalCost)}` : est.kind === "not-found" ? "; fal has no price for it yet" : `; no fal estimate (${est.kind})`;
        out.push(`  ${e.label}: ${e.units} unit${e.units === 1 ? "" : "s"} → ${e.atProposed === null ? "no proposed price" : `${usd(e.atProposed)} at your proposed price`}${fal}`);
      }
    }
    io.out(out.join("\n") + "\n");
  }
  for (const f of failures) io.err(`falpub: ${describeFailure(f)}\n  ${failureHint(f.kind)}\n`);
  return code;
}
