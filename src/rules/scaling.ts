import type { Diagnostic } from "../diagnostics.js";
import type { ProjectFacts } from "../project.js";
import type { PyAttribute } from "../python/facts.js";
import { isHealthEndpoint } from "./billing.js";
import { finding } from "./finding.js";

/** Machine types named by fal 1.83's docstrings and metrics code; fal itself does not validate. */
export const KNOWN_MACHINE_TYPES = ["XS", "S", "M", "L", "XL", "GPU-A6000", "GPU-A100", "GPU-L40", "GPU-H100", "GPU-H200", "GPU-B200", "GPU-RTX4090", "GPU-RTX5090"];
/** fal.cli._utils.VALID_REGIONS in fal 1.83. */
export const VALID_REGIONS = ["us-west", "us-central", "us-east", "eu-north", "eu-west"];

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

export function scalingRules(f: ProjectFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const app = f.appClass;
  const file = f.appFile;
  if (!app || !file) return out;
  const attr = (name: string): PyAttribute | undefined => app.attributes[name];
  const intOf = (a: PyAttribute | undefined) => (a?.literal && typeof a.value === "number" && Number.isInteger(a.value) ? a.value : undefined);

  for (const [name, min] of Object.entries(MINIMUM)) {
    const a = attr(name);
    if (!a?.literal || a.value === null) continue;
    const v = intOf(a);
    const max = name === "concurrency_buffer_perc" ? 100 : Infinity;
    if (v === undefined || v < min || v > max) {
      out.push(finding("FP401", file, a.pos, `${name} = ${a.text} must be an integer ${max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`}.`, `Set ${name} to a whole number${min > 0 ? ` of at least ${min}` : ""}.`));
    }
  }
  const min = intOf(attr("min_concurrency"));
  const maxAttr = attr("max_concurrency");
  const max = intOf(maxAttr);
  if (min !== undefined && max !== undefined && max >= 1 && max < min) {
    out.push(finding("FP402", file, maxAttr!.pos, `max_concurrency = ${max} is below min_concurrency = ${min}.`, "Raise max_concurrency to at least min_concurrency."));
  }

  const mux = intOf(attr("max_multiplexing"));
  if (mux !== undefined && mux > 1) {
    for (const e of app.endpoints.filter((e) => !e.isAsync && !isHealthEndpoint(e))) {
      out.push(finding("FP403", file, e.defPos, `max_multiplexing = ${mux}, but ${e.functionName} is synchronous, so requests on one runner wait for each other.`, `Make it \`async def\`, or set max_multiplexing = 1.`));
    }
  }

  const machine = attr("machine_type");
  const types = machine?.literal ? (Array.isArray(machine.value) ? machine.value : [machine.value]) : [];
  for (const t of types) {
    if (typeof t !== "string" || !KNOWN_MACHINE_TYPES.includes(t)) {
      out.push(finding("FP404", file, machine!.pos, `machine_type ${JSON.stringify(t)} is not a machine type falpub knows.`, `Known: ${KNOWN_MACHINE_TYPES.join(", ")}. If fal added a new one, silence FP404 with a reason.`));
    }
  }
  const gpus = attr("num_gpus");
  if (gpus?.literal && gpus.value !== null) {
    const n = intOf(gpus);
    const cpuOnly = types.length > 0 && types.every((t) => typeof t === "string" && !t.startsWith("GPU-"));
    if (n === undefined || n < 1) out.push(finding("FP406", file, gpus.pos, `num_gpus = ${gpus.text} must be a positive integer.`, "Set num_gpus to 1 or more, or remove it."));
    else if (cpuOnly) out.push(finding("FP406", file, gpus.pos, `num_gpus = ${n} on CPU machine type(s) ${types.join(", ")}.`, "Use a GPU- machine type, or remove num_gpus."));
  }

  const regions = attr("regions");
  if (regions?.literal && Array.isArray(regions.value)) {
    for (const r of regions.value) {
      if (typeof r !== "string" || !VALID_REGIONS.includes(r)) {
        out.push(finding("FP405", file, regions.pos, `Region ${JSON.stringify(r)} is not one fal accepts.`, `Valid regions: ${VALID_REGIONS.join(", ")}.`));
      }
    }
  }

  const missing = ["request_timeout", "startup_timeout"].filter((n) => !attr(n));
  if (missing.length) {
    out.push(finding("FP407", file, app.pos, `${missing.join(" and ")} not set; platform defaults apply (request 3600 s, startup 600 s).`, `Set ${missing.join(" and ")} on the class so the limits are yours, not the platform's.`));
  }
  return out;
}
