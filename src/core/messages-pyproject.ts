import type { NoArgs } from "./messages.js";
import { AUTH_MODES, DEPLOY_STRATEGIES, REGIONS, RETRY_CONDITIONS } from "./vocabulary.js";

/*
 * The words of the FP8xx findings (pyproject.toml [tool.fal.apps.<name>]): fal 1.83's own
 * messages where fal has one (fal/cli/_utils.py get_app_data_from_toml), so users can search them.
 */

const didYouMean = (s: string | undefined) => (s === undefined ? undefined : `did you mean \`${s}\`?`);
const RETRY_SHAPE = (condition: string) => `retry_config[${condition}] must be an object of the form {"retries": <non-negative int>}`;

/** The types fal asks for, in its words. */
export type Expected =
  | "a string"
  | "a non-empty string"
  | "an integer"
  | "a boolean"
  | "a table"
  | "a list of strings"
  | "a string or a list of strings"
  | "a string or list of strings"
  | "a list of strings or a list of lists of strings"
  | "a mapping of condition -> {retries: int}"
  | 'an object of the form {"retries": <non-negative int>}';

/** `key` is the dotted key ("health_check.path"); `app` is set where fal names the app. */
type WrongType = { key: string; expected: Expected; app?: string };
/** An unexpected key inside a sub-table, with fal's Python repr of key and value. */
type Unexpected = { app: string; key: string; value: string; suggestion?: string };

function wrongType(a: WrongType) {
  if (a.app !== undefined) {
    const subject = a.key ? `App ${a.app} ${a.key}` : `App ${a.app}`;
    return { message: `${subject} must be ${a.expected} in pyproject.toml`, hint: a.key ? undefined : `write it as [tool.fal.apps.${a.app}]` };
  }
  if (a.key === "apps") return { message: "apps must be a table in pyproject.toml.", hint: "write [tool.fal.apps.<name>] tables" };
  return { message: `${a.key} must be ${a.expected}${a.expected === "a table" ? " in pyproject.toml" : ""}.` };
}

export const PYPROJECT_MESSAGES = {
  FP801: (a: { detail: string }) => ({ message: a.detail }),
  FP802: (a: { key: string; value: string; reason: "left-over" | "deploy-flag" | "rename" | "unknown"; suggestion?: string }) => ({
    message: `Found unexpected keys in pyproject.toml: {${a.key}: ${a.value}}`,
    hint:
      a.reason === "left-over"
        ? "fal reads the deprecated no_scale first and then rejects app_scale_settings; remove no_scale"
        : a.reason === "deploy-flag"
          ? "fal never reads message/annotations from pyproject.toml; use `falpub deploy --message/--annotation`"
          : a.reason === "rename"
            ? `use ${a.suggestion}`
            : didYouMean(a.suggestion),
  }),
  FP803: wrongType,
  FP805: (a: { key: "no_scale"; replacement: "app_scale_settings" }) => ({ message: `${a.key} is deprecated, use ${a.replacement} instead` }),
  FP806: (a: { app: string }) => ({ message: `App ${a.app} does not have a ref key in pyproject.toml`, hint: 'add ref = "app.py::MyApp"' }),
  FP807: (a: { app: string }) => ({ message: `App ${a.app} cannot have both ref and python_entry_point keys in pyproject.toml`, hint: "keep only one of them" }),
  FP808: (_: { value: string }) => ({ message: "python_entry_point must be in '<module>:<symbol>' format." }),
  FP809: (_: { value: string }) => ({ message: `auth must be one of: ${AUTH_MODES.join(", ")}.`, hint: "fal does not validate it and deploys with no auth mode (shown as private)" }),
  FP810: (_: { value: string }) => ({ message: `deployment_strategy must be one of: ${DEPLOY_STRATEGIES.join(", ")}.`, hint: "fal fails later with a KeyError on any other value" }),
  FP811: (a: { key: string; value: number }) => ({ message: `${a.key} must be between 0 and 65535.` }),
  FP812: (a: { region: string; suggestion?: string }) => ({
    message: `Invalid regions: ${a.region}. Valid regions are: ${[...REGIONS].sort().join(", ")}`,
    hint: didYouMean(a.suggestion),
  }),
  FP813: (_: NoArgs) => ({ message: "app_files_context_dir is only supported when app_files is provided." }),
  FP814: (_: NoArgs) => ({ message: "app_files is not supported for container apps." }),
  FP815: (_: NoArgs) => ({ message: "_scheduler must be a non-empty string." }),
  FP816: (a: { field: "skip_retry_conditions" | "retry_config condition"; condition: string; suggestion?: string }) => ({
    message: `Invalid ${a.field}: ${a.condition}. Valid conditions are: ${RETRY_CONDITIONS.join(", ")}`,
    hint: didYouMean(a.suggestion),
  }),
  FP817: (a: { condition?: string; suggestion?: string }) => ({
    message: a.condition === undefined ? "retry_config must have at least one condition." : RETRY_SHAPE(a.condition),
    hint: didYouMean(a.suggestion),
  }),
  FP818: (a: { app: string }) => ({ message: `App ${a.app} health_check must specify 'path' in pyproject.toml` }),
  FP819: (a: Unexpected) => ({ message: `Found unexpected keys in app ${a.app} health_check: {${a.key}: ${a.value}}`, hint: didYouMean(a.suggestion) }),
  FP820: (a: { app: string; problem: "neither" | "both" | "empty" }) => ({
    message:
      a.problem === "neither"
        ? `App ${a.app} image must specify either 'dockerfile' (path) or 'image' (container image) in pyproject.toml`
        : a.problem === "both"
          ? `App ${a.app} image must specify only one of 'dockerfile' or 'image' in pyproject.toml`
          : `App ${a.app} image.image must be a non-empty string in pyproject.toml`,
  }),
  FP821: (a: { key: string }) => ({ message: `Image key(s) '${a.key}' are only supported with image.dockerfile in pyproject.toml` }),
  FP822: (_: NoArgs) => ({ message: "Username and password are required for each registry" }),
  FP823: (a: Unexpected) => ({ message: `Found unexpected keys in app ${a.app} image: {${a.key}: ${a.value}}`, hint: didYouMean(a.suggestion) }),
};
