import { renderChecklist } from "../checklist/render.js";
import { jsonText } from "../core/envelope.js";
import { errorDocument, FalpubError } from "../errors.js";
import { buildSetRevSharedArgv, formatCommand } from "../fal/argv.js";
import { secretsIn } from "../fal/env.js";
import { getTraffic } from "../platform/analytics.js";
import { currentUser } from "../platform/apps.js";
import { lookupApp } from "../platform/deployed.js";
import { getModels } from "../platform/models.js";
import { getPrices } from "../platform/pricing.js";
import { listRequests } from "../platform/requests.js";
import { listRevisions } from "../platform/revisions.js";
import { statusExit, statusItems, type StatusFacts } from "../status/items.js";
import type { CommandIO } from "./io.js";
import { readGitInfo } from "../git.js";
import { DEFAULT_TIMEOUT_S, jsonDocument, loadTarget, openClient, timeoutMs } from "./platform-common.js";

export interface StatusOpts {
  env?: string;
  json?: boolean;
  timeout?: string;
}

/** `falpub status [path]`: the publishing checklist, each item asked of the live platform. */
export async function runStatus(given: string | undefined, opts: StatusOpts, io: CommandIO, version: string): Promise<number> {
  try {
    return await status(given, opts, io, version);
  } catch (error) {
    if (opts.json && error instanceof FalpubError) io.out(jsonText(errorDocument(error, version)));
    throw error;
  }
}

async function status(given: string | undefined, opts: StatusOpts, io: CommandIO, version: string): Promise<number> {
  const target = await loadTarget(given, opts.env, io);
  const client = openClient(io, timeoutMs(opts.timeout, DEFAULT_TIMEOUT_S));
  const started = Date.now();
  const m = target.facts.manifest.manifest;
  const head = readGitInfo(target.root);
  const facts: StatusFacts = {
    appName: target.appName,
    environment: target.environment,
    strategy: m.billing?.strategy,
    proposedPrice: m.billing?.unit_price_usd,
    card: { title: m.marketplace?.title, category: m.marketplace?.category },
    lookup: await lookupApp(client, target.appName, target.environment),
    setRevFix: (revision) => formatCommand("fal", buildSetRevSharedArgv({ name: target.appName, revision, env: opts.env ?? m.app?.environment, team: m.app?.team }), { secrets: secretsIn(io.env) }),
  };
  facts.head = await head;
  if (facts.lookup.kind === "absent") facts.user = await currentUser(client);
  if (facts.lookup.kind === "found") {
    const id = facts.lookup.app.endpointId;
    // Independent questions: asked at once.
    [facts.revisions, facts.prices, facts.models, facts.traffic, facts.requests] = await Promise.all([
      listRevisions(client, id),
      getPrices(client, [id]),
      getModels(client, [id]),
      getTraffic(client, id),
      listRequests(client, id, { limit: 20 }),
    ]);
  }
  const items = statusItems(facts);
  const code = statusExit(items);
  const elapsedMs = Date.now() - started;
  const app = facts.lookup.kind === "found" ? facts.lookup.app : undefined;
  if (opts.json) {
    io.out(jsonDocument(version, "status", { app: { name: target.appName, environment: target.environment, endpointId: app?.endpointId ?? null, owner: app?.owner ?? null, authMode: app?.authMode ?? null, urls: app?.urls ?? null }, items, exitCode: code, platformRequests: client.requests, elapsedMs }));
  } else {
    io.out(`${app ? app.endpointId : target.appName} (${target.environment}): asked the platform ${client.requests} time${client.requests === 1 ? "" : "s"} in ${elapsedMs} ms\n\n`);
    io.out(renderChecklist(items, io.term.color));
  }
  if (code === 5) io.err("falpub: the platform could not be asked for every item (see the failed items above); exit 5.\n");
  if (code === 3) io.err(`falpub: ${items.filter((i) => i.status === "failed" && i.state !== "cannot-ask").map((i) => i.title).join("; ")}: failed on the platform's word; exit 3.\n`);
  return code;
}
