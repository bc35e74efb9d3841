import type { BillingStrategy } from "../core/vocabulary.js";
import type { EndpointFacts, InputModelFacts } from "../python/facts.js";
import { evaluate, unitsOf, type Evaluated } from "../python/units.js";

/**
 * Units of a request, two ways: what the code gives (the units evaluator over the flow
 * layer's header value) and what the billing strategy's documented formula gives.
 */

export type Input = Record<string, unknown>;

/** The request as the endpoint sees it: pydantic fills in each missing field's default. */
export function completeInput(model: InputModelFacts | undefined, input: Input): Input {
  const out: Input = {};
  for (const [name, f] of Object.entries(model?.fields ?? {})) if (f.default !== undefined && !f.required) out[name] = f.default;
  return { ...out, ...input };
}

export type CodeUnits = { kind: "units"; units: number } | { kind: "unknown"; deps: string[] } | { kind: "problem"; problem: string } | { kind: "unset" };

export function codeUnits(ep: EndpointFacts, input: Input): CodeUnits {
  const r: Evaluated = evaluate(ep.billing.units, completeInput(ep.input, input));
  if (r.kind === "unknown") return { kind: "unknown", deps: r.deps };
  if (r.kind === "unset") return { kind: "unset" };
  if (r.kind === "error") return { kind: "problem", problem: `Python would raise: ${r.message}` };
  const u = unitsOf(r.value);
  return "units" in u ? { kind: "units", units: u.units } : { kind: "problem", problem: u.problem };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const MP = 1024 * 1024;

function size(input: Input): { w: number; h: number } | undefined {
  const w = num(input.width);
  const h = num(input.height);
  if (w !== undefined && h !== undefined) return { w, h };
  const s = input.image_size;
  if (s && typeof s === "object") {
    const o = s as Record<string, unknown>;
    if (num(o.width) !== undefined && num(o.height) !== undefined) return { w: num(o.width)!, h: num(o.height)! };
  }
  return undefined;
}

const TEXT_FIELDS = ["text", "prompt", "input", "content", "message"];
export function textField(model: InputModelFacts | undefined, input: Input): string | undefined {
  const names = [...TEXT_FIELDS, ...Object.keys(model?.fields ?? {}).filter((f) => model!.fields[f].type === "str")];
  return names.find((n) => typeof input[n] === "string" || model?.fields[n]?.type === "str");
}

/** The strategy's documented units for a request, when the request says enough to compute them. */
export function strategyUnits(strategy: BillingStrategy, input: Input, model: InputModelFacts | undefined, chunkChars?: number): number | undefined {
  const images = num(input.num_images) ?? 1;
  switch (strategy) {
    case "per_image":
      return images;
    case "per_megapixel": {
      const s = size(input);
      return s ? Math.ceil((s.w * s.h) / MP) * images : undefined;
    }
    case "per_video_second": {
      const d = num(input.duration) ?? num(input.duration_seconds) ?? num(input.seconds);
      if (d !== undefined) return d;
      const frames = num(input.num_frames);
      const fps = num(input.fps);
      return frames !== undefined && fps ? frames / fps : undefined;
    }
    case "per_text_chunk": {
      const f = textField(model, input);
      const t = f ? input[f] : undefined;
      return typeof t === "string" && chunkChars ? Math.ceil([...t].length / chunkChars) : undefined;
    }
    default:
      return undefined;
  }
}

/** Requests that tell the strategies apart: the model's defaults and examples, varied where the formula looks. */
export function probeInputs(strategy: BillingStrategy, model: InputModelFacts | undefined, chunkChars?: number): Input[] {
  const base: Input = {};
  for (const [name, f] of Object.entries(model?.fields ?? {})) {
    const v = f.examples?.[0] ?? f.default;
    if (v !== undefined) base[name] = v;
  }
  const has = (n: string) => Boolean(model?.fields[n]);
  const out: Input[] = [base];
  if (has("num_images")) out.push({ ...base, num_images: 3 });
  // Every dimension the model has is varied, whatever the strategy: a formula that counts the
  // wrong thing shows up as soon as that thing changes.
  // 720×1280 is 0.88 megapixels (1 unit), 1536×1024 is 1.5 (2 units): not whole megapixels.
  if (has("width") && has("height")) out.push({ ...base, width: 720, height: 1280 }, { ...base, width: 1536, height: 1024 });
  else if (has("image_size")) out.push({ ...base, image_size: { width: 720, height: 1280 } });
  const f = textField(model, base);
  if (f) for (const n of chunkChars ? [1, chunkChars, chunkChars + 1, 3 * chunkChars] : [1, 2500]) out.push({ ...base, [f]: "a".repeat(n) });
  for (const d of ["duration", "duration_seconds", "seconds", "num_frames"]) if (typeof base[d] === "number") out.push({ ...base, [d]: (base[d] as number) * 2 });
  if (strategy === "per_request") {
    const varied: Input = { ...base };
    for (const [k, v] of Object.entries(base)) varied[k] = typeof v === "number" ? v * 2 + 1 : typeof v === "string" ? v + v + "x" : v;
    out.push(varied);
  }
  return out;
}

/** The divisor of `len(text) / N` (or `// N`) in the header's value, for per_text_chunk. */
export function chunkDivisor(ep: EndpointFacts, chunkChars: number, model: InputModelFacts | undefined): number | undefined {
  // Read it off the code: the units of a text of exactly k·N characters change at N+1.
  const f = textField(model, completeInput(model, {}));
  if (!f) return undefined;
  const at = (n: number) => {
    const r = codeUnits(ep, { [f]: "a".repeat(n) });
    return r.kind === "units" ? r.units : undefined;
  };
  const one = at(1);
  if (one === undefined) return undefined;
  // The smallest length whose units exceed those of one character, searched up to 100k.
  let lo = 1;
  let hi = 1;
  while (hi <= 100_000 && at(hi) === one) hi *= 2;
  if (hi > 100_000) return undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (at(mid) === one) lo = mid;
    else hi = mid;
  }
  return lo > 1 && lo !== chunkChars ? lo : undefined;
}
