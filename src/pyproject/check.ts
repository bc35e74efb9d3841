import { ParseError, parseTOML } from "toml-eslint-parser";
import { sortDiagnostics, type Diagnostic, type Pos } from "../diagnostics.js";
import { CODES, type Code } from "../rules/codes.js";
import { suggest } from "../suggest.js";
import type { PyprojectApp, PyprojectFacts, TomlValue } from "./facts.js";
import { buildTree, pyRepr, toPlain, toPos, type Entry, type TomlNode } from "./toml-tree.js";

/*
 * Mirrors get_app_data_from_toml() in fal 1.83.0 (fal/cli/_utils.py) and
 * parse_pyproject_toml() (fal/project.py), but collects every problem instead of raising
 * on the first one. Messages are fal's own where fal has one, so users can search them.
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

export const VALID_REGIONS = ["eu-north", "eu-west", "us-central", "us-east", "us-west"] as const;
const RETRY_CONDITIONS = ["connection_error", "server_error", "timeout"] as const;
const AUTH_MODES = ["public", "private", "shared"] as const;
const HEALTH_KEYS = ["path", "start_period_seconds", "timeout_seconds", "failure_threshold", "call_regularly", "method"];
const IMAGE_KEYS = ["dockerfile", "image", "build_args", "secrets", "registries", "entrypoint", "cmd"];

/** Passed to the server as ints but not type-checked by fal itself. */
const UNCHECKED_INTS = [
  "min_concurrency", "max_concurrency", "max_multiplexing", "concurrency_buffer",
  "concurrency_buffer_perc", "scaling_delay", "request_timeout", "request_start_timeout",
  "startup_timeout", "num_gpus",
];

type Table = TomlNode & { kind: "table" };
type Add = (code: Code, message: string, pos: Pos, hint?: string) => void;

const isTable = (e: Entry | undefined): e is Entry & { node: Table } => e?.node.kind === "table";
const isType = (e: Entry | undefined, t: string) => e?.node.kind === "scalar" && e.node.type === t;
const isStr = (e: Entry | undefined) => isType(e, "str");
/** Python's isinstance(x, int) without bool: TOML keeps the two apart already. */
const isInt = (e: Entry | undefined) => isType(e, "int");
const isBool = (e: Entry | undefined) => isType(e, "bool");
const isStrList = (e: Entry | undefined) => e?.node.kind === "array" && e.node.items.every(isStr);
const strOf = (e: Entry) => (e.node.kind === "scalar" && e.node.type === "str" ? (e.node.value as string) : "");
/** Python truthiness, as in fal's `if image_config is not None and app_files:`. */
function truthy(n: TomlNode): boolean {
  if (n.kind === "table") return n.entries.size > 0;
  if (n.kind === "array") return n.items.length > 0;
  return n.type === "datetime" || Boolean(n.value);
}
const didYouMean = (word: string, candidates: readonly string[]) => {
  const s = suggest(word, candidates);
  return s === undefined ? undefined : `did you mean \`${s}\`?`;
};

export function checkPyproject(text: string, file: string): PyprojectFacts {
  const diagnostics: Diagnostic[] = [];
  const add: Add = (code, message, pos, hint) => {
    const d: Diagnostic = { code, severity: CODES[code].severity, message, file, line: pos.line, column: pos.column };
    if (hint !== undefined) d.hint = hint;
    diagnostics.push(d);
  };

  let root: Table;
  try {
    // tomli 2.5 (what fal uses) reads TOML 1.1.
    root = buildTree(parseTOML(text, { tomlVersion: "1.1" }));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    add("FP801", e.message, { line: Math.max(1, e.lineNumber), column: Math.max(0, e.column) + 1 });
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
    add("FP803", "apps must be a table in pyproject.toml.", appsEntry.valuePos, "write [tool.fal.apps.<name>] tables");
    return { apps: [], diagnostics };
  }

  const apps: PyprojectApp[] = [];
  for (const [name, entry] of appsEntry.node.entries) {
    const keys: Record<string, TomlValue> = {};
    if (isTable(entry)) {
      for (const [k, e] of entry.node.entries) keys[k] = { value: toPlain(e.node), pos: e.pos, valuePos: e.valuePos };
      checkApp(name, entry, add);
    } else {
      add("FP803", `App ${name} must be a table in pyproject.toml.`, entry.valuePos, `write it as [tool.fal.apps.${name}]`);
    }
    apps.push({ tableName: name, pos: entry.pos, keys });
  }
  return { apps, diagnostics: sortDiagnostics(diagnostics) };
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
      add("FP803", `App ${n} python_entry_point must be a string in pyproject.toml`, entryPoint.valuePos);
    } else {
      const s = strOf(entryPoint);
      const i = s.indexOf(":");
      if (i <= 0 || i === s.length - 1) {
        add("FP804", "python_entry_point must be in '<module>:<symbol>' format.", entryPoint.valuePos);
      }
    }
    if (ref) {
      add("FP804", `App ${n} cannot have both ref and python_entry_point keys in pyproject.toml`, ref.pos, "keep only one of them");
    }
  } else if (ref === undefined) {
    if (image === undefined) {
      add("FP804", `App ${n} does not have a ref key in pyproject.toml`, app.pos, 'add ref = "app.py::MyApp"');
    }
  } else if (!isStr(ref)) {
    add("FP803", `App ${n} ref must be a string in pyproject.toml`, ref.valuePos);
  }

  // fal does not check these; the values must still be strings from a known set.
  const auth = get("auth");
  if (auth) {
    if (!isStr(auth)) add("FP803", "auth must be a string.", auth.valuePos);
    else if (!(AUTH_MODES as readonly string[]).includes(strOf(auth))) {
      add("FP804", `auth must be one of: ${AUTH_MODES.join(", ")}.`, auth.valuePos,
        "fal does not validate it and deploys with no auth mode (shown as private)");
    }
  }
  const strategy = get("deployment_strategy");
  if (strategy) {
    if (!isStr(strategy)) add("FP803", "deployment_strategy must be a string.", strategy.valuePos);
    // fal looks it up as DeploymentStrategy[value.upper()], so case does not matter.
    else if (!["rolling", "recreate"].includes(strOf(strategy).toLowerCase())) {
      add("FP804", "deployment_strategy must be one of: rolling, recreate.", strategy.valuePos,
        "fal fails later with a KeyError on any other value");
    }
  }
  for (const k of ["team", "name"]) {
    const e = get(k);
    if (e && !isStr(e)) add("FP803", `${k} must be a string.`, e.valuePos);
  }

  const requirements = get("requirements");
  if (requirements) {
    const listOfLists = requirements.node.kind === "array" && requirements.node.items.every(isStrList);
    if (!isStrList(requirements) && !listOfLists) {
      add("FP803", "requirements must be a list of strings or a list of lists of strings.", requirements.valuePos);
    }
  }
  for (const k of ["requirements_context_dir", "app_files_context_dir"]) {
    const e = get(k);
    if (e && !isStr(e)) add("FP803", `${k} must be a string.`, e.valuePos);
  }
  const pyVersion = get("python_version");
  if (pyVersion && !isStr(pyVersion)) {
    add("FP803", `App ${n} python_version must be a string in pyproject.toml`, pyVersion.valuePos);
  }

  // Integers. keep_alive and termination_grace_period_seconds are checked by fal; the
  // others go to the server as ints unchecked (negative values are left to the scaling rules).
  for (const k of ["keep_alive", "termination_grace_period_seconds", ...UNCHECKED_INTS]) {
    const e = get(k);
    if (e && !isInt(e)) add("FP803", `${k} must be an integer.`, e.valuePos);
  }
  for (const k of ["exposed_port", "metrics_port"]) {
    const e = get(k);
    if (!e) continue;
    if (!isInt(e)) add("FP803", `${k} must be an integer.`, e.valuePos);
    else {
      const v = (e.node as { value: number }).value;
      if (v < 0 || v > 65535) add("FP804", `${k} must be between 0 and 65535.`, e.valuePos);
    }
  }
  for (const k of ["private_logs", "app_scale_settings", "no_scale"]) {
    const e = get(k);
    if (e && !isBool(e)) add("FP803", `${k} must be a boolean.`, e.valuePos);
  }

  const machineType = get("machine_type");
  if (machineType && !isStr(machineType) && !isStrList(machineType)) {
    add("FP803", "machine_type must be a string or a list of strings.", machineType.valuePos);
  }

  const regions = get("regions");
  if (regions) {
    if (!isStrList(regions) || regions.node.kind !== "array") {
      add("FP803", "regions must be a list of strings.", regions.valuePos);
    } else {
      for (const item of regions.node.items) {
        const r = strOf(item);
        if (!(VALID_REGIONS as readonly string[]).includes(r)) {
          add("FP804", `Invalid regions: ${r}. Valid regions are: ${VALID_REGIONS.join(", ")}`, item.valuePos,
            didYouMean(r, VALID_REGIONS));
        }
      }
    }
  }

  for (const k of ["app_files", "app_files_ignore", "secrets", "data_mounts", "skip_retry_conditions"]) {
    const e = get(k);
    if (e && !isStrList(e)) add("FP803", `${k} must be a list of strings.`, e.valuePos);
  }
  const appFiles = get("app_files");
  const contextDir = get("app_files_context_dir");
  if (contextDir && !appFiles) {
    add("FP804", "app_files_context_dir is only supported when app_files is provided.", contextDir.pos);
  }
  if (image && appFiles && truthy(appFiles.node)) {
    add("FP804", "app_files is not supported for container apps.", appFiles.pos);
  }

  const scheduler = get("_scheduler");
  if (scheduler && !(isStr(scheduler) && strOf(scheduler) !== "")) {
    add(isStr(scheduler) ? "FP804" : "FP803", "_scheduler must be a non-empty string.", scheduler.valuePos);
  }
  const schedulerOptions = get("_scheduler_options");
  if (schedulerOptions && !isTable(schedulerOptions)) {
    add("FP803", "_scheduler_options must be a table in pyproject.toml.", schedulerOptions.valuePos);
  }

  const skip = get("skip_retry_conditions");
  if (skip && isStrList(skip) && skip.node.kind === "array") {
    for (const item of skip.node.items) {
      const c = strOf(item);
      if (!(RETRY_CONDITIONS as readonly string[]).includes(c)) {
        add("FP804", `Invalid skip_retry_conditions: ${c}. Valid conditions are: ${RETRY_CONDITIONS.join(", ")}`,
          item.valuePos, didYouMean(c, RETRY_CONDITIONS));
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
  if (noScale) add("FP805", "no_scale is deprecated, use app_scale_settings instead", noScale.pos);
  for (const [k, e] of t) {
    const known = (APP_KEYS as readonly string[]).includes(k);
    // With no_scale present fal never pops app_scale_settings, so it is left over.
    const leftOver = k === "app_scale_settings" && noScale !== undefined;
    if (known && !leftOver) continue;
    const message = `Found unexpected keys in pyproject.toml: {${pyReprKey(k)}: ${pyRepr(e.node)}}`;
    let hint: string | undefined;
    if (leftOver) hint = "fal reads the deprecated no_scale first and then rejects app_scale_settings; remove no_scale";
    else if (k === "message" || k === "annotations") {
      hint = "fal never reads message/annotations from pyproject.toml; use `falpub deploy --message/--annotation`";
    } else {
      // App-level keys are not normalised the way top-level [tool.fal] keys are.
      const normal = k.replace(/--/g, "").replace(/-/g, "_");
      hint = (APP_KEYS as readonly string[]).includes(normal) ? `use ${normal}` : didYouMean(k, SUGGESTABLE);
    }
    add("FP802", message, e.pos, hint);
  }
}

const pyReprKey = (k: string) => pyRepr({ kind: "scalar", type: "str", value: k, text: k });

function checkRetryConfig(retry: Entry, add: Add): void {
  if (!isTable(retry)) {
    add("FP803", "retry_config must be a mapping of condition -> {retries: int}", retry.valuePos);
    return;
  }
  if (retry.node.entries.size === 0) {
    add("FP804", "retry_config must have at least one condition.", retry.valuePos);
  }
  for (const [cond, e] of retry.node.entries) {
    if (!(RETRY_CONDITIONS as readonly string[]).includes(cond)) {
      add("FP804", `Invalid retry_config condition: ${cond}. Valid conditions are: ${RETRY_CONDITIONS.join(", ")}`,
        e.pos, didYouMean(cond, RETRY_CONDITIONS));
    }
    const shape = `retry_config[${pyReprKey(cond)}] must be an object of the form {"retries": <non-negative int>}`;
    if (!isTable(e)) {
      add("FP803", shape, e.valuePos);
      continue;
    }
    const retries = e.node.entries.get("retries");
    if (!retries) add("FP804", shape, e.valuePos);
    else if (!isInt(retries)) {
      add("FP803", `retry_config[${pyReprKey(cond)}]['retries'] must be an integer`, retries.valuePos);
    }
    for (const [k, extra] of e.node.entries) {
      if (k !== "retries") add("FP804", shape, extra.pos, didYouMean(k, ["retries"]));
    }
  }
}

function checkHealthCheck(n: string, health: Entry, add: Add): void {
  if (!isTable(health)) {
    add("FP803", `App ${n} health_check must be a table in pyproject.toml`, health.valuePos);
    return;
  }
  const h = health.node.entries;
  const path = h.get("path");
  if (!path) add("FP804", `App ${n} health_check must specify 'path' in pyproject.toml`, health.pos);
  else if (!isStr(path)) add("FP803", `App ${n} health_check.path must be a string in pyproject.toml`, path.valuePos);
  for (const k of ["start_period_seconds", "timeout_seconds", "failure_threshold"]) {
    const e = h.get(k);
    if (e && !isInt(e)) add("FP803", `health_check.${k} must be an integer.`, e.valuePos);
  }
  const callRegularly = h.get("call_regularly");
  if (callRegularly && !isBool(callRegularly)) {
    add("FP803", "health_check.call_regularly must be a boolean.", callRegularly.valuePos);
  }
  const method = h.get("method");
  if (method && !isStr(method)) add("FP803", "health_check.method must be a string.", method.valuePos);
  for (const [k, e] of h) {
    if (HEALTH_KEYS.includes(k)) continue;
    add("FP804", `Found unexpected keys in app ${n} health_check: {${pyReprKey(k)}: ${pyRepr(e.node)}}`, e.pos,
      didYouMean(k, HEALTH_KEYS));
  }
}

function checkImage(n: string, image: Entry, add: Add): void {
  if (!isTable(image)) {
    add("FP803", `App ${n} image must be a table in pyproject.toml`, image.valuePos);
    return;
  }
  const m = image.node.entries;
  const dockerfile = m.get("dockerfile");
  const ref = m.get("image");
  if (!dockerfile && !ref) {
    add("FP804", `App ${n} image must specify either 'dockerfile' (path) or 'image' (container image) in pyproject.toml`,
      image.pos);
  }
  if (dockerfile && ref) {
    add("FP804", `App ${n} image must specify only one of 'dockerfile' or 'image' in pyproject.toml`, ref.pos);
  }
  if (dockerfile && !isStr(dockerfile)) {
    add("FP803", `App ${n} image.dockerfile must be a string in pyproject.toml`, dockerfile.valuePos);
  }
  if (ref && !(isStr(ref) && strOf(ref).trim() !== "")) {
    add(isStr(ref) ? "FP804" : "FP803", `App ${n} image.image must be a non-empty string in pyproject.toml`, ref.valuePos);
  }
  if (!dockerfile) {
    for (const k of ["build_args", "secrets"]) {
      const e = m.get(k);
      if (e) add("FP804", `Image key(s) '${k}' are only supported with image.dockerfile in pyproject.toml`, e.pos);
    }
  }
  for (const k of ["entrypoint", "cmd"]) {
    const e = m.get(k);
    if (e && !isStr(e) && !isStrList(e)) add("FP803", `${k} must be a string or list of strings.`, e.valuePos);
  }
  const registries = m.get("registries");
  if (registries) {
    if (!isTable(registries)) add("FP803", "registries must be a table in pyproject.toml", registries.valuePos);
    else {
      for (const r of registries.node.entries.values()) {
        if (!isTable(r)) add("FP803", "Each registry must be a table in pyproject.toml", r.valuePos);
        else if (!r.node.entries.has("username") || !r.node.entries.has("password")) {
          add("FP804", "Username and password are required for each registry", r.pos);
        }
      }
    }
  }
  for (const [k, e] of m) {
    if (IMAGE_KEYS.includes(k)) continue;
    add("FP804", `Found unexpected keys in app ${n} image: {${pyReprKey(k)}: ${pyRepr(e.node)}}`, e.pos,
      didYouMean(k, IMAGE_KEYS));
  }
}
