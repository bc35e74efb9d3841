import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runPrice, type PriceOpts } from "../../src/commands/price.js";
import { inProcess, leaksCanary, makeProject, MANIFEST, platformTestEnv } from "../support/platform-harness.js";
import { startPlatformServer, type PlatformServer, type PlatformState, type ScenarioName } from "../support/platform-server.js";

let server: PlatformServer;
let project: ReturnType<typeof makeProject>;
beforeAll(async () => {
  server = await startPlatformServer();
  project = makeProject();
});
afterAll(async () => {
  await server.close();
  project.cleanup();
});

async function price(scenarios: ScenarioName[], opts: PriceOpts = {}, tweak?: (s: PlatformState) => void, cwd = project.dir) {
  const runOnce = async (json: boolean) => {
    const state = server.use(...scenarios);
    tweak?.(state);
    return inProcess((io) => runPrice(undefined, { ...opts, json }, io, "t"), { env: platformTestEnv(server.env()), cwd });
  };
  const pretty = await runOnce(false);
  const estimates = server.log.filter((l) => l.path === "/v1/models/pricing/estimate");
  const json = await runOnce(true);
  expect(leaksCanary(pretty.stdout, pretty.stderr, json.stdout, json.stderr)).toBe(false);
  expect(json.exitCode).toBe(pretty.exitCode);
  return { exitCode: pretty.exitCode, pretty: pretty.stdout, stderr: pretty.stderr, doc: JSON.parse(json.stdout), estimates, waits: pretty.waits };
}

describe("falpub price", () => {
  test("models of the card's category beside the proposed price; other units listed, never compared", async () => {
    const r = await price([]);
    expect(r.exitCode).toBe(0);
    const rows = Object.fromEntries(r.doc.comparables.map((c: { endpointId: string }) => [c.endpointId, c]));
    expect(Object.keys(rows).sort()).toEqual(["fal-ai/flux/dev", "fal-ai/recraft", "fal-ai/sdxl"]); // own app left out
    expect(rows["fal-ai/flux/dev"]).toMatchObject({ unitPrice: 0.025, unit: "megapixels", sameUnit: true, ratio: 1.25 });
    expect(rows["fal-ai/sdxl"]).toMatchObject({ unit: "image", sameUnit: false, ratio: null });
    expect(r.doc.summary).toEqual({ sameUnit: 2, min: 0.025, median: 0.0325, max: 0.04, cheaper: 0 });
    expect(r.pretty).toContain("different unit (image): not compared");
    expect(r.pretty).toContain("1.25× yours");
    expect(r.pretty).toContain("yours: $0.02 per megapixel");
    expect(server.log.some((l) => l.path === "/v1/models" && l.query.get("category") === "text-to-image" && l.query.get("status") === "active")).toBe(true);
  });

  test("billing examples at the proposed price, and fal's estimate at the configured price", async () => {
    const r = await price(["estimate: totals"]);
    expect(r.doc.examples).toEqual([
      { label: "billing.examples[0]", units: 1, atProposed: 0.02, estimate: { totalCost: 0.02, currency: "USD" } },
      { label: "billing.examples[1]", units: 2, atProposed: 0.04, estimate: { totalCost: 0.04, currency: "USD" } },
    ]);
    expect(r.pretty).toContain("billing.examples[1]: 2 units → $0.04 at your proposed price; fal's estimate at the configured price: $0.04");
  });

  const many = MANIFEST.replace("  examples:\n", "  examples:\n" + [3, 4, 5].map((u) => `    - input: { prompt: "x", num_images: ${u} }\n      units: ${u}\n`).join(""));
  test("estimates are serialised and backed off: the 429 after the third call is waited out", async () => {
    const p = makeProject({ manifest: many });
    try {
      const r = await price([], {}, undefined, p.dir);
      expect(r.exitCode).toBe(0);
      expect(r.doc.examples.map((e: { estimate: { totalCost: number } }) => e.estimate.totalCost)).toEqual([0.06, 0.08, 0.1, 0.02, 0.04]);
      // The 4th estimate answered 429 twice and was retried after a backoff: 5 + 2 requests.
      expect(r.estimates.length).toBe(7);
    } finally {
      p.cleanup();
    }
  });

  test("estimates still refused after the backoff: rate-limited, exit 5; 400 and 404 too", async () => {
    const p = makeProject({ manifest: many });
    try {
      const r = await price(["estimate: 429 after the third call"], {}, undefined, p.dir);
      expect(r.doc.examples.slice(3).map((e: { estimate: { failure?: string } }) => e.estimate.failure)).toEqual(["rate-limited", "rate-limited"]);
      expect(r.exitCode).toBe(5);
      // Each refused estimate was retried six times (the patient policy: 7 attempts, base 2 × 5 ms,
      // doubling, jitter 50–100%) before it was given up.
      expect(r.waits).toHaveLength(12);
      r.waits.forEach((ms, k) => expect([k, ms >= 5 * 2 ** (k % 6) && ms <= 10 * 2 ** (k % 6)]).toEqual([k, true]));
    } finally {
      p.cleanup();
    }
    const bad = await price(["estimate: 400"]);
    expect(bad.doc.examples[0].estimate.failure).toBe("bad-request");
    expect(bad.exitCode).toBe(5);
    const unknown = await price(["estimate: 404"]);
    expect(unknown.doc.examples[0].estimate.failure).toBe("not-found");
    expect(unknown.pretty).toContain("fal has no price for it yet");
    expect(unknown.exitCode).toBe(0);
  });

  test("--compare ids instead of the category", async () => {
    const r = await price([], { compare: "fal-ai/sdxl,fal-ai/recraft" });
    expect(r.doc.comparables.map((c: { endpointId: string }) => c.endpointId)).toEqual(["fal-ai/sdxl", "fal-ai/recraft"]);
    expect(r.doc.category).toBeNull();
  });

  test("bad --compare and a card without category: exit 2", async () => {
    server.use();
    const bad = await inProcess((io) => runPrice(undefined, { compare: "flux" }, io, "t"), { env: platformTestEnv(server.env()), cwd: project.dir });
    expect([bad.exitCode, bad.stderr.includes("--compare")]).toEqual([2, true]);
    const p = makeProject({ manifest: MANIFEST.replace("  category: text-to-image\n", "") });
    try {
      const r = await inProcess((io) => runPrice(undefined, {}, io, "t"), { env: platformTestEnv(server.env()), cwd: p.dir });
      expect([r.exitCode, r.stderr.includes("marketplace.category")]).toEqual([2, true]);
    } finally {
      p.cleanup();
    }
  });

  test("the pricing API blocked by a challenge: exit 5, never 'not priced'", async () => {
    const r = await price(["pricing: cloudflare 403"]);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain("blocked");
    expect(r.doc.failures[0].kind).toBe("blocked");
  });
});
