import type { Severity } from "../diagnostics.js";

/**
 * Every finding code falpub can emit: the one place where codes, default severities and
 * summaries live. The README's rules reference is checked against this list by a test.
 */
export interface CodeInfo {
  rule: string;
  severity: Severity;
  summary: string;
}

export const CODES = {
  // FP0xx: the manifest file itself
  FP001: { rule: "yaml-syntax", severity: "error", summary: "The manifest is not valid YAML." },
  FP002: { rule: "duplicate-key", severity: "error", summary: "A key appears twice in the same mapping." },
  FP003: { rule: "unknown-key", severity: "error", summary: "A key the manifest schema does not know (with a did-you-mean suggestion)." },
  FP004: { rule: "invalid-value", severity: "error", summary: "A value has the wrong type or is not one of the allowed values." },
  FP005: { rule: "missing-key", severity: "error", summary: "A required key is missing." },
  FP006: { rule: "empty-manifest", severity: "error", summary: "The manifest file is empty." },
  FP007: { rule: "unsupported-version", severity: "error", summary: "`version` is not a manifest version this falpub understands." },
  FP008: { rule: "app-file-missing", severity: "error", summary: "The Python file named by `app.ref` does not exist." },
  FP009: { rule: "app-class-not-found", severity: "error", summary: "No `fal.App` subclass matches `app.ref` (none, the named one is missing, or several without `::Class`)." },
  FP010: { rule: "suppression-unused", severity: "warning", summary: "An `ignore` entry names a code that did not fire." },

  // FP1xx: auth mode
  FP101: { rule: "auth-not-shared", severity: "error", summary: "The manifest's `app.auth` is not `shared`; Marketplace apps must be shared." },
  FP102: { rule: "auth-conflict-code", severity: "error", summary: "The class's `app_auth` disagrees with the manifest." },
  FP103: { rule: "auth-conflict-pyproject", severity: "error", summary: "`auth` in pyproject.toml disagrees with the manifest." },
  FP104: { rule: "auth-from-flag", severity: "info", summary: "The class sets no `app_auth`; falpub deploy will pass `--auth shared`." },

  // FP2xx: billing
  FP201: { rule: "billing-strategy-missing", severity: "error", summary: "No `billing.strategy` is declared." },
  FP202: { rule: "billing-parameter", severity: "error", summary: "A billing parameter the strategy needs is missing or invalid (e.g. `chunk_chars` for per_text_chunk)." },
  FP203: { rule: "billing-header-missing", severity: "error", summary: "An endpoint never sets `x-fal-billable-units`; fal would bill GPU seconds instead." },
  FP204: { rule: "billing-header-unexpected", severity: "warning", summary: "Strategy is gpu_seconds but an endpoint sets `x-fal-billable-units`." },
  FP205: { rule: "billing-formula-mismatch", severity: "warning", summary: "The header's value expression does not look like the declared strategy's formula." },
  FP206: { rule: "billing-no-endpoints", severity: "warning", summary: "The app has no billable endpoint." },
  FP207: { rule: "billing-header-conditional", severity: "warning", summary: "An endpoint sets `x-fal-billable-units` only inside a branch or loop; requests on other paths are billed GPU seconds." },

  // FP3xx: health check
  FP301: { rule: "health-check-missing", severity: "error", summary: "No endpoint declares `health_check=fal.HealthCheck(...)`." },
  FP302: { rule: "health-check-multiple", severity: "error", summary: "More than one health check endpoint (fal allows one)." },
  FP303: { rule: "health-check-websocket", severity: "error", summary: "The health check endpoint is a websocket endpoint." },
  FP304: { rule: "health-check-thresholds", severity: "warning", summary: "A health check threshold is not a sane positive integer, or the method is not an HTTP method." },
  FP305: { rule: "health-check-ignored-settings", severity: "warning", summary: "`call_regularly=False` makes `failure_threshold`/`start_period_seconds` ignored." },

  // FP4xx: scaling and machines
  FP401: { rule: "scaling-negative", severity: "error", summary: "A scaling value is negative or not an integer." },
  FP402: { rule: "scaling-max-below-min", severity: "error", summary: "`max_concurrency` is lower than `min_concurrency` (or below 1)." },
  FP403: { rule: "multiplexing-needs-async", severity: "warning", summary: "`max_multiplexing` > 1 with synchronous endpoint handlers." },
  FP404: { rule: "machine-type-unknown", severity: "warning", summary: "A machine type not in the list falpub knows." },
  FP405: { rule: "region-invalid", severity: "error", summary: "A region fal does not accept." },
  FP406: { rule: "num-gpus-invalid", severity: "warning", summary: "`num_gpus` set on a CPU machine type, or not a positive integer." },
  FP407: { rule: "timeouts-implicit", severity: "info", summary: "`request_timeout`/`startup_timeout` not set; platform defaults apply." },

  // FP5xx: naming
  FP501: { rule: "app-name-invalid", severity: "error", summary: "The app name is not lowercase kebab-case, contains `--`, or is longer than 63 characters." },
  FP502: { rule: "app-name-conflict", severity: "warning", summary: "The manifest's `app.name` disagrees with the class's `app_name` or pyproject `name`." },

  // FP6xx: secrets
  FP601: { rule: "secret-literal", severity: "error", summary: "A literal that looks like a fal key is written in the manifest or the app source." },

  // FP7xx: marketplace card
  FP701: { rule: "card-title-missing", severity: "warning", summary: "`marketplace.title` is missing (needed for the listing)." },
  FP702: { rule: "card-description-missing", severity: "warning", summary: "`marketplace.description` is missing (needed for the listing)." },
  FP703: { rule: "card-category-missing", severity: "warning", summary: "`marketplace.category` is missing (needed for the listing)." },

  // FP8xx: pyproject.toml [tool.fal.apps.<name>]
  FP801: { rule: "toml-syntax", severity: "error", summary: "pyproject.toml is not valid TOML." },
  FP802: { rule: "pyproject-unexpected-key", severity: "error", summary: "A key fal deploy does not accept under [tool.fal.apps.<name>] (fal: `Found unexpected keys in pyproject.toml`)." },
  FP803: { rule: "pyproject-wrong-type", severity: "error", summary: "A key has a type fal deploy rejects (e.g. `keep_alive must be an integer.`)." },
  FP804: { rule: "pyproject-invalid-value", severity: "error", summary: "A value fal rejects or fails on later (regions, ports, auth, deployment_strategy, ref/python_entry_point)." },
  FP805: { rule: "pyproject-deprecated-key", severity: "warning", summary: "A deprecated key (e.g. `no_scale`)." },

  // FP9xx: the app's Python source
  FP901: { rule: "python-syntax", severity: "error", summary: "The app's Python source has a syntax error." },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
