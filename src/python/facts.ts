import type { Pos } from "../diagnostics.js";
import type { Expr } from "./expr.js";

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
  /** Set when the attribute is inherited from a class in another file of the project. */
  file?: string;
}

export interface HealthCheckFacts {
  /** Position of the `fal.HealthCheck(...)` call (or of `health_check=` when the value is not a call). */
  pos: Pos;
  /** Keyword arguments of HealthCheck(...): start_period_seconds, timeout_seconds, failure_threshold, call_regularly, method. */
  args: Record<string, PyValue>;
}

/** A place that sets `x-fal-billable-units`, as the checklist lists it. */
export interface BillingHeaderSet {
  pos: Pos;
  /** Another file of the project (a helper imported from it); absent: the app file. */
  file?: string;
  valueText: string;
}

/** One write of the billing header, with its value for the units evaluator. */
export interface SetSite {
  pos: Pos;
  file?: string;
  /** The value expression's source text. */
  text: string;
  value: Expr;
}

/** What the flow layer proves about one endpoint's billing header (src/python/billing-flow.ts). */
export interface EndpointBilling {
  /** always: every successful path sets it; some: not every path; never: no path. */
  fact: "always" | "some" | "never";
  /** The header's value on the response the caller gets, as a path-dependent expression. */
  units: Expr;
  /** The writes that reach the caller's response. */
  sets: SetSite[];
  /** A successful way out without the header: where it leaves and the choices that lead there. */
  missing?: { pos: Pos; implicit: boolean; path: string[] };
  /** `return Response(...)` while the header was set on the injected `response` (FastAPI drops it). */
  discarded: { pos: Pos; set: SetSite }[];
  /** Every write met, helpers included (also those that never reach the caller). */
  writes: SetSite[];
  /** Dict literals that contain the header's key but never become response headers. */
  strayDicts: SetSite[];
  /** The name of the injected response parameter, if the endpoint takes one. */
  responseParam?: string;
}

/** A pydantic request model: each field's default and examples. */
export interface InputModelFacts {
  className: string;
  fields: Record<string, { type: string; default?: PyLiteral; examples?: PyLiteral[]; required: boolean }>;
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
  /** Another file of the project (inherited from a base class there); absent: the app file. */
  file?: string;
  /** The writes of the billing header that reach the caller's response. */
  billingHeaderSets: BillingHeaderSet[];
  billing: EndpointBilling;
  /** The request model, when the body parameter is annotated with a project class. */
  input?: InputModelFacts;
}

export interface AppClassFacts {
  className: string;
  /** Position of the `class` keyword line (the class name). */
  pos: Pos;
  /** All of: app_auth, app_name, machine_type, num_gpus, min_concurrency, max_concurrency,
   * concurrency_buffer, concurrency_buffer_perc, scaling_delay, max_multiplexing, keep_alive,
   * request_timeout, startup_timeout, regions, requirements, name (class kwarg) … whatever is set,
   * keyed by name. When both a kwarg and a body attribute exist, the body attribute wins (fal's precedence). */
  attributes: Record<string, PyAttribute>;
  endpoints: EndpointFacts[];
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
