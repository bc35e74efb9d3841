import type { Pos } from "../diagnostics.js";

/**
 * What falpub learns from an app's Python source without running it.
 * Produced by analysePython() in src/python/analyse.ts; consumed by src/rules/.
 */

/** A literal value as Python wrote it. `literal: false` means "an expression we do not evaluate". */
export type PyLiteral = string | number | boolean | null | PyLiteral[];

export interface PyValue {
  /** The evaluated literal, when the expression is a plain literal (str, int, float, bool, None, list/tuple of those). */
  value?: PyLiteral;
  literal: boolean;
  /** The expression's source text, trimmed. */
  text: string;
  /** Where the expression starts. */
  pos: Pos;
}

export interface PyAttribute extends PyValue {
  name: string;
  /** Where the name is written (class body assignment target, or class keyword name). */
  namePos: Pos;
  /** `class X(fal.App, keep_alive=10)` is "class-kwarg"; `keep_alive = 10` in the body is "class-attribute". */
  source: "class-attribute" | "class-kwarg";
}

export interface HealthCheckFacts {
  /** Position of the `fal.HealthCheck(...)` call (or of `health_check=` when the value is not a call). */
  pos: Pos;
  /** Keyword arguments of HealthCheck(...): start_period_seconds, timeout_seconds, failure_threshold, call_regularly, method. */
  args: Record<string, PyValue>;
}

export interface BillingHeaderSet {
  /** Position of the statement/expression that sets `x-fal-billable-units` (header name matched case-insensitively). */
  pos: Pos;
  /** Source text of the value expression, e.g. `str(len(images))`. */
  valueText: string;
  /** Identifiers and attribute names used in the value expression (e.g. ["str", "len", "images"]), for strategy heuristics. */
  identifiers: string[];
  /** Numeric literals appearing in the value expression. */
  numbers: number[];
  /** The value is a plain constant literal (e.g. "1" or 1). */
  constant: boolean;
  /** Set inside an if/for/while/match or a nested function of the body it was found in, so not on every path. */
  conditional: boolean;
  /** Name of the helper (a `self.` method or module function called by the endpoint) that sets it; absent when set in the endpoint itself. */
  via?: string;
}

export interface EndpointFacts {
  /** The function name of the decorated method. */
  functionName: string;
  /** The route path given to @fal.endpoint("..."), when literal. */
  path?: string;
  /** Position of the decorator. */
  pos: Pos;
  /** Position of the `def`. */
  defPos: Pos;
  isAsync: boolean;
  /** @fal.endpoint(..., is_websocket=True) or @fal.realtime(...)/websocket decorators. */
  isWebsocket: boolean;
  healthCheck?: HealthCheckFacts;
  /** Every place in the function body that sets the billing header (Response param headers, Response(...headers=...), JSONResponse(headers=...)). */
  billingHeaderSets: BillingHeaderSet[];
  /** FieldException(..., billable_units=...) raises in the body. */
  fieldExceptionBillable: { pos: Pos; valueText: string; via?: string }[];
}

export interface AppClassFacts {
  className: string;
  /** Position of the `class` keyword line (the class name). */
  pos: Pos;
  /** Base expressions as written, e.g. ["fal.App"]. */
  bases: string[];
  /** All of: app_auth, app_name, machine_type, num_gpus, min_concurrency, max_concurrency,
   * concurrency_buffer, concurrency_buffer_perc, scaling_delay, max_multiplexing, keep_alive,
   * request_timeout, startup_timeout, regions, requirements, name (class kwarg) … whatever is set,
   * keyed by name. When both a kwarg and a body attribute exist, the body attribute wins (fal's precedence). */
  attributes: Record<string, PyAttribute>;
  endpoints: EndpointFacts[];
  /** Has a `setup(self)` method. */
  hasSetup: boolean;
}

export interface PythonSyntaxError {
  pos: Pos;
  message: string;
}

export interface PythonFileFacts {
  /** Classes deriving from fal.App / App (imported from fal), or from another such class in the same file. */
  apps: AppClassFacts[];
  syntaxErrors: PythonSyntaxError[];
}
