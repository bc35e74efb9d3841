import { input, select } from "@inquirer/prompts";
import { EXIT, FalpubError } from "../errors.js";
import { BILLING_STRATEGIES, type BillingStrategy } from "../core/vocabulary.js";
import { MACHINE_TYPES } from "../core/vocabulary.js";
import { deriveNames, validateAppName } from "./scaffold.js";

/**
 * init's questions on a terminal. Ctrl-C or Ctrl-D ends a prompt with inquirer's
 * ExitPromptError: that is the person stopping, exit 130, never an "internal error".
 */

/** One line per strategy, shown beside it in the list. */
export const STRATEGY_DESCRIPTIONS: Record<BillingStrategy, string> = {
  per_image: "a price per image returned",
  per_megapixel: "per megapixel of output (ceil(w×h/1024²) per image)",
  per_video_second: "per second of video generated",
  per_text_chunk: "per chunk of input text (e.g. 1000 characters)",
  per_request: "a flat price per request",
  gpu_seconds: "no header: fal bills the GPU time used",
};

async function asked<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) {
      throw new FalpubError("Interrupted; nothing was written.", EXIT.interrupted);
    }
    throw error;
  }
}

export function chooseStrategy(context?: string): Promise<BillingStrategy> {
  const width = Math.max(...BILLING_STRATEGIES.map((s) => s.length)) + 2;
  return asked(() =>
    select<BillingStrategy>({
      message: context ? `${context} How will callers be billed?` : "How will callers be billed?",
      choices: BILLING_STRATEGIES.map((s) => ({ value: s, name: `${s.padEnd(width)}${STRATEGY_DESCRIPTIONS[s]}`, short: s })),
    }),
  );
}

/** The message for an invalid name, with a valid one made from it when there is one. */
export function nameProblemWithSuggestion(value: string): string | undefined {
  const problem = validateAppName(value);
  if (!problem) return undefined;
  const suggestion = deriveNames(value).appName;
  return suggestion !== value && !validateAppName(suggestion) && value.trim() !== "" ? `${problem} Try \`${suggestion}\`.` : problem;
}

export function askName(suggested: string): Promise<string> {
  return asked(() => input({ message: "App name (kebab-case)", default: suggested, validate: (v) => nameProblemWithSuggestion(v) ?? true }));
}

export function chooseMachine(suggested: string): Promise<string> {
  return asked(() =>
    select({
      message: "Machine type",
      default: suggested,
      choices: MACHINE_TYPES.map((t) => ({ value: t, name: t })),
    }),
  );
}
