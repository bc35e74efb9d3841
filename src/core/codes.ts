/**
 * Every finding code falpub can emit: code, rule name, default severity and summary, once.
 * The words of each finding are written by src/core/messages.ts (keyed by the same codes);
 * the README's rules reference is checked against this table row by row (test/cli/readme.test.ts).
 */
export type Severity = "error" | "warning" | "info";

export interface CodeInfo {
  rule: string;
  severity: Severity;
  summary: string;
}

export const CODES = {
  // FP0xx: the manifest file itself, and what `app.ref` points at
  FP001: { rule: "yaml-syntax", severity: "error", summary: "The manifest is not valid YAML." },
  FP002: { rule: "duplicate-key", severity: "error", summary: "A key appears twice in the same mapping." },
  FP003: { rule: "unknown-key", severity: "error", summary: "A key the manifest schema does not know (with a did-you-mean suggestion)." },
  FP004: { rule: "wrong-type", severity: "error", summary: "A manifest value has the wrong type (e.g. a list where a string belongs)." },
  FP005: { rule: "missing-key", severity: "error", summary: "A required key is missing." },
  FP006: { rule: "empty-manifest", severity: "error", summary: "The manifest file is empty." },
  FP007: { rule: "unsupported-version", severity: "error", summary: "`version` is not a manifest version this falpub understands." },
  FP008: { rule: "app-file-missing", severity: "error", summary: "The Python file named by `app.ref` does not exist or cannot be read." },
  FP009: { rule: "app-class-not-found", severity: "error", summary: "The class `app.ref` names after `::` is not a `fal.App` subclass in the file." },
  FP010: { rule: "suppression-unused", severity: "warning", summary: "An `ignore` entry names a code that did not fire, cannot be silenced, or was renumbered." },
  FP011: { rule: "value-not-allowed", severity: "error", summary: "A manifest value is not one of the allowed values (with a did-you-mean suggestion)." },
  FP012: { rule: "value-invalid", severity: "error", summary: "A manifest value breaks a constraint (empty text, not positive, not a finding code)." },
  FP013: { rule: "app-class-none", severity: "error", summary: "The file `app.ref` names has no `fal.App` subclass." },
  FP014: { rule: "app-class-ambiguous", severity: "error", summary: "The file has several `fal.App` subclasses and `app.ref` names none (`file.py::Class`)." },
  FP015: { rule: "ref-app-unknown", severity: "error", summary: "`app.ref` is an app name, but pyproject.toml has no [tool.fal.apps.<name>] table for it." },
  FP016: { rule: "manifest-not-mapping", severity: "error", summary: "The manifest is a scalar or a list, not a mapping of keys." },
  FP017: { rule: "entry-point-not-in-project", severity: "error", summary: "pyproject's `python_entry_point` names a module that is not a file of the project, so its code cannot be checked." },

  // FP1xx: auth mode
  FP101: { rule: "auth-not-shared", severity: "error", summary: "The manifest's `app.auth` is missing or not `shared`; Marketplace apps must be shared." },
  FP102: { rule: "auth-conflict-code", severity: "error", summary: "The class's `app_auth` disagrees with the manifest." },
  FP103: { rule: "auth-conflict-pyproject", severity: "error", summary: "`auth` in pyproject.toml disagrees with the manifest." },
  FP104: { rule: "auth-from-flag", severity: "info", summary: "The class sets no `app_auth`; falpub deploy will pass `--auth shared`." },
  FP105: { rule: "auth-unset-app-name-ref", severity: "error", summary: "An app-name ref with no `auth` in pyproject.toml nor `app_auth` in the class: fal rejects `--auth`, so the app would deploy private." },

  // FP2xx: billing
  FP201: { rule: "billing-strategy-missing", severity: "error", summary: "No `billing.strategy` is declared." },
  FP202: { rule: "billing-parameter", severity: "error", summary: "A billing parameter the strategy needs is missing, or disagrees with the code (`chunk_chars` vs the divisor the code uses)." },
  FP203: { rule: "billing-header-missing", severity: "error", summary: "No path of an endpoint sets `x-fal-billable-units` on the response it sends; fal would bill GPU seconds instead." },
  FP204: { rule: "billing-header-unexpected", severity: "warning", summary: "Strategy is gpu_seconds but an endpoint sets `x-fal-billable-units`." },
  FP205: { rule: "billing-formula-mismatch", severity: "warning", summary: "On a probe request (from the input model's defaults and examples), the code's units differ from the strategy's documented formula; the finding shows the request and both numbers." },
  FP206: { rule: "billing-no-endpoints", severity: "warning", summary: "The app has no billable endpoint." },
  FP207: { rule: "billing-header-conditional", severity: "warning", summary: "An endpoint sets `x-fal-billable-units` on some paths only (an early return, a branch, a loop, an except); the finding names a path without it." },
  FP208: { rule: "billing-header-not-string", severity: "error", summary: "The header is set to a number, not a string; Starlette fails the request with a 500." },
  FP209: { rule: "billing-header-dict-unused", severity: "warning", summary: "A dict literal holds the `x-fal-billable-units` key but never becomes the response's headers." },
  FP210: { rule: "billing-header-discarded", severity: "error", summary: "The header is set on the injected `response`, but the endpoint returns a new Response, which FastAPI sends without it." },
  FP211: { rule: "billing-example-mismatch", severity: "error", summary: "On a `billing.examples` request, the code's units differ from the declared units (or the code sets no header, or fails)." },
  FP212: { rule: "billing-example-unevaluable", severity: "info", summary: "A `billing.examples` request cannot be evaluated statically; the finding says on what the units depend." },
  FP213: { rule: "billing-realtime", severity: "info", summary: "A websocket or realtime endpoint: no per-request header is sent, so fal bills it GPU seconds." },

  // FP3xx: health check
  FP301: { rule: "health-check-missing", severity: "error", summary: "No endpoint declares `health_check=fal.HealthCheck(...)`." },
  FP302: { rule: "health-check-multiple", severity: "error", summary: "More than one health check endpoint (fal allows one)." },
  FP303: { rule: "health-check-websocket", severity: "error", summary: "The health check endpoint is a websocket endpoint." },
  FP304: { rule: "health-check-thresholds", severity: "warning", summary: "A health check threshold is not a sane positive integer." },
  FP305: { rule: "health-check-ignored-settings", severity: "warning", summary: "`call_regularly=False` makes `failure_threshold`/`start_period_seconds` ignored." },
  FP306: { rule: "health-check-method", severity: "warning", summary: "The health check's `method` is not an HTTP method." },

  // FP4xx: scaling and machines
  FP401: { rule: "scaling-negative", severity: "error", summary: "A scaling value is negative or not an integer." },
  FP402: { rule: "scaling-max-below-min", severity: "error", summary: "`max_concurrency` is lower than `min_concurrency`." },
  FP403: { rule: "multiplexing-needs-async", severity: "warning", summary: "`max_multiplexing` > 1 with synchronous endpoint handlers." },
  FP404: { rule: "machine-type-unknown", severity: "warning", summary: "A machine type not in the list falpub knows." },
  FP405: { rule: "region-invalid", severity: "error", summary: "A region fal does not accept." },
  FP406: { rule: "num-gpus-invalid", severity: "warning", summary: "`num_gpus` is not a positive integer." },
  FP407: { rule: "timeouts-implicit", severity: "info", summary: "`request_timeout`/`startup_timeout` not set; platform defaults apply." },
  FP408: { rule: "num-gpus-on-cpu", severity: "warning", summary: "`num_gpus` is set on CPU machine types only." },

  // FP5xx: naming
  FP501: { rule: "app-name-invalid", severity: "error", summary: "The app name is not lowercase kebab-case (a-z, 0-9, single dashes)." },
  FP502: { rule: "app-name-conflict-code", severity: "warning", summary: "The manifest's `app.name` disagrees with the class's `app_name`." },
  FP503: { rule: "app-name-double-dash", severity: "error", summary: "The app name contains `--`, which fal reserves as the environment separator." },
  FP504: { rule: "app-name-too-long", severity: "error", summary: "The app name is longer than 63 characters." },
  FP505: { rule: "app-name-conflict-pyproject", severity: "warning", summary: "The manifest's `app.name` disagrees with `name` in pyproject.toml." },

  // FP6xx: secrets
  FP601: { rule: "secret-literal", severity: "error", summary: "A literal that looks like a fal key is written in the manifest or the app source." },

  // FP7xx: marketplace card
  FP701: { rule: "card-title-missing", severity: "warning", summary: "`marketplace.title` is missing (needed for the listing)." },
  FP702: { rule: "card-description-missing", severity: "warning", summary: "`marketplace.description` is missing (needed for the listing)." },
  FP703: { rule: "card-category-missing", severity: "warning", summary: "`marketplace.category` is missing (needed for the listing)." },

  // FP8xx: pyproject.toml [tool.fal.apps.<name>], checked as fal 1.83 checks it
  FP801: { rule: "toml-syntax", severity: "error", summary: "pyproject.toml is not valid TOML." },
  FP802: { rule: "pyproject-unexpected-key", severity: "error", summary: "A key fal deploy does not accept under [tool.fal.apps.<name>] (fal: `Found unexpected keys in pyproject.toml`)." },
  FP803: { rule: "pyproject-wrong-type", severity: "error", summary: "A key has a type fal deploy rejects (e.g. `keep_alive must be an integer.`)." },
  FP805: { rule: "pyproject-deprecated-key", severity: "warning", summary: "A deprecated key (e.g. `no_scale`)." },
  FP806: { rule: "pyproject-ref-missing", severity: "error", summary: "An app table has neither `ref`, `python_entry_point` nor `image`." },
  FP807: { rule: "pyproject-ref-conflict", severity: "error", summary: "An app table has both `ref` and `python_entry_point`." },
  FP808: { rule: "pyproject-entry-point-format", severity: "error", summary: "`python_entry_point` is not `<module>:<symbol>`." },
  FP809: { rule: "pyproject-auth-invalid", severity: "error", summary: "`auth` is not one of shared, private, public (fal does not check it and deploys with no auth mode)." },
  FP810: { rule: "pyproject-deployment-strategy-invalid", severity: "error", summary: "`deployment_strategy` is not rolling or recreate (fal fails later with a KeyError)." },
  FP811: { rule: "pyproject-port-range", severity: "error", summary: "`exposed_port`/`metrics_port` is not between 0 and 65535." },
  FP812: { rule: "pyproject-region-invalid", severity: "error", summary: "A region in `regions` fal does not accept." },
  FP813: { rule: "pyproject-context-dir-without-files", severity: "error", summary: "`app_files_context_dir` without `app_files`." },
  FP814: { rule: "pyproject-app-files-container", severity: "error", summary: "`app_files` on a container app (`image`)." },
  FP815: { rule: "pyproject-scheduler-empty", severity: "error", summary: "`_scheduler` is an empty string." },
  FP816: { rule: "pyproject-retry-condition-invalid", severity: "error", summary: "A retry condition (`skip_retry_conditions`, `retry_config`) fal does not know." },
  FP817: { rule: "pyproject-retry-config-shape", severity: "error", summary: "`retry_config` is empty or a condition is not `{retries = <int>}`." },
  FP818: { rule: "pyproject-health-check-path", severity: "error", summary: "`health_check` does not specify `path`." },
  FP819: { rule: "pyproject-health-check-unexpected-key", severity: "error", summary: "A key fal does not accept in `health_check`." },
  FP820: { rule: "pyproject-image-source", severity: "error", summary: "`image` names neither or both of `dockerfile` and `image`, or `image.image` is empty." },
  FP821: { rule: "pyproject-image-dockerfile-only", severity: "error", summary: "`build_args`/`secrets` in `image` without `dockerfile`." },
  FP822: { rule: "pyproject-registry-credentials", severity: "error", summary: "An image registry without `username` and `password`." },
  FP823: { rule: "pyproject-image-unexpected-key", severity: "error", summary: "A key fal does not accept in `image`." },

  // FP9xx: the app's Python source
  FP901: { rule: "python-syntax", severity: "error", summary: "The app's Python source has a syntax error." },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export const isCode = (code: string): code is Code => Object.hasOwn(CODES, code);

/** Codes that cannot be silenced: without them nothing else can be trusted. */
export const UNSILENCEABLE: ReadonlySet<string> = new Set<Code>(["FP001", "FP002", "FP006", "FP601", "FP901"]);

/**
 * Renumbered in 0.2: a code that covered several checks, and the codes those checks have now.
 * A code still listed in CODES kept one of its checks. The README's table is checked against this.
 */
export const RENUMBERED: Readonly<Record<string, readonly Code[]>> = {
  FP004: ["FP004", "FP011", "FP012", "FP016"],
  FP008: ["FP008", "FP015"],
  FP009: ["FP009", "FP013", "FP014"],
  FP103: ["FP103", "FP105"],
  FP304: ["FP304", "FP306"],
  FP406: ["FP406", "FP408"],
  FP501: ["FP501", "FP503", "FP504"],
  FP502: ["FP502", "FP505"],
  FP804: ["FP806", "FP807", "FP808", "FP809", "FP810", "FP811", "FP812", "FP813", "FP814", "FP815", "FP816", "FP817", "FP818", "FP819", "FP820", "FP821", "FP822", "FP823"],
};
