import { Chalk } from "chalk";
import type { DeployOutcome, PlatformCheck } from "../fal/types.js";
import type { ChecklistItem } from "./build.js";

const MARK = { done: "✔", todo: "○", failed: "✖" } as const;

/** The checklist for people. Colour only when asked (the caller decided whether this is a terminal). */
export function renderChecklist(items: ChecklistItem[], color: boolean, opts: { heading?: string; footer?: (open: number, total: number) => string } = {}): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const paint = { done: c.green, todo: c.yellow, failed: c.red } as const;
  const lines = [c.bold(opts.heading ?? "Publishing checklist")];
  for (const item of items) {
    lines.push(`  ${paint[item.status](`${MARK[item.status]} ${item.status.padEnd(6)}`)} ${item.title}`);
    for (const e of item.evidence) lines.push(c.dim(`             ${e}`));
  }
  const todo = items.filter((i) => i.status !== "done").length;
  lines.push("", opts.footer ? opts.footer(todo, items.length) : todo ? `${todo} of ${items.length} steps left before the Marketplace listing.` : "All steps done.");
  return lines.join("\n") + "\n";
}

/** What fal did, in one or two lines (and where the app lives, when the platform said): fal's own output was already streamed above. */
export function renderOutcome(outcome: DeployOutcome, color: boolean, platform?: PlatformCheck): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const fail = (what: string, todo: string) => `${c.red("✖")} ${what}\n  ${todo}\n`;
  switch (outcome.kind) {
    case "deployed":
      return `${c.green("✔")} Deployed ${outcome.appName}, revision ${outcome.revision}${outcome.status ? ` (${outcome.status})` : ""}\n${whereItLives(platform)}`;
    case "not-authenticated":
      return fail("fal is not authenticated.", "Set FAL_KEY=<key_id>:<key_secret> in the environment (CI: a repository secret), or run `fal auth login`.");
    case "unreachable":
      return fail("fal could not reach its server.", "Check the network (and FAL_HOST/FAL_GRPC_HOST if set), then retry.");
    case "invalid-app":
      return fail("fal could not load the app (see its message above).", "Try `fal run <ref>` locally to see the full error.");
    case "fal-broken":
      return fail(`fal could not start: ${outcome.error}`, "Its installation is broken; reinstall it: pip install -U --force-reinstall fal");
    case "timeout":
      return fail(`fal did not finish within ${Math.round(outcome.timeoutMs / 1000)} s and was stopped.`, "Raise --timeout if builds take longer.");
    case "interrupted":
      return `${c.red("✖")} Interrupted; fal was stopped.\n`;
    case "failed":
      return fail(`fal deploy failed${outcome.exitCode !== null ? ` (exit ${outcome.exitCode})` : ""}.`, "See fal's output above; `falpub deploy --json` also records its last lines.");
  }
}

/** Endpoint id and URLs from the Platform API check; nothing when it could not run or came from `fal apps list`. */
function whereItLives(platform: PlatformCheck | undefined): string {
  if (!platform || "error" in platform || !platform.endpointId) return "";
  const urls = platform.urls ? [`run:        ${platform.urls.run}`, `queue:      ${platform.urls.queue}`, `playground: ${platform.urls.playground}`] : [];
  return [`endpoint id ${platform.endpointId}`, ...urls].map((l) => `    ${l}\n`).join("");
}

/**
 * The one line printed last after a deploy that went live and shared (a failure's outcome ends
 * with its own fix; a revision that is not shared gets the set-rev command instead).
 * `listing`: where --listing-request wrote the request, if it did.
 */
export function renderNextStep(listing: string | undefined, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const verify = "`falpub verify` to check billing on the live app (its calls may be billed)";
  const then = listing ? `, then send ${listing} to the fal team.` : "; `--listing-request listing.md` on a deploy writes the request for the fal team.";
  return `${c.bold("Next:")} ${verify}${then}\n`;
}
