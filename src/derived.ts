import type { Pos } from "./core/findings.js";
import type { ProjectFacts } from "./project.js";
import type { EndpointFacts } from "./python/facts.js";

/*
 * Facts derived from a loaded project, used by rules, the checklist and the commands alike:
 * the one place that says which name the deploy uses and which endpoints bill or check health.
 */

/** fal's own derivation (fal.app._to_fal_app_name): PascalCase → kebab-case. */
export function falAppNameFromClass(className: string): string {
  const parts = className.match(/[A-Z][a-z]*/g);
  if (parts) return parts.map((p) => p.toLowerCase()).join("-");
  if (className.includes("_")) return className.split("_").filter(Boolean).map((p) => p.toLowerCase()).join("-");
  return className.toLowerCase();
}

export interface EffectiveName {
  name: string;
  file: string;
  pos: Pos;
  source: string;
}

/** The name the deploy will use, in fal's precedence, with where it comes from. */
export function effectiveAppName(f: ProjectFacts): EffectiveName | undefined {
  const m = f.manifest;
  if (m.manifest.app?.name) return { name: m.manifest.app.name, file: m.file, pos: m.pos(["app", "name"], "value"), source: "app.name" };
  const table = f.pyproject?.app;
  if (f.refIsAppName && table) {
    const toml = table.keys.name;
    if (typeof toml?.value === "string") return { name: toml.value, file: f.pyproject!.file, pos: toml.valuePos, source: "pyproject name" };
    return { name: table.tableName, file: f.pyproject!.file, pos: table.pos, source: "pyproject table" };
  }
  const cls = f.app?.cls;
  if (!cls) return undefined;
  const file = f.app!.file;
  for (const key of ["app_name", "name"]) {
    const a = cls.attributes[key];
    if (a?.literal && typeof a.value === "string") return { name: a.value, file, pos: a.pos, source: key };
  }
  return { name: falAppNameFromClass(cls.className), file, pos: cls.pos, source: "class name" };
}

export function isHealthEndpoint(e: EndpointFacts): boolean {
  return e.healthCheck !== undefined;
}

/** A plain endpoint that looks like a health endpoint (`/health`, `/ping`, …) but is not declared as the health check. */
export function isPlainHealthRoute(e: EndpointFacts): boolean {
  return !e.healthCheck && !e.isWebsocket && /^\/?(health|healthz|ping|ready|readyz|live|livez|status)$/.test(e.path ?? "");
}

/** The endpoints callers pay for: every endpoint but the health check (declared, or plainly named so). */
export function billableEndpoints(f: ProjectFacts): EndpointFacts[] {
  return f.app?.cls?.endpoints.filter((e) => !isHealthEndpoint(e) && !isPlainHealthRoute(e)) ?? [];
}

/** The endpoints that declare `health_check=fal.HealthCheck(...)`. */
export function healthEndpoints(f: ProjectFacts): EndpointFacts[] {
  return f.app?.cls?.endpoints.filter(isHealthEndpoint) ?? [];
}
