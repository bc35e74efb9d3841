import { RETRY_CONDITIONS } from "../core/vocabulary.js";
import { suggest } from "../suggest.js";
import { isBool, isInt, isStr, isStrList, isTable, pyReprKey, strOf, type Add } from "./values.js";
import { pyRepr, type Entry } from "./toml-tree.js";

/* The sub-tables of [tool.fal.apps.<name>]: retry_config, health_check and image (fal 1.83). */

const HEALTH_KEYS = ["path", "start_period_seconds", "timeout_seconds", "failure_threshold", "call_regularly", "method"];
const IMAGE_KEYS = ["dockerfile", "image", "build_args", "secrets", "registries", "entrypoint", "cmd"];

export function checkRetryConfig(retry: Entry, add: Add): void {
  if (!isTable(retry)) {
    add("FP803", retry.valuePos, { key: "retry_config", expected: "a mapping of condition -> {retries: int}" });
    return;
  }
  if (retry.node.entries.size === 0) add("FP817", retry.valuePos, {});
  for (const [cond, e] of retry.node.entries) {
    if (!(RETRY_CONDITIONS as readonly string[]).includes(cond)) {
      add("FP816", e.pos, { field: "retry_config condition", condition: cond, suggestion: suggest(cond, RETRY_CONDITIONS) });
    }
    const condition = pyReprKey(cond);
    if (!isTable(e)) {
      add("FP803", e.valuePos, { key: `retry_config[${condition}]`, expected: 'an object of the form {"retries": <non-negative int>}' });
      continue;
    }
    const retries = e.node.entries.get("retries");
    if (!retries) add("FP817", e.valuePos, { condition });
    else if (!isInt(retries)) add("FP803", retries.valuePos, { key: `retry_config[${condition}]['retries']`, expected: "an integer" });
    for (const [k, extra] of e.node.entries) {
      if (k !== "retries") add("FP817", extra.pos, { condition, suggestion: suggest(k, ["retries"]) });
    }
  }
}

export function checkHealthCheck(n: string, health: Entry, add: Add): void {
  if (!isTable(health)) {
    add("FP803", health.valuePos, { key: "health_check", expected: "a table", app: n });
    return;
  }
  const h = health.node.entries;
  const path = h.get("path");
  if (!path) add("FP818", health.pos, { app: n });
  else if (!isStr(path)) add("FP803", path.valuePos, { key: "health_check.path", expected: "a string", app: n });
  for (const k of ["start_period_seconds", "timeout_seconds", "failure_threshold"]) {
    const e = h.get(k);
    if (e && !isInt(e)) add("FP803", e.valuePos, { key: `health_check.${k}`, expected: "an integer" });
  }
  const callRegularly = h.get("call_regularly");
  if (callRegularly && !isBool(callRegularly)) add("FP803", callRegularly.valuePos, { key: "health_check.call_regularly", expected: "a boolean" });
  const method = h.get("method");
  if (method && !isStr(method)) add("FP803", method.valuePos, { key: "health_check.method", expected: "a string" });
  for (const [k, e] of h) {
    if (HEALTH_KEYS.includes(k)) continue;
    add("FP819", e.pos, { app: n, key: pyReprKey(k), value: pyRepr(e.node), suggestion: suggest(k, HEALTH_KEYS) });
  }
}

export function checkImage(n: string, image: Entry, add: Add): void {
  if (!isTable(image)) {
    add("FP803", image.valuePos, { key: "image", expected: "a table", app: n });
    return;
  }
  const m = image.node.entries;
  const dockerfile = m.get("dockerfile");
  const ref = m.get("image");
  if (!dockerfile && !ref) add("FP820", image.pos, { app: n, problem: "neither" });
  if (dockerfile && ref) add("FP820", ref.pos, { app: n, problem: "both" });
  if (dockerfile && !isStr(dockerfile)) add("FP803", dockerfile.valuePos, { key: "image.dockerfile", expected: "a string", app: n });
  if (ref && !isStr(ref)) add("FP803", ref.valuePos, { key: "image.image", expected: "a non-empty string", app: n });
  else if (ref && strOf(ref).trim() === "") add("FP820", ref.valuePos, { app: n, problem: "empty" });
  if (!dockerfile) {
    for (const k of ["build_args", "secrets"]) {
      const e = m.get(k);
      if (e) add("FP821", e.pos, { key: k });
    }
  }
  for (const k of ["entrypoint", "cmd"]) {
    const e = m.get(k);
    if (e && !isStr(e) && !isStrList(e)) add("FP803", e.valuePos, { key: k, expected: "a string or list of strings" });
  }
  const registries = m.get("registries");
  if (registries) {
    if (!isTable(registries)) add("FP803", registries.valuePos, { key: "registries", expected: "a table" });
    else {
      for (const r of registries.node.entries.values()) {
        if (!isTable(r)) add("FP803", r.valuePos, { key: "Each registry", expected: "a table" });
        else if (!r.node.entries.has("username") || !r.node.entries.has("password")) add("FP822", r.pos, {});
      }
    }
  }
  for (const [k, e] of m) {
    if (IMAGE_KEYS.includes(k)) continue;
    add("FP823", e.pos, { app: n, key: pyReprKey(k), value: pyRepr(e.node), suggestion: suggest(k, IMAGE_KEYS) });
  }
}
