import { CODES, type Code } from "../../src/core/codes.js";

/**
 * For every finding code, edits of the clean baseline (test/support/memfs.ts) that make it
 * fire: the property test draws from this table, so every code is exercised, and a code
 * added or renumbered in codes.ts fails to compile here until it has a row.
 *
 * An edit is [file, from, to]; `from` not found (an earlier scenario changed it) skips the edit.
 */
export type ScenarioFile = "manifest" | "app" | "pyproject";
export type Edit = [file: ScenarioFile, from: string | RegExp, to: string];

/** How a scenario lands on a project: append to the manifest, or replace text. */
const appendManifest = (text: string): Edit => ["manifest", /$/, text];
const pyprojectKey = (line: string): Edit => ["pyproject", 'auth = "shared"\n', `auth = "shared"\n${line}\n`];
const noRef = (line: string): Edit => ["pyproject", 'ref = "app.py::TextToImage"', line];
const HEADER_LINE = /        response\.headers\["x-fal-billable-units"\].*\n/;
const GENERATE = /    @fal\.endpoint\("\/"\)[^]*?return \{"images": images\}\n\n/;
const HC = "health_check=fal.HealthCheck(timeout_seconds=5, failure_threshold=3)";

export interface Scenario {
  /** Ways of making the code fire; each a list of edits applied together. */
  variants: Edit[][];
  /**
   * Relative weight when drawing scenarios (default 3). Lower for scenarios that hide the app
   * class or break a whole file, so that most runs still reach the rules on the app.
   */
  weight?: number;
}

export const SCENARIOS = {
  FP001: { weight: 1, variants: [[["manifest", "  auth: shared", '  auth: "shared']], [["manifest", "billing:", "billing: ["]]] },
  FP002: { weight: 1, variants: [[["manifest", "  auth: shared\n", "  auth: shared\n  auth: shared\n"]]] },
  FP003: { variants: [[["manifest", "  title:", "  titel:"]], [["manifest", "billing:", "biling:"]], [["manifest", "  license: MIT\n", "  license: MIT\n  zzzzqqq: 1\n"]]] },
  FP004: { variants: [[["manifest", "0.02", "cheap"]], [["manifest", "  name: text-to-image", "  name: [text-to-image]"]]] },
  FP005: { variants: [[["manifest", "version: 1\n", ""]], [["manifest", "  unit_price_usd: 0.02\n", "  unit_price_usd: 0.02\n  examples:\n    - input: {}\n"]]] },
  FP006: { weight: 1, variants: [[["manifest", /^[^]*$/, ""]], [["manifest", /^[^]*$/, "# only a comment\n"]]] },
  FP007: { variants: [[["manifest", "version: 1", "version: 2"]], [["manifest", "version: 1", 'version: "1"']]] },
  FP008: { weight: 1, variants: [[["manifest", "app.py::", "ap.py::"]]] },
  FP009: { weight: 1, variants: [[["manifest", "::TextToImage", "::TextToImg"]], [["manifest", "ref: app.py::TextToImage", 'ref: "app.py::"']]] },
  FP011: { variants: [[["manifest", "per_image", "per_imag"]], [["manifest", "  auth: shared\n", "  auth: shared\n  strategy: sideways\n"]]] },
  FP012: { variants: [[["manifest", "  strategy: per_image\n", "  strategy: per_image\n  chunk_chars: -3\n"]], [appendManifest("ignore:\n  - code: XX1\n    reason: typo\n")]] },
  FP013: { weight: 1, variants: [[["manifest", "app.py::TextToImage", "app.py"], ["app", "(fal.App)", "(object)"]]] },
  FP014: { weight: 1, variants: [[["manifest", "app.py::TextToImage", "app.py"], ["app", "class Input(BaseModel)", "class Other(fal.App)"]]] },
  FP015: { weight: 1, variants: [[["manifest", "app.py::TextToImage", "t2i"]]] },
  FP016: { weight: 1, variants: [[["manifest", /^[^]*$/, "- a\n- b\n"]], [["manifest", /^[^]*$/, "just text\n"]]] },
  FP017: {
    weight: 1,
    variants: [[["manifest", "app.py::TextToImage", "text-to-image"], ["pyproject", 'ref = "app.py::TextToImage"', 'python_entry_point = "elsewhere.module:TextToImage"']]],
  },
  FP010: { variants: [[appendManifest("ignore:\n  - code: FP404\n    reason: new machine\n")], [appendManifest("ignore:\n  - code: FP601\n    reason: please\n")]] },

  FP101: { variants: [[["manifest", "auth: shared", "auth: private"]], [["manifest", "  auth: shared\n", ""]]] },
  FP102: { variants: [[["app", 'app_auth = "shared"', 'app_auth = "private"']]] },
  FP103: { variants: [[["pyproject", 'auth = "shared"', 'auth = "public"']]] },
  FP105: { variants: [[["manifest", "app.py::TextToImage", "text-to-image"], ["app", '    app_auth = "shared"\n', ""], ["pyproject", 'auth = "shared"\n', ""]]] },
  FP104: { variants: [[["app", '    app_auth = "shared"\n', ""], ["pyproject", 'auth = "shared"\n', ""]]] },

  FP201: { variants: [[["manifest", "  strategy: per_image\n", ""]], [["manifest", /billing:\n.*\n.*\n/, ""]]] },
  FP202: { variants: [[["manifest", "per_image", "per_text_chunk"], ["app", "str(len(images))", "str(math.ceil(len(input.prompt) / 1000))"]]] },
  FP203: { variants: [[["app", HEADER_LINE, ""]]] },
  FP204: { variants: [[["manifest", "per_image", "gpu_seconds"]]] },
  FP205: { variants: [[["app", "str(len(images))", '"1"']], [["manifest", "per_image", "per_request"]]] },
  FP206: { variants: [[["app", GENERATE, ""]]] },
  FP207: {
    variants: [
      [["app", HEADER_LINE, '        if images:\n            response.headers["x-fal-billable-units"] = str(len(images))\n']],
      [["app", HEADER_LINE, '        for _ in images[:1]:\n            response.headers["x-fal-billable-units"] = str(len(images))\n']],
    ],
  },

  FP208: { variants: [[["app", "= str(len(images))\n", "= len(images)\n"]]] },
  FP209: { variants: [[["app", HEADER_LINE, '        print({"x-fal-billable-units": str(len(images))})\n']]] },
  FP210: { variants: [[["app", 'return {"images": images}', 'return JSONResponse({"images": images})']]] },
  FP211: { variants: [[["manifest", "  unit_price_usd: 0.02\n", "  unit_price_usd: 0.02\n  examples:\n    - input: { prompt: fox, num_images: 2 }\n      units: 3\n"]]] },
  FP212: {
    variants: [[["app", "images = [\"image\"] * input.num_images", "images = self.model(input)"], ["manifest", "  unit_price_usd: 0.02\n", "  unit_price_usd: 0.02\n  examples:\n    - input: { prompt: fox }\n      units: 1\n"]]],
  },
  FP213: { variants: [[["app", '@fal.endpoint("/")', '@fal.endpoint("/", is_websocket=True)']]] },

  FP301: { variants: [[["app", `, ${HC}`, ""]]] },
  FP302: { variants: [[["app", "    def setup(self):", `    @fal.endpoint("/ready", ${HC})\n    def ready(self) -> dict:\n        return {}\n\n    def setup(self):`]]] },
  FP303: { variants: [[["app", '"/health", health_check', '"/health", is_websocket=True, health_check']]] },
  FP304: { variants: [[["app", "timeout_seconds=5", "timeout_seconds=0"]], [["app", "failure_threshold=3", "failure_threshold=1000"]]] },
  FP306: { variants: [[["app", "failure_threshold=3", 'failure_threshold=3, method="FETCH"']]] },
  FP305: { variants: [[["app", "failure_threshold=3", "failure_threshold=3, start_period_seconds=10, call_regularly=False"]]] },

  FP401: { variants: [[["app", "keep_alive = 300", "keep_alive = -1"]], [["app", "max_concurrency = 2", "max_concurrency = 2.5"]]] },
  FP402: { variants: [[["app", "min_concurrency = 0", "min_concurrency = 3"]]] },
  FP403: { variants: [[["app", "keep_alive = 300", "keep_alive = 300\n    max_multiplexing = 4"]]] },
  FP404: { variants: [[["app", '"GPU-A100"', '"GPU-Z9"']]] },
  FP405: { variants: [[["app", '["us-east"]', '["us-east", "mars"]']]] },
  FP406: { variants: [[["app", "num_gpus = 1", "num_gpus = 0"]], [["app", "num_gpus = 1", "num_gpus = 1.5"]]] },
  FP408: { variants: [[["app", '"GPU-A100"', '"M"']]] },
  FP407: { variants: [[["app", "    request_timeout = 300\n", ""]], [["app", "    startup_timeout = 600\n", ""]]] },

  FP501: { variants: [[["manifest", "name: text-to-image", "name: Text_To_Image"]]] },
  FP502: { variants: [[["app", 'app_name = "text-to-image"', 'app_name = "t2i"']]] },
  FP503: { variants: [[["manifest", "name: text-to-image", "name: text--image"]]] },
  FP504: { variants: [[["manifest", "name: text-to-image", `name: ${"a".repeat(64)}`]]] },
  FP505: { variants: [[["pyproject", /name = "text-to-image"\n$/, 'name = "t2i"\n']]] },

  FP601: {
    variants: [
      [["app", "import fal\n", 'import fal\nFAL_KEY = "abcdefghijklmnopqrst"\n']],
      [["manifest", "Turns a prompt into images.", "Call with 01234567-89ab-cdef-0123-456789abcdef:ABCDEFGHIJKLMNOPQR"]],
    ],
  },

  FP701: { variants: [[["manifest", "  title: Text to Image\n", ""]]] },
  FP702: { variants: [[["manifest", "  description: Turns a prompt into images.\n", ""]]] },
  FP703: { variants: [[["manifest", "  category: text-to-image\n", ""]]] },

  FP801: { weight: 1, variants: [[["pyproject", 'version = "0.1.0"', 'version = "0.1.0']], [["pyproject", "[tool.fal.apps.text-to-image]", "[tool.fal.apps.text-to-image"]]] },
  FP802: { variants: [[pyprojectKey("keepalive = 10")], [pyprojectKey("message = 'x'")]] },
  FP803: { variants: [[pyprojectKey('keep_alive = "10"')], [pyprojectKey("min_concurrency = 1.5")]] },
  FP805: { variants: [[pyprojectKey("no_scale = true")]] },
  FP806: { variants: [[noRef("keep_alive = 10")]] },
  FP807: { variants: [[pyprojectKey('python_entry_point = "m:f"')]] },
  FP808: { variants: [[noRef('python_entry_point = "pkg"')]] },
  FP809: { variants: [[["pyproject", 'auth = "shared"', 'auth = "Shared"']]] },
  FP810: { variants: [[pyprojectKey('deployment_strategy = "blue"')]] },
  FP811: { variants: [[pyprojectKey("exposed_port = 70000")], [pyprojectKey("metrics_port = -1")]] },
  FP812: { variants: [[pyprojectKey('regions = ["mars"]')]] },
  FP813: { variants: [[pyprojectKey('app_files_context_dir = "src"')]] },
  FP814: { variants: [[pyprojectKey('image = { image = "x" }\napp_files = ["a"]')]] },
  FP815: { variants: [[pyprojectKey('_scheduler = ""')]] },
  FP816: { variants: [[pyprojectKey('skip_retry_conditions = ["timout"]')]] },
  FP817: { variants: [[pyprojectKey("retry_config = {}")]] },
  FP818: { variants: [[pyprojectKey("health_check = { timeout_seconds = 5 }")]] },
  FP819: { variants: [[pyprojectKey('health_check = { path = "/h", methd = "GET" }')]] },
  FP820: { variants: [[pyprojectKey("image = { }")]] },
  FP821: { variants: [[pyprojectKey('image = { image = "x", build_args = { A = "1" } }')]] },
  FP822: { variants: [[pyprojectKey('image = { image = "x", registries = { r = { username = "u" } } }')]] },
  FP823: { variants: [[pyprojectKey('image = { image = "x", tag = 1 }')]] },

  FP901: { weight: 1, variants: [[["app", 'return {"ok": True}', 'return {"ok": True']], [["app", "    def setup(self):", "    def setup(self)"]]] },
} satisfies Record<Code, Scenario>;

export const SCENARIO_CODES = Object.keys(SCENARIOS) as Code[];

/** Codes in codes.ts without a row here (the type check catches this too; this names them). */
export const missingScenarios = (): string[] => Object.keys(CODES).filter((c) => !(c in SCENARIOS));

/** Apply edits to the three texts; an edit whose `from` is gone is skipped. */
export function applyEdits(texts: Record<ScenarioFile, string>, edits: Edit[]): Record<ScenarioFile, string> {
  const out = { ...texts };
  for (const [file, from, to] of edits) out[file] = out[file].replace(from, () => to);
  return out;
}
