import { Chalk } from "chalk";
import type { DeployOutcome } from "../fal/types.js";
import type { ChecklistItem } from "./build.js";

const MARK = { done: "✔", todo: "○", failed: "✖" } as const;

/** The checklist for people. Colour only when asked (the caller decided whether this is a terminal). */
export function renderChecklist(items: ChecklistItem[], color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const paint = { done: c.green, todo: c.yellow, failed: c.red } as const;
  const lines = [c.bold("Publishing checklist")];
  for (const item of items) {
    lines.push(`  ${paint[item.status](`${MARK[item.status]} ${item.status.padEnd(6)}`)} ${item.title}`);
    for (const e of item.evidence) lines.push(c.dim(`             ${e}`));
  }
  const todo = items.filter((i) => i.status !== "done").length;
  lines.push("", todo ? `${todo} of ${items.length} steps left before the Marketplace listing.` : "All steps done.");
  return lines.join("\n") + "\n";
}

/** One line (plus the tail when it failed) saying what fal did. */
export function renderOutcome(outcome: DeployOutcome, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  switch (outcome.kind) {
    case "deployed":
      return `${c.green("✔")} Deployed ${outcome.appName}, revision ${outcome.revision}${outcome.status ? ` (${outcome.status})` : ""}\n${outcome.urls.map((u) => `    ${u}\n`).join("")}`;
    case "not-authenticated":
      return `${c.red("✖")} fal is not authenticated.\n  Set FAL_KEY=<key_id>:<key_secret> in the environment (CI: a repository secret), or run \`fal auth login\`.\n${tail(outcome.tail)}`;
    case "unreachable":
      return `${c.red("✖")} fal could not reach its server.\n  Check the network (and FAL_HOST/FAL_GRPC_HOST if set), then retry.\n${tail(outcome.tail)}`;
    case "invalid-app":
      return `${c.red("✖")} fal could not load the app.\n  Try \`fal run <ref>\` locally to see the full error.\n${tail(outcome.tail)}`;
    case "timeout":
      return `${c.red("✖")} fal did not finish within ${Math.round(outcome.timeoutMs / 1000)} s and was stopped (raise --timeout if builds take longer).\n${tail(outcome.tail)}`;
    case "interrupted":
      return `${c.red("✖")} Interrupted; fal was stopped.\n`;
    case "failed":
      return `${c.red("✖")} fal deploy failed${outcome.exitCode !== null ? ` (exit ${outcome.exitCode})` : ""}. Its last lines:\n${tail(outcome.tail)}`;
  }
}

function tail(lines: string[]): string {
  return lines.length ? lines.map((l) => `  | ${l}\n`).join("") : "";
}
