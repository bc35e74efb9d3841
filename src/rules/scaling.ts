import { finding, type Finding, type Pos } from "../core/findings.js";
import { MACHINE_TYPES, REGIONS } from "../core/vocabulary.js";
import { billableEndpoints } from "../derived.js";
import type { ProjectFacts } from "../project.js";
import type { PyAttribute } from "../python/facts.js";

/** Scaling attributes and the smallest value each may take. */
const MINIMUM: Record<string, number> = {
  min_concurrency: 0,
  max_concurrency: 1,
  concurrency_buffer: 0,
  concurrency_buffer_perc: 0,
  scaling_delay: 0,
  keep_alive: 0,
  max_multiplexing: 1,
  request_timeout: 1,
  startup_timeout: 1,
};

export function scalingRules(f: ProjectFacts): Finding[] {
  const out: Finding[] = [];
  const app = f.app?.cls;
  if (!app) return out;
  const file = f.app!.file;
  const at = (pos: Pos) => ({ file, ...pos });
  const attr = (name: string): PyAttribute | undefined => app.attributes[name];
  const intOf = (a: PyAttribute | undefined) => (a?.literal && typeof a.value === "number" && Number.isInteger(a.value) ? a.value : undefined);

  for (const [name, min] of Object.entries(MINIMUM)) {
    const a = attr(name);
    if (!a?.literal || a.value === null) continue;
    const v = intOf(a);
    const max = name === "concurrency_buffer_perc" ? 100 : Infinity;
    if (v === undefined || v < min || v > max) {
      out.push(finding("FP401", at(a.pos), { name, text: a.text, min, ...(max === Infinity ? {} : { max }) }));
    }
  }
  const min = intOf(attr("min_concurrency"));
  const maxAttr = attr("max_concurrency");
  const max = intOf(maxAttr);
  if (min !== undefined && max !== undefined && max >= 1 && max < min) {
    out.push(finding("FP402", at(maxAttr!.pos), { max, min }));
  }

  const mux = intOf(attr("max_multiplexing"));
  if (mux !== undefined && mux > 1) {
    for (const e of billableEndpoints(f).filter((e) => !e.isAsync)) {
      out.push(finding("FP403", at(e.defPos), { multiplexing: mux, functionName: e.functionName }));
    }
  }

  const machine = attr("machine_type");
  const types = machine?.literal ? (Array.isArray(machine.value) ? machine.value : [machine.value]) : [];
  for (const t of types) {
    if (typeof t !== "string" || !(MACHINE_TYPES as readonly string[]).includes(t)) {
      out.push(finding("FP404", at(machine!.pos), { machineType: t }));
    }
  }
  const gpus = attr("num_gpus");
  if (gpus?.literal && gpus.value !== null) {
    const n = intOf(gpus);
    const cpuOnly = types.length > 0 && types.every((t) => typeof t === "string" && !t.startsWith("GPU-"));
    if (n === undefined || n < 1) out.push(finding("FP406", at(gpus.pos), { text: gpus.text }));
    else if (cpuOnly) out.push(finding("FP408", at(gpus.pos), { gpus: n, machineTypes: types.map(String) }));
  }

  const regions = attr("regions");
  if (regions?.literal && Array.isArray(regions.value)) {
    for (const r of regions.value) {
      if (typeof r !== "string" || !(REGIONS as readonly string[]).includes(r)) {
        out.push(finding("FP405", at(regions.pos), { region: r }));
      }
    }
  }

  const missing = ["request_timeout", "startup_timeout"].filter((n) => !attr(n));
  if (missing.length) {
    out.push(finding("FP407", at(app.pos), { missing }));
  }
  return out;
}
