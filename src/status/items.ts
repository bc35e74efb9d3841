import { unitName, type ChecklistItem } from "../checklist/build.js";
import type { BillingStrategy } from "../manifest/schema.js";
import type { CurrentUser } from "../platform/apps.js";
import type { AppLookup } from "../platform/deployed.js";
import type { Traffic } from "../platform/analytics.js";
import { listingState, type CatalogModel } from "../platform/models.js";
import { priceState, type Price } from "../platform/pricing.js";
import { recordedUnits, type RequestRecord } from "../platform/requests.js";
import { describeFailure, failureHint, type Failure, type Result } from "../platform/result.js";
import { gitShaOf, type Revision } from "../platform/revisions.js";
import { samePrice, sameUnit, usd } from "../platform/units.js";

/** A checklist item with a machine-readable state and, when the platform could not be asked, why. */
export interface StatusItem extends ChecklistItem {
  state: string;
  problem?: { kind: Failure["kind"]; status?: number; request: string; message: string; hint: string };
}

/** Everything `status` asked the platform and the repository, as answered. */
export interface StatusFacts {
  appName: string;
  environment: string;
  strategy?: BillingStrategy;
  proposedPrice?: number;
  card: { title?: string; category?: string };
  lookup: AppLookup;
  /** Asked only when the app is absent: whose key this is. */
  user?: Result<CurrentUser>;
  head?: { sha: string; dirty: boolean };
  revisions?: Result<Revision[]>;
  prices?: Result<Price[]>;
  models?: Result<CatalogModel[]>;
  traffic?: Result<Traffic>;
  requests?: Result<RequestRecord[]>;
  /** The fix for a non-shared app, already formatted (`fal apps set-rev …`). */
  setRevFix?: (revision: string) => string;
}

export const item = (id: string, title: string, status: StatusItem["status"], state: string, evidence: string[]): StatusItem => ({ id, title, status, state, evidence });

export function cannotAsk(id: string, title: string, f: Failure): StatusItem {
  return { ...item(id, title, "failed", "cannot-ask", [describeFailure(f), failureHint(f.kind)]), problem: { kind: f.kind, status: f.status, request: f.request, message: f.message, hint: failureHint(f.kind) } };
}

/** The publishing checklist against the live platform. Pure: every answer is already in `f`. */
export function statusItems(f: StatusFacts): StatusItem[] {
  const T = {
    endpoint: "Endpoint id and owner",
    auth: "Auth mode shared",
    revision: "Current revision carries this commit",
    price: "Price configured by fal",
    listed: "Listed on the Marketplace",
    traffic: "Traffic in the last 24 h",
    billing: "Billing recorded for recent requests",
  };
  const items: StatusItem[] = [];
  const l = f.lookup;
  if (l.kind === "failed") items.push(cannotAsk("endpoint", T.endpoint, l.failure));
  else if (l.kind === "absent") {
    const who = f.user?.ok ? `the key belongs to ${f.user.value.nickname}` : f.user ? `whose key this is is unknown (${describeFailure(f.user)})` : undefined;
    items.push(item("endpoint", T.endpoint, "failed", "absent", [
      `no app named ${f.appName} in environment ${f.environment}${l.similar.length ? ` (similar: ${l.similar.join(", ")})` : ""}`,
      ...(who ? [who] : []),
      "deploy it with falpub deploy, or set app.name / app.environment (or --env) to the deployed app",
    ]));
  } else items.push(item("endpoint", T.endpoint, "done", "found", [`${l.app.endpointId} (owner ${l.app.owner}, environment ${l.app.environment})`, `run: ${l.app.urls.run}`, `queue: ${l.app.urls.queue}`, `playground: ${l.app.urls.playground}`]));

  if (l.kind !== "found") {
    const skip = (id: string, title: string) => item(id, title, "todo", "skipped", ["not checked: needs the endpoint id (see above)"]);
    return [...items, skip("auth", T.auth), skip("revision", T.revision), skip("price", T.price), skip("listed", T.listed), skip("traffic", T.traffic), skip("billing", T.billing)];
  }
  const id = l.app.endpointId;
  const current = f.revisions?.ok ? f.revisions.value.find((r) => r.is_current) : undefined;

  // Auth mode.
  if (l.app.authMode === "shared") items.push(item("auth", T.auth, "done", "shared", ["auth_mode shared: callers pay with their own key"]));
  else {
    const fix = current && f.setRevFix ? `fix: ${f.setRevFix(current.revision_id)}, or deploy again with --auth shared` : "fix: deploy again with --auth shared";
    const why = l.app.authMode === "public" ? "anyone can call it without a key, billed to you" : l.app.authMode === "private" ? "only your account can call it" : "not a mode the Marketplace accepts";
    items.push(item("auth", T.auth, "failed", l.app.authMode, [`auth_mode ${l.app.authMode}: ${why}`, fix]));
  }

  items.push(revisionItem(T.revision, f.revisions, current, f.head));
  items.push(priceItem(T.price, f, id));
  items.push(listedItem(T.listed, f, id));

  // Traffic.
  if (f.traffic && !f.traffic.ok) items.push(cannotAsk("traffic", T.traffic, f.traffic));
  else if (f.traffic) {
    const t = f.traffic.value;
    const counts = `${t.requests} requests, ${t.successes} succeeded, ${t.userErrors} caller error${t.userErrors === 1 ? "" : "s"}, ${t.errors} error${t.errors === 1 ? "" : "s"}`;
    items.push(t.requests > 0 ? item("traffic", T.traffic, "done", "traffic", [counts]) : item("traffic", T.traffic, "todo", "no-traffic", [counts, "call it once: falpub verify"]));
  }

  // Billing recorded.
  if (f.requests && !f.requests.ok) items.push(cannotAsk("billing", T.billing, f.requests));
  else if (f.requests) {
    const list = f.requests.value;
    const recorded = list.filter((r) => recordedUnits(r) !== null);
    if (!list.length) items.push(item("billing", T.billing, "todo", "no-requests", ["no recent requests: call it once (falpub verify), then check again"]));
    else if (!recorded.length) items.push(item("billing", T.billing, "todo", "not-recorded-yet", [`${list.length} recent request${list.length === 1 ? "" : "s"}, billable_units not recorded yet (billing lags by minutes)`, "run falpub status again later"]));
    else {
      const sample = recorded.slice(0, 3).map((r) => `${r.request_id}: ${recordedUnits(r)} unit${recordedUnits(r) === 1 ? "" : "s"}`);
      items.push(item("billing", T.billing, "done", "recorded", [`${recorded.length} of ${list.length} recent requests have billable_units recorded`, ...sample]));
    }
  }
  return items;
}

function revisionItem(title: string, revisions: StatusFacts["revisions"], current: Revision | undefined, head: StatusFacts["head"]): StatusItem {
  if (!revisions) return item("revision", title, "todo", "skipped", ["not asked"]);
  if (!revisions.ok) return cannotAsk("revision", title, revisions);
  if (!current) return item("revision", title, "failed", "no-current", [`none of ${revisions.value.length} revisions is current: the app serves nothing`]);
  const what = `revision ${current.revision_id}${current.status ? ` (${current.status})` : ""}${current.message ? `: ${current.message.split("\n")[0]}` : ""}`;
  if (current.status === "failed") return item("revision", title, "failed", "revision-failed", [what, "the current revision failed to deploy: see fal's logs, deploy again"]);
  const sha = gitShaOf(current);
  if (!head) return item("revision", title, "done", "no-git", [what, sha ? `GIT_SHA ${sha}` : "no GIT_SHA annotation", "not a git repository: nothing to compare with"]);
  const dirty = head.dirty ? " (uncommitted changes too)" : "";
  if (!sha) return item("revision", title, "todo", "no-annotation", [what, "no GIT_SHA annotation: not deployed by falpub deploy from a git checkout", `HEAD is ${head.sha}${dirty}`]);
  if (sha !== head.sha) return item("revision", title, "todo", "behind-head", [what, `GIT_SHA ${sha}, HEAD is ${head.sha}${dirty}: deploy again to ship this commit`]);
  return item("revision", title, head.dirty ? "todo" : "done", head.dirty ? "head-dirty" : "matches-head", [what, `GIT_SHA ${sha} = HEAD${dirty}`]);
}

function priceItem(title: string, f: StatusFacts, id: string): StatusItem {
  const r = f.prices;
  if (!r) return item("price", title, "todo", "skipped", ["not asked"]);
  if (!r.ok && r.kind !== "not-found") return cannotAsk("price", title, r);
  const state = priceState(r.ok ? r.value : "not-found", id);
  const proposal = f.proposedPrice !== undefined ? `proposed ${usd(f.proposedPrice)} per ${unitName(f.strategy ?? "")} (billing.unit_price_usd, ${f.strategy ?? "no strategy"})` : "no billing.unit_price_usd proposed in falpub.yaml";
  if (state.kind === "unpriced") return item("price", title, "todo", "unpriced", [state.why, proposal, "send the listing request: falpub deploy --listing-request listing.md"]);
  const p = state.price;
  const configured = `fal: ${usd(p.unit_price)} per ${p.unit}`;
  const stubMatches = state.kind === "stub" && f.proposedPrice !== undefined && samePrice(f.proposedPrice, 1) && f.strategy && sameUnit(f.strategy, "units");
  if (state.kind === "stub" && !stubMatches) return item("price", title, "todo", "stub", [`${configured}: the placeholder fal shows for endpoints not priced yet`, proposal]);
  if (f.strategy && !sameUnit(f.strategy, p.unit)) return item("price", title, "failed", "unit-differs", [configured, `the app bills ${f.strategy}: a ${p.unit} price does not fit; ask fal to price per the strategy's unit`]);
  if (f.proposedPrice === undefined) return item("price", title, "done", "priced", [configured, proposal]);
  if (!samePrice(f.proposedPrice, p.unit_price)) return item("price", title, "failed", "price-differs", [configured, proposal, "agree the price with fal, or set billing.unit_price_usd to the configured one"]);
  return item("price", title, "done", "matches", [configured, proposal]);
}

function listedItem(title: string, f: StatusFacts, id: string): StatusItem {
  const r = f.models;
  if (!r) return item("listed", title, "todo", "skipped", ["not asked"]);
  if (!r.ok && r.kind !== "not-found") return cannotAsk("listed", title, r);
  const state = listingState(r.ok ? r.value : "not-found", id);
  if (state.kind === "unlisted") return item("listed", title, "todo", "unlisted", [state.why, "fal lists it after the listing request: falpub deploy --listing-request listing.md"]);
  const m = state.model.metadata!;
  const entry = `catalog: "${m.display_name ?? "(no title)"}" in ${m.category ?? "(no category)"}, status ${m.status ?? "unknown"}`;
  if (state.kind === "deprecated") return item("listed", title, "failed", "deprecated", [entry, "the listing is deprecated: callers are steered away; ask fal why"]);
  if (state.kind === "other-status") return item("listed", title, "todo", "other-status", [entry]);
  const diffs: string[] = [];
  if (f.card.title && m.display_name && f.card.title !== m.display_name) diffs.push(`title: catalog "${m.display_name}", falpub.yaml "${f.card.title}"`);
  if (f.card.category && m.category && f.card.category !== m.category) diffs.push(`category: catalog ${m.category}, falpub.yaml ${f.card.category}`);
  if (diffs.length) return item("listed", title, "failed", "card-differs", [entry, ...diffs, "align marketplace.title/category with the listing, or ask fal to update it"]);
  return item("listed", title, "done", "listed", [entry]);
}

/** 3 when an item failed on the platform's word; else 5 when the platform could not be asked; else 0. */
export function statusExit(items: readonly StatusItem[]): 0 | 3 | 5 {
  if (items.some((i) => i.status === "failed" && i.state !== "cannot-ask")) return 3;
  if (items.some((i) => i.state === "cannot-ask")) return 5;
  return 0;
}
