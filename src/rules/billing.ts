import { finding, locate, type Finding } from "../core/findings.js";
import type { BillingStrategy } from "../core/vocabulary.js";
import { billableEndpoints } from "../derived.js";
import type { ProjectFacts } from "../project.js";
import type { EndpointFacts } from "../python/facts.js";
import { staticType } from "../python/units.js";
import { chunkDivisor, codeUnits, probeInputs, strategyUnits, type Input } from "./billing-units.js";

type Strategy = Exclude<BillingStrategy, "gpu_seconds">;

/**
 * Billing rules, decided from the flow layer's fact per endpoint (always / some / never sets
 * the header on the response the caller gets) and from the units evaluator.
 */
export function billingRules(f: ProjectFacts): Finding[] {
  const out: Finding[] = [];
  const m = f.manifest;
  const billing = m.manifest.billing;
  const strategy = billing?.strategy;
  if (strategy === "per_text_chunk" && billing?.chunk_chars === undefined) {
    out.push(finding("FP202", locate(m.file, m.pos(["billing", "strategy"], "value")), { parameter: "chunk_chars" }));
  }
  const app = f.app;
  if (!strategy || !app?.cls) return out;
  const file = (s: { file?: string }) => s.file ?? app.file;

  const billable = billableEndpoints(f);
  if (billable.length === 0) {
    out.push(finding("FP206", locate(app.file, app.cls.pos), { className: app.cls.className }));
    return out;
  }
  for (const ep of billable) {
    const route = ep.path ?? ep.functionName;
    const b = ep.billing;
    if (strategy === "gpu_seconds") {
      for (const w of b.writes) out.push(finding("FP204", locate(file(w), w.pos), { route }));
      continue;
    }
    if (ep.isWebsocket) {
      out.push(finding("FP213", locate(file(ep), ep.pos), { route, strategy }));
      continue;
    }
    for (const d of b.strayDicts) out.push(finding("FP209", locate(file(d), d.pos), { route, ...(b.responseParam ? { responseParam: b.responseParam } : {}) }));
    for (const d of b.discarded) out.push(finding("FP210", locate(file(ep), d.pos), { route, setAt: `${file(d.set)}:${d.set.pos.line}` }));
    if (b.fact === "never") {
      out.push(finding("FP203", locate(file(ep), ep.pos), { route, functionName: ep.functionName, strategy }));
      continue;
    }
    if (b.fact === "some" && b.missing) {
      out.push(finding("FP207", locate(file(b.sets[0]), b.sets[0].pos), { route, functionName: ep.functionName, implicit: b.missing.implicit, line: b.missing.pos.line, path: b.missing.path }));
    }
    for (const s of b.sets) if (staticType(s.value) === "number") out.push(finding("FP208", locate(file(s), s.pos), { value: s.text }));
    out.push(...examplesOf(f, ep, billable.length === 1), ...probes(f, ep, strategy));
  }
  if (strategy !== "gpu_seconds") out.push(...unmatchedExamples(f, billable));
  return out;
}

/** Examples that no endpoint takes: an unknown `endpoint`, or none named while several bill. */
function unmatchedExamples(f: ProjectFacts, billable: EndpointFacts[]): Finding[] {
  const m = f.manifest;
  // Examples name an endpoint by its route path (verify calls that path), so only literal paths
  // can be offered; an endpoint whose path is computed is listed by its function, as unnameable.
  const routes = billable.flatMap((e) => (e.path === undefined ? [] : [e.path]));
  const unnamed = billable.flatMap((e) => (e.path === undefined ? [e.functionName] : []));
  const out: Finding[] = [];
  (m.manifest.billing?.examples ?? []).forEach((ex, i) => {
    if (!ex) return;
    const unknown = ex.endpoint !== undefined && !billable.some((e) => e.path === ex.endpoint);
    const ambiguous = ex.endpoint === undefined && billable.length > 1;
    if (!unknown && !ambiguous) return;
    const at = locate(m.file, m.pos(["billing", "examples", i, unknown ? "endpoint" : "input"], unknown ? "value" : "key"));
    out.push(finding("FP211", at, { example: i + 1, input: ex.input, declared: ex.units, ...(ex.endpoint ? { endpoint: ex.endpoint } : {}), unmatched: { routes, unnamed } }));
  });
  return out;
}

/** `billing.examples` for this endpoint, each evaluated on the code. */
function examplesOf(f: ProjectFacts, ep: EndpointFacts, only: boolean): Finding[] {
  const m = f.manifest;
  const out: Finding[] = [];
  (m.manifest.billing?.examples ?? []).forEach((ex, i) => {
    if (!ex || (ex.endpoint === undefined ? !only : ex.endpoint !== ep.path)) return;
    const at = locate(m.file, m.pos(["billing", "examples", i, "units"], "value"));
    const base = { example: i + 1, input: ex.input, ...(ex.endpoint ? { endpoint: ex.endpoint } : {}) };
    const r = codeUnits(ep, ex.input as Input);
    if (r.kind === "unknown") out.push(finding("FP212", at, { ...base, deps: r.deps }));
    else if (r.kind === "unset") out.push(finding("FP211", at, { ...base, declared: ex.units, unset: true }));
    else if (r.kind === "problem") out.push(finding("FP211", at, { ...base, declared: ex.units, problem: r.problem }));
    else if (Math.abs(r.units - ex.units) > 1e-9) out.push(finding("FP211", at, { ...base, declared: ex.units, units: r.units }));
  });
  return out;
}

/** Without examples: probe requests compared with the strategy's documented formula. */
function probes(f: ProjectFacts, ep: EndpointFacts, strategy: Strategy): Finding[] {
  const billing = f.manifest.manifest.billing;
  const at = ep.billing.sets[0];
  if (billing?.examples?.length || !at) return [];
  const chunk = billing?.chunk_chars;
  if (strategy === "per_text_chunk" && chunk) {
    const divisor = chunkDivisor(ep, chunk, ep.input);
    if (divisor !== undefined) return [finding("FP202", locate(f.manifest.file, f.manifest.pos(["billing", "chunk_chars"], "value")), { parameter: "chunk_chars", chunkChars: chunk, divisor })];
  }
  // Each probe request already holds every default (probeInputs starts from them).
  const inputs = probeInputs(strategy, ep.input, chunk);
  let first: number | undefined;
  for (const input of inputs) {
    const code = codeUnits(ep, input);
    if (code.kind !== "units") continue;
    const expected = strategy === "per_request" ? (first ??= code.units) : strategyUnits(strategy, input, ep.input, chunk);
    if (expected === undefined || Math.abs(expected - code.units) <= 1e-9) continue;
    const route = ep.path ?? ep.functionName;
    return [finding("FP205", locate(at.file ?? f.app!.file, at.pos), { route, input, units: code.units, expected, strategy, ...(strategy === "per_request" ? { baseline: inputs[0] } : {}) })];
  }
  return [];
}
