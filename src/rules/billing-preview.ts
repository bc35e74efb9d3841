import type { ProjectFacts } from "../project.js";
import { billableEndpoints } from "../derived.js";
import { codeUnits, probeInputs, type Input } from "./billing-units.js";

/** One line of `falpub check --preview`: what a request reports and what the caller pays. */
export interface PreviewRow {
  endpoint: string;
  /** Which billing example (1-based), or null for the input model's defaults and examples. */
  example: number | null;
  input: Input;
  /** The units the code reports; null when not statically known or not set. */
  units: number | null;
  /** Why `units` is null: "depends on `images`", "no header", "Python would raise: …". */
  note?: string;
  declared: number | null;
  /** units × billing.unit_price_usd, when both are known. */
  priceUsd: number | null;
}

/** Per billable endpoint and billing example (or the default request): units and price. Pure. */
export function billingPreview(f: ProjectFacts): PreviewRow[] {
  const billing = f.manifest.manifest.billing;
  if (!billing?.strategy || billing.strategy === "gpu_seconds" || !f.app?.cls) return [];
  const price = billing.unit_price_usd;
  const endpoints = billableEndpoints(f).filter((e) => !e.isWebsocket);
  const rows: PreviewRow[] = [];
  for (const ep of endpoints) {
    const route = ep.path ?? ep.functionName;
    const examples = (billing.examples ?? []).map((ex, i) => ({ ex, i })).filter(({ ex }) => (ex.endpoint === undefined ? endpoints.length === 1 : ex.endpoint === ep.path));
    const requests = examples.length
      ? examples.map(({ ex, i }) => ({ input: ex.input as Input, example: i + 1, declared: ex.units }))
      : [{ input: probeInputs(billing.strategy, ep.input, billing.chunk_chars)[0], example: null, declared: null }];
    for (const r of requests) {
      const code = codeUnits(ep, r.input);
      const units = code.kind === "units" ? code.units : null;
      const note = code.kind === "unknown" ? `depends on ${code.deps.slice(0, 3).join(", ")}` : code.kind === "unset" ? "no header on this request" : code.kind === "problem" ? code.problem : undefined;
      rows.push({ endpoint: route, example: r.example, input: r.input, units, ...(note ? { note } : {}), declared: r.declared, priceUsd: units !== null && price !== undefined ? Math.round(units * price * 1e8) / 1e8 : null });
    }
  }
  return rows;
}

/** The preview as Markdown table rows (for the listing request). */
export function previewTable(rows: PreviewRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    "| endpoint | request | units | caller pays |",
    "|---|---|---|---|",
    ...rows.map((r) => `| \`${r.endpoint}\` | \`${JSON.stringify(r.input)}\` | ${r.units ?? `(${r.note ?? "unknown"})`} | ${r.priceUsd !== null ? `$${r.priceUsd}` : "(to agree)"} |`),
  ];
}
