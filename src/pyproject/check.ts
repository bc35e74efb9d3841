import { ParseError, parseTOML } from "toml-eslint-parser";
import { finding, sortFindings, type Finding } from "../core/findings.js";
import { AUTH_MODES, DEPLOY_STRATEGIES, REGIONS, RETRY_CONDITIONS } from "../core/vocabulary.js";
import { suggest } from "../suggest.js";
import type { PyprojectApp, PyprojectFacts, TomlValue } from "./facts.js";
import { checkHealthCheck, checkImage, checkRetryConfig } from "./tables.js";
import { buildTree, pyRepr, toPlain, type Entry, type TomlNode } from "./toml-tree.js";
import { isBool, isInt, isStr, isStrList, isTable, pyReprKey, strOf, type Add, type Table } from "./values.js";

/*
 * Mirrors get_app_data_from_toml() in fal 1.83.0 (fal/cli/_utils.py) and
 * parse_pyproject_toml() (fal/project.py), but collects every problem instead of raising
 * on the first one. The words are fal's own where fal has one (src/core/messages-pyproject.ts).
 */

/** Every key get_app_data_from_toml() pops from an app table (fal 1.83.0). */
export const APP_KEYS = [
  "ref", "python_entry_point", "image", "auth", "deployment_strategy", "team", "name",
  "requirements", "requirements_context_dir", "python_version",
  "min_concurrency", "max_concurrency", "max_multiplexing", "concurrency_buffer",
  "concurrency_buffer_perc", "scaling_delay", "request_timeout", "request_start_timeout",
  "startup_timeout", "keep_alive", "private_logs", "machine_type", "num_gpus", "regions",
  "app_files", "app_files_ignore", "app_files_context_dir", "exposed_port", "metrics_port",
  "_scheduler", "_scheduler_options", "skip_retry_conditions", "retry_config",
  "termination_grace_period_seconds", "secrets", "data_mounts", "health_check",
  "app_scale_settings", "no_scale",
] as const;
const DEPRECATED_KEYS = new Set(["no_scale"]);
const SUGGESTABLE = APP_KEYS.filter((k) => !DEPRECATED_KEYS.has(k));


/** Passed to the server as ints but not type-checked by fal itself. */
const UNCHECKED_INTS = [
  "min_concurrency", "max_concurrency", "max_multiplexing", "concurrency_buffer",
  "concurrency_buffer_perc", "scaling_delay", "request_timeout", "request_start_timeout",
  "startup_timeout", "num_gpus",
];

/** Python truthiness, as in fal's `if image_config is not None and app_files:`. */
function truthy(n: TomlNode): boolean {
  if (n.kind === "table") return n.entries.size > 0;
  if (n.kind === "array") return n.items.length > 0;
  return n.type === "datetime" || Boolean(n.value);
}

export function checkPyproject(text: string, file: string): PyprojectFacts {
  const diagnostics: Finding[] = [];
  const add: Add = (code, pos, args) => diagnostics.push(finding(code, { file, ...pos }, args));

  let root: Table;
  try {
    // tomli 2.5 (what fal uses) reads TOML 1.1.
    root = buildTree(parseTOML(text, { tomlVersion: "1.1" }));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    add("FP801", { line: Math.max(1, e.lineNumber), column: Math.max(0, e.column) + 1 }, { detail: e.message });
    return { apps: [], diagnostics };
  }

  const tool = root.entries.get("tool");
  const fal = isTable(tool) ? tool.node.entries.get("fal") : undefined;
  if (!isTable(fal)) return { apps: [], diagnostics };
  // fal normalises top-level [tool.fal] keys only: `--` dropped, `-` becomes `_`; last one wins.
  let appsEntry: Entry | undefined;
  for (const [k, e] of fal.node.entries) if (k.replace(/--/g, "").replace(/-/g, "_") === "apps") appsEntry = e;
  if (appsEntry === undefined) return { apps: [], diagnostics };
  if (!isTable(appsEntry)) {
    add("FP803", appsEntry.valuePos, { key: "apps", expected: "a table" });
    return { apps: [], diagnostics };
  }

  const apps: PyprojectApp[] = [];
  for (const [name, entry] of appsEntry.node.entries) {
    const keys: Record<string, TomlValue> = {};
    if (isTable(entry)) {
      for (const [k, e] of entry.node.entries) keys[k] = { value: toPlain(e.node), pos: e.pos, valuePos: e.valuePos };
      checkApp(name, entry, add);
    } else {
      add("FP803", entry.valuePos, { key: "", expected: "a table", app: name });
    }
    apps.push({ tableName: name, pos: entry.pos, keys });
  }
  return { apps, diagnostics: sortFindings(diagnostics) };
}

function checkApp(n: string, app: Entry & { node: Table }, add: Add): void {
  const t = app.node.entries;
  const get = (k: string) => t.get(k);

  // ref / python_entry_point / image
  const ref = get("ref");
  const entryPoint = get("python_entry_point");
  const image = get("image");
  if (entryPoint) {
    if (!isStr(entryPoint)) {
      add("FP803", entryPoint.valuePos, { key: "python_entry_point", expected: "a string", app: n });
    } else {
      const s = strOf(entryPoint);
      const i = s.indexOf(":");
      if (i <= 0 || i === s.length - 1) {
        add("FP808", entryPoint.valuePos, { value: s });
      }
    }
    if (ref) {
      add("FP807", ref.pos, { app: n });
    }
  } else if (ref === undefined) {
    if (image === undefined) {
      add("FP806", app.pos, { app: n });
    }
  } else if (!isStr(ref)) {
    add("FP803", ref.valuePos, { key: "ref", expected: "a string", app: n });
  }

  // fal does not check these; the values must still be strings from a known set.
  const auth = get("auth");
  if (auth) {
    if (!isStr(auth)) add("FP803", auth.valuePos, { key: "auth", expected: "a string" });
    else if (!(AUTH_MODES as readonly string[]).includes(strOf(auth))) {
      add("FP809", auth.valuePos, { value: strOf(auth) });
    }
  }
  const strategy = get("deployment_strategy");
  if (strategy) {
    if (!isStr(strategy)) add("FP803", strategy.valuePos, { key: "deployment_strategy", expected: "a string" });
    // fal looks it up as DeploymentStrategy[value.upper()], so case does not matter.
    else if (!(DEPLOY_STRATEGIES as readonly string[]).includes(strOf(strategy).toLowerCase())) {
      add("FP810", strategy.valuePos, { value: strOf(strategy) });
    }
  }
  for (const k of ["team", "name"]) {
    const e = get(k);
    if (e && !isStr(e)) add("FP803", e.valuePos, { key: k, expected: "a string" });
  }

  const requirements = get("requirements");
  if (requirements) {
    const listOfLists = requirements.node.kind === "array" && requirements.node.items.every(isStrList);
    if (!isStrList(requirements) && !listOfLists) {
      add("FP803", requirements.valuePos, { key: "requirements", expected: "a list of strings or a list of lists of strings" });
    }
  }
  for (const k of ["requirements_context_dir", "app_files_context_dir"]) {
    const e = get(k);
    if (e && !isStr(e)) add("FP803", e.valuePos, { key: k, expected: "a string" });
  }
  const pyVersion = get("python_version");
  if (pyVersion && !isStr(pyVersion)) {
    add("FP803", pyVersion.valuePos, { key: "python_version", expected: "a string", app: n });
  }

  // Integers. keep_alive and termination_grace_period_seconds are checked by fal; the
  // others go to the server as ints unchecked (negative values are left to the scaling rules).
  for (const k of ["keep_alive", "termination_grace_period_seconds", ...UNCHECKED_INTS]) {
    const e = get(k);
    if (e && !isInt(e)) add("FP803", e.valuePos, { key: k, expected: "an integer" });
  }
  for (const k of ["exposed_port", "metrics_port"]) {
    const e = get(k);
    if (!e) continue;
    if (!isInt(e)) add("FP803", e.valuePos, { key: k, expected: "an integer" });
    else {
      const v = (e.node as { value: number }).value;
      if (v < 0 || v > 65535) add("FP811", e.valuePos, { key: k, value: v });
    }
  }
  for (const k of ["private_logs", "app_scale_settings", "no_scale"]) {
    const e = get(k);
    if (e && !isBool(e)) add("FP803", e.valuePos, { key: k, expected: "a boolean" });
  }

  const machineType = get("machine_type");
  if (machineType && !isStr(machineType) && !isStrList(machineType)) {
    add("FP803", machineType.valuePos, { key: "machine_type", expected: "a string or a list of strings" });
  }

  const regions = get("regions");
  if (regions) {
    if (!isStrList(regions) || regions.node.kind !== "array") {
      add("FP803", regions.valuePos, { key: "regions", expected: "a list of strings" });
    } else {
      for (const item of regions.node.items) {
        const r = strOf(item);
        if (!(REGIONS as readonly string[]).includes(r)) {
          add("FP812", item.valuePos, { region: r, suggestion: suggest(r, REGIONS) });
        }
      }
    }
  }

  for (const k of ["app_files", "app_files_ignore", "secrets", "data_mounts", "skip_retry_conditions"]) {
    const e = get(k);
    if (e && !isStrList(e)) add("FP803", e.valuePos, { key: k, expected: "a list of strings" });
  }
  const appFiles = get("app_files");
  const contextDir = get("app_files_context_dir");
  if (contextDir && !appFiles) {
    add("FP813", contextDir.pos, {});
  }
  if (image && appFiles && truthy(appFiles.node)) {
    add("FP814", appFiles.pos, {});
  }

  const scheduler = get("_scheduler");
  if (scheduler && !(isStr(scheduler) && strOf(scheduler) !== "")) {
    if (isStr(scheduler)) add("FP815", scheduler.valuePos, {});
    else add("FP803", scheduler.valuePos, { key: "_scheduler", expected: "a non-empty string" });
  }
  const schedulerOptions = get("_scheduler_options");
  if (schedulerOptions && !isTable(schedulerOptions)) {
    add("FP803", schedulerOptions.valuePos, { key: "_scheduler_options", expected: "a table" });
  }

  const skip = get("skip_retry_conditions");
  if (skip && isStrList(skip) && skip.node.kind === "array") {
    for (const item of skip.node.items) {
      const c = strOf(item);
      if (!(RETRY_CONDITIONS as readonly string[]).includes(c)) {
        add("FP816", item.valuePos, { field: "skip_retry_conditions", condition: c, suggestion: suggest(c, RETRY_CONDITIONS) });
      }
    }
  }
  const retry = get("retry_config");
  if (retry) checkRetryConfig(retry, add);

  const health = get("health_check");
  if (health) checkHealthCheck(n, health, add);
  if (image) checkImage(n, image, add);

  // Keys fal never pops: "Found unexpected keys in pyproject.toml: {...}".
  const noScale = get("no_scale");
  if (noScale) add("FP805", noScale.pos, { key: "no_scale", replacement: "app_scale_settings" });
  for (const [k, e] of t) {
    const known = (APP_KEYS as readonly string[]).includes(k);
    // With no_scale present fal never pops app_scale_settings, so it is left over.
    const leftOver = k === "app_scale_settings" && noScale !== undefined;
    if (known && !leftOver) continue;
    const shown = { key: pyReprKey(k), value: pyRepr(e.node) };
    // App-level keys are not normalised the way top-level [tool.fal] keys are.
    const normal = k.replace(/--/g, "").replace(/-/g, "_");
    if (leftOver) add("FP802", e.pos, { ...shown, reason: "left-over" });
    else if (k === "message" || k === "annotations") add("FP802", e.pos, { ...shown, reason: "deploy-flag" });
    else if ((APP_KEYS as readonly string[]).includes(normal)) add("FP802", e.pos, { ...shown, reason: "rename", suggestion: normal });
    else add("FP802", e.pos, { ...shown, reason: "unknown", suggestion: suggest(k, SUGGESTABLE) });
  }
}
