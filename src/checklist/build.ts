import type { DeployOutcome, DeployRequest, PlatformCheck } from "../fal/types.js";
import type { ProjectFacts } from "../project.js";
import { BILLING_UNIT, CARD_FIELDS, type BillingStrategy } from "../core/vocabulary.js";
import { effectiveAppName, isHealthEndpoint } from "../derived.js";
import { billingPreview, previewTable } from "../rules/billing-preview.js";

export type ItemStatus = "done" | "todo" | "failed";

export interface ChecklistItem {
  id: string;
  title: string;
  status: ItemStatus;
  /** Where the status comes from: file:line, the fal outcome, or what is missing. */
  evidence: string[];
}

/**
 * The steps from here to a Marketplace listing. `outcome` is undefined for --dry-run;
 * `platform` is what the platform said after a deploy (absent when not asked). Pure.
 */
export function buildChecklist(f: ProjectFacts, request: DeployRequest, outcome: DeployOutcome | undefined, platform?: PlatformCheck): ChecklistItem[] {
  const m = f.manifest;
  const at = (file: string | undefined, line: number) => `${file}:${line}`;
  const items: ChecklistItem[] = [];
  const authLine = at(m.file, m.pos(["app", "auth"], "value").line);

  // 1. Deployed in shared mode.
  if (!outcome) {
    items.push({ id: "deployed-shared", title: "Deployed in shared mode", status: "todo", evidence: [`dry run: would deploy ${request.ref} in shared mode (${authLine})`] });
  } else if (outcome.kind === "deployed") {
    const evidence = [`revision ${outcome.revision} of ${outcome.appName}${outcome.status ? ` (${outcome.status})` : ""}`, `auth shared (${authLine})`];
    // The platform's word wins over what was asked for; a check that could not run changes nothing.
    let status: ItemStatus = "done";
    if (platform && "error" in platform) evidence.push(`platform check failed: ${platform.error}`);
    else if (platform) {
      evidence.push(`platform: auth_mode ${platform.authMode}, revision ${platform.revision}`);
      if (platform.endpointId) evidence.push(`endpoint id ${platform.endpointId}${platform.owner ? ` (owner ${platform.owner})` : ""}`);
      if (platform.urls) evidence.push(`run: ${platform.urls.run}`, `queue: ${platform.urls.queue}`, `playground: ${platform.urls.playground}`);
      if (platform.authMode !== "shared") status = "failed";
    }
    items.push({ id: "deployed-shared", title: "Deployed in shared mode", status, evidence });
  } else {
    items.push({ id: "deployed-shared", title: "Deployed in shared mode", status: "failed", evidence: [`fal deploy: ${outcome.kind}${outcome.exitCode !== null ? ` (exit ${outcome.exitCode})` : ""}`] });
  }

  // 2. Billing header.
  const strategy = m.manifest.billing?.strategy ?? "none";
  const endpoints = f.app?.cls?.endpoints.filter((e) => !isHealthEndpoint(e)) ?? [];
  if (strategy === "gpu_seconds") {
    items.push({ id: "billing-header", title: "Billing: GPU seconds (no header)", status: endpoints.some((e) => e.billingHeaderSets.length) ? "failed" : "done", evidence: endpoints.map((e) => `${e.path ?? e.functionName} ${at(f.app?.file, e.pos.line)}: ${e.billingHeaderSets.length ? "sets the header anyway" : "no header"}`) });
  } else {
    const missing = endpoints.filter((e) => e.billingHeaderSets.length === 0);
    items.push({
      id: "billing-header",
      title: `Billing header x-fal-billable-units set (${strategy})`,
      status: endpoints.length > 0 && missing.length === 0 ? "done" : "failed",
      evidence: endpoints.length
        ? endpoints.map((e) => `${e.path ?? e.functionName}: ${e.billingHeaderSets.length ? e.billingHeaderSets.map((s) => `${at(f.app?.file, s.pos.line)} = ${s.valueText}`).join(", ") : `not set (${at(f.app?.file, e.pos.line)})`}`)
        : ["no billable endpoint found"],
    });
  }

  // 3. Health check.
  const health = f.app?.cls?.endpoints.filter(isHealthEndpoint) ?? [];
  items.push({ id: "health-check", title: "Health check", status: health.length === 1 ? "done" : "failed", evidence: health.length ? health.map((e) => `${e.path ?? e.functionName} ${at(f.app?.file, e.pos.line)}`) : ["no fal.HealthCheck endpoint"] });

  // 4. Scaling: always a human decision; say what the code sets and what carries over.
  const attrs = f.app?.cls?.attributes ?? {};
  const scale = ["machine_type", "min_concurrency", "max_concurrency", "keep_alive", "max_multiplexing", "request_timeout", "startup_timeout"]
    .filter((k) => attrs[k])
    .map((k) => `${k}=${attrs[k].text}`);
  items.push({
    id: "scaling",
    title: "Scaling reviewed for Marketplace traffic",
    status: "todo",
    evidence: [
      scale.length ? scale.join(", ") : "no scaling values in the code (platform defaults)",
      request.resetScale ? "--reset-scale: the code's scale settings apply" : "scale settings carry over from the previous deployment unless --reset-scale (or app.reset_scale: true)",
      "callers start at concurrency 2; size max_concurrency for expected traffic",
    ],
  });

  // 5. Analytics.
  items.push({ id: "analytics", title: "Analytics show traffic", status: "todo", evidence: ["after a test call, the app's Analytics tab in the fal dashboard shows requests and billable units"] });

  // 6. Model card and price.
  const card = m.manifest.marketplace ?? {};
  const cardMissing = CARD_FIELDS.filter((k) => !card[k]);
  items.push({ id: "model-card", title: "Model card fields", status: cardMissing.length ? "todo" : "done", evidence: cardMissing.length ? [`missing in falpub.yaml marketplace: ${cardMissing.join(", ")}`] : CARD_FIELDS.map((k) => `${k}: ${String(card[k]).slice(0, 60)}`) });
  const price = m.manifest.billing?.unit_price_usd;
  items.push({ id: "unit-price", title: "Proposed price per unit", status: price !== undefined ? "done" : "todo", evidence: [price !== undefined ? `$${price} per ${unitName(strategy)} (${at(m.file, m.pos(["billing", "unit_price_usd"], "value").line)})` : "set billing.unit_price_usd in falpub.yaml"] });

  // 7. With the fal team.
  items.push({ id: "shared-enabled", title: "fal has enabled shared mode on your account", status: "todo", evidence: ["ask the fal team; shared apps are callable by any fal user only once enabled"] });
  items.push({ id: "listing-request", title: "Listing request sent to fal (price, visibility, model card)", status: "todo", evidence: ["falpub deploy --listing-request listing.md writes it"] });
  return items;
}

export function unitName(strategy: string): string {
  return Object.hasOwn(BILLING_UNIT, strategy) ? BILLING_UNIT[strategy as BillingStrategy] : "unit";
}

/** A ready-to-send Markdown listing request for the fal team; endpoint id and URLs from the platform check when it gave them. Pure. */
export function listingRequest(f: ProjectFacts, outcome: DeployOutcome | undefined, platform?: PlatformCheck): string {
  const m = f.manifest.manifest;
  const card = m.marketplace ?? {};
  const name = effectiveAppName(f)?.name ?? "(app name)";
  const known = outcome?.kind === "deployed" && platform && !("error" in platform) ? platform : undefined;
  const endpoint = known?.endpointId ?? `<owner>/${name}`;
  const strategy = m.billing?.strategy ?? "(not declared)";
  const preview = billingPreview(f);
  const lines = [
    `# Marketplace listing request: ${card.title ?? name}`,
    "",
    `- **Endpoint id:** \`${endpoint}\``,
    outcome?.kind === "deployed" ? `- **Revision:** \`${outcome.revision}\`` : "- **Revision:** (not deployed yet)",
    "- **Auth mode:** shared",
    ...(known?.urls ? [`- **Run URL:** ${known.urls.run}`, `- **Queue URL:** ${known.urls.queue}`, `- **Playground:** ${known.urls.playground}`] : []),
    `- **Billing unit:** ${strategy} (one unit = one ${unitName(strategy)}${m.billing?.chunk_chars ? ` of ${m.billing.chunk_chars} characters` : ""}), reported in \`x-fal-billable-units\``,
    `- **Proposed price:** ${m.billing?.unit_price_usd !== undefined ? `$${m.billing.unit_price_usd} per ${unitName(strategy)}` : "(to agree)"}`,
    "",
    "## Model card",
    "",
    `- **Title:** ${card.title ?? "(missing)"}`,
    `- **Category:** ${card.category ?? "(missing)"}`,
    `- **License / commercial use:** ${card.license ?? "(missing)"}`,
    "",
    card.description ?? "(description missing)",
    "",
    ...(preview.length ? ["## Billing examples", "", "What these requests report in `x-fal-billable-units` (evaluated on the code by `falpub check`):", "", ...previewTable(preview), ""] : []),
    "## Example input",
    "",
    "```json",
    JSON.stringify(card.example_input ?? {}, null, 2),
    "```",
    "",
    "Please enable shared mode on our account (if not yet), configure the price per unit and the listing's visibility.",
    "",
  ];
  return lines.join("\n");
}
