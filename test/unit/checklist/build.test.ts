// The publishing checklist (src/checklist/build.ts): each item's status for every input that
// changes it, and the evidence that says why, on in-memory projects (test/support/memfs.ts).
import { describe, expect, test } from "vitest";
import { buildChecklist, listingRequest, unitName, type ChecklistItem } from "../../../src/checklist/build.js";
import type { DeployOutcome, DeployRequest, PlatformCheck } from "../../../src/fal/types.js";
import { baseline, edit, edits, hit, loadMem, type Files } from "../../support/memfs.js";

const REQUEST: DeployRequest = { ref: "app.py::TextToImage", json: true };
const DEPLOYED: DeployOutcome = { kind: "deployed", appName: "text-to-image", revision: "rev-1", status: "deployed", exitCode: 0 };
const HC = ", health_check=fal.HealthCheck(timeout_seconds=5, failure_threshold=3)";
const SECOND_HEALTH = `    @fal.endpoint("/ready"${HC})\n    def ready(self) -> dict:\n        return {}\n\n    def setup(self):`;

function checklist(files: Files = baseline(), outcome?: DeployOutcome, platform?: PlatformCheck, request: DeployRequest = REQUEST): ChecklistItem[] {
  return buildChecklist(loadMem(files).facts, request, outcome, platform);
}
const item = (items: ChecklistItem[], id: string): ChecklistItem => {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no checklist item ${id}`);
  return found;
};
const status = (id: string, ...args: Parameters<typeof checklist>) => item(checklist(...args), id).status;
/** `file:line` of `needle` in the baseline's file, computed from the text. */
const at = (files: Files, file: string, needle: string) => hit("", files, file, needle).slice(1).replace(/:\d+$/, "");

test("the items, in order", () => {
  expect(checklist().map((i) => i.id)).toEqual(["deployed-shared", "billing-header", "health-check", "scaling", "analytics", "model-card", "unit-price", "shared-enabled", "listing-request"]);
});

describe("deployed-shared", () => {
  const files = baseline();
  const authLine = at(files, "falpub.yaml", "shared");

  test("dry run (no outcome): todo, naming the ref and where auth is set", () => {
    expect(item(checklist(files), "deployed-shared")).toEqual({ id: "deployed-shared", title: "Deployed in shared mode", status: "todo", evidence: [`dry run: would deploy app.py::TextToImage in shared mode (${authLine})`] });
  });

  test("deployed, no platform check: done, with the revision and status", () => {
    expect(item(checklist(files, DEPLOYED), "deployed-shared")).toMatchObject({ status: "done", evidence: ["revision rev-1 of text-to-image (deployed)", `auth shared (${authLine})`] });
    const noStatus: DeployOutcome = { kind: "deployed", appName: "a", revision: "r", exitCode: 0 };
    expect(item(checklist(files, noStatus), "deployed-shared").evidence[0]).toBe("revision r of a");
  });

  test.each([
    ["shared", { authMode: "shared", revision: "rev-1" }, "done", "platform: auth_mode shared, revision rev-1"],
    ["private", { authMode: "private", revision: "rev-1" }, "failed", "platform: auth_mode private, revision rev-1"],
    ["public", { authMode: "public", revision: "rev-1" }, "failed", "platform: auth_mode public, revision rev-1"],
    // A check that could not run changes nothing: the deploy did work.
    ["error", { error: "fal apps list timed out" }, "done", "platform check failed: fal apps list timed out"],
  ] as const)("deployed, platform says %s → %s", (_name, platform, expected, evidence) => {
    const it = item(checklist(files, DEPLOYED, platform), "deployed-shared");
    expect(it.status).toBe(expected);
    expect(it.evidence.at(-1)).toBe(evidence);
  });

  test.each([
    [{ kind: "not-authenticated", exitCode: 1, tail: [] }, "fal deploy: not-authenticated (exit 1)"],
    [{ kind: "timeout", exitCode: null, tail: [], timeoutMs: 1000 }, "fal deploy: timeout"],
    [{ kind: "failed", exitCode: 0, tail: [] }, "fal deploy: failed (exit 0)"],
  ] as Array<[DeployOutcome, string]>)("fal did not deploy (%j): failed", (outcome, evidence) => {
    expect(item(checklist(files, outcome), "deployed-shared")).toMatchObject({ status: "failed", evidence: [evidence] });
  });
});

describe("billing-header", () => {
  test("every billable endpoint sets the header: done, with where and what", () => {
    const files = baseline();
    expect(item(checklist(files), "billing-header")).toEqual({
      id: "billing-header",
      title: "Billing header x-fal-billable-units set (per_image)",
      status: "done",
      evidence: [`/: ${at(files, "app.py", 'response.headers["x-fal-billable-units"]')} = str(len(images))`],
    });
  });

  test("a billable endpoint without the header: failed, naming it (the health endpoint is not billable)", () => {
    const files = edit("app.py", '    @fal.endpoint("/health"', '    @fal.endpoint("/other")\n    def other(self) -> dict:\n        return {}\n\n    @fal.endpoint("/health"');
    const it = item(checklist(files), "billing-header");
    expect(it.status).toBe("failed");
    expect(it.evidence).toEqual([expect.stringMatching(/^\/: app\.py:\d+ = /), `/other: not set (${at(files, "app.py", '@fal.endpoint("/other")')})`]);
  });

  test("no billable endpoint at all: failed", () => {
    const files = edits([
      ["app.py", /    @fal\.endpoint\("\/"\)\n[\s\S]*?return \{"images": images\}\n\n/, ""],
    ]);
    expect(item(checklist(files), "billing-header")).toMatchObject({ status: "failed", evidence: ["no billable endpoint found"] });
  });

  test("no billing strategy declared: the title says none, the header still checked", () => {
    const files = edit("falpub.yaml", "  strategy: per_image\n", "");
    expect(item(checklist(files), "billing-header")).toMatchObject({ title: "Billing header x-fal-billable-units set (none)", status: "done" });
  });

  test("gpu_seconds: done when no endpoint sets the header, failed when one does", () => {
    const withHeader = edit("falpub.yaml", "strategy: per_image", "strategy: gpu_seconds");
    expect(item(checklist(withHeader), "billing-header")).toMatchObject({ title: "Billing: GPU seconds (no header)", status: "failed", evidence: [expect.stringMatching(/^\/ app\.py:\d+: sets the header anyway$/)] });
    const none = edit("app.py", /        response\.headers\["x-fal-billable-units"\] = .*\n/, "", withHeader);
    expect(item(checklist(none), "billing-header")).toMatchObject({ status: "done", evidence: [expect.stringMatching(/^\/ app\.py:\d+: no header$/)] });
  });
});

describe("health-check: exactly one", () => {
  test("one: done, naming it", () => {
    const files = baseline();
    expect(item(checklist(files), "health-check")).toMatchObject({ status: "done", evidence: [`/health ${at(files, "app.py", '@fal.endpoint("/health"')}`] });
  });
  test("none: failed", () => {
    expect(item(checklist(edit("app.py", HC, "")), "health-check")).toMatchObject({ status: "failed", evidence: ["no fal.HealthCheck endpoint"] });
  });
  test("two: failed, naming both", () => {
    const it = item(checklist(edit("app.py", "    def setup(self):", SECOND_HEALTH)), "health-check");
    expect(it.status).toBe("failed");
    expect(it.evidence).toHaveLength(2);
  });
});

describe("scaling (always a decision for a person)", () => {
  test("todo, with the code's values in a fixed order and whether they apply", () => {
    const it = item(checklist(), "scaling");
    expect(it.status).toBe("todo");
    expect(it.evidence[0]).toBe('machine_type="GPU-A100", min_concurrency=0, max_concurrency=2, keep_alive=300, request_timeout=300, startup_timeout=600');
    expect(it.evidence[1]).toMatch(/^scale settings carry over from the previous deployment/);
    expect(item(checklist(baseline(), undefined, undefined, { ...REQUEST, resetScale: true }), "scaling").evidence[1]).toBe("--reset-scale: the code's scale settings apply");
    expect(item(checklist(baseline(), undefined, undefined, { ...REQUEST, resetScale: false }), "scaling").evidence[1]).toMatch(/^scale settings carry over/);
  });
  test("no values in the code: says the platform defaults apply", () => {
    const files = edit("app.py", /    machine_type = .*\n[\s\S]*?    startup_timeout = 600\n/, "");
    expect(item(checklist(files), "scaling").evidence[0]).toBe("no scaling values in the code (platform defaults)");
  });
});

describe("model-card: title, description, category and license", () => {
  test("all four: done, each quoted (cut at 60 characters)", () => {
    const files = edit("falpub.yaml", "description: Turns a prompt into images.", `description: ${"x".repeat(80)}`);
    expect(item(checklist(files), "model-card")).toMatchObject({ status: "done", evidence: ["title: Text to Image", `description: ${"x".repeat(60)}`, "category: text-to-image", "license: MIT"] });
  });
  test.each(["title", "description", "category", "license"])("%s missing: todo, naming it", (field) => {
    const files = edit("falpub.yaml", new RegExp(`^  ${field}: .*\\n`, "m"), "");
    expect(item(checklist(files), "model-card")).toMatchObject({ status: "todo", evidence: [`missing in falpub.yaml marketplace: ${field}`] });
  });
  test("no marketplace section: all four named", () => {
    const files = edit("falpub.yaml", /^marketplace:\n(?:  .*\n)+/m, "");
    expect(item(checklist(files), "model-card").evidence).toEqual(["missing in falpub.yaml marketplace: title, description, category, license"]);
  });
});

describe("unit-price", () => {
  test("set: done, per unit of the strategy, with where", () => {
    const files = baseline();
    expect(item(checklist(files), "unit-price")).toMatchObject({ status: "done", evidence: [`$0.02 per image (${at(files, "falpub.yaml", "0.02")})`] });
  });
  test("a price the manifest rejects (0: must be positive) is no price", () => {
    expect(status("unit-price", edit("falpub.yaml", "unit_price_usd: 0.02", "unit_price_usd: 0"))).toBe("todo");
    expect(status("unit-price", edit("falpub.yaml", "unit_price_usd: 0.02", "unit_price_usd: 0.0001"))).toBe("done");
  });
  test("missing: todo", () => {
    expect(item(checklist(edit("falpub.yaml", "  unit_price_usd: 0.02\n", "")), "unit-price")).toMatchObject({ status: "todo", evidence: ["set billing.unit_price_usd in falpub.yaml"] });
  });
  test.each([
    ["per_image", "image"], ["per_megapixel", "megapixel"], ["per_video_second", "second of video"], ["per_text_chunk", "text chunk"], ["per_request", "request"], ["gpu_seconds", "GPU second"], ["made_up", "unit"],
  ])("unitName(%s) = %s", (strategy, unit) => {
    expect(unitName(strategy)).toBe(unit);
  });
});

test("analytics, shared-enabled and listing-request are always left to a person", () => {
  for (const items of [checklist(), checklist(baseline(), DEPLOYED, { authMode: "shared", revision: "rev-1" })]) {
    expect(["analytics", "shared-enabled", "listing-request"].map((id) => item(items, id).status)).toEqual(["todo", "todo", "todo"]);
  }
});

describe("buildChecklist: a project with parts missing", () => {
  test("no app class and no billing section: nothing is invented", () => {
    const f = edits([["falpub.yaml", "app.py::", "gone.py::"], ["falpub.yaml", /billing:\n.*\n.*\n/, ""]]);
    const items = checklist(f);
    expect(item(items, "billing-header")).toMatchObject({ title: "Billing header x-fal-billable-units set (none)", status: "failed", evidence: ["no billable endpoint found"] });
    expect(item(items, "health-check")).toMatchObject({ status: "failed", evidence: ["no fal.HealthCheck endpoint"] });
    expect(item(items, "scaling").evidence[0]).toBe("no scaling values in the code (platform defaults)");
    expect(item(items, "unit-price")).toMatchObject({ status: "todo", evidence: ["set billing.unit_price_usd in falpub.yaml"] });
    expect(listingRequest(loadMem(f).facts, undefined)).toContain("- **Billing unit:** (not declared) (one unit = one unit)");
  });

  test("gpu_seconds with two endpoints, one of which sets the header: failed", () => {
    const f = edits([
      ["falpub.yaml", "per_image", "gpu_seconds"],
      ["app.py", "    def setup(self):", '    @fal.endpoint("/plain")\n    def plain(self) -> dict:\n        return {}\n\n    def setup(self):'],
    ]);
    expect(item(checklist(f), "billing-header")).toMatchObject({ status: "failed", evidence: ["/plain app.py:23: no header", "/ app.py:30: sets the header anyway"] });
  });
});

describe("listingRequest", () => {
  test("after a deploy: revision, billing unit, price and the card", () => {
    const md = listingRequest(loadMem(baseline()).facts, DEPLOYED);
    expect(md).toMatch(/^# Marketplace listing request: Text to Image\n/);
    expect(md).toContain("- **Endpoint id:** `<owner>/text-to-image`");
    expect(md).toContain("- **Revision:** `rev-1`");
    expect(md).toContain("- **Billing unit:** per_image (one unit = one image), reported in `x-fal-billable-units`");
    expect(md).toContain("- **Proposed price:** $0.02 per image");
    expect(md).toContain("- **License / commercial use:** MIT");
    expect(md).toContain("Turns a prompt into images.");
  });
  test("before a deploy and with nothing declared: placeholders, never invented values", () => {
    const files = edits([["falpub.yaml", /^marketplace:\n(?:  .*\n)+/m, ""], ["falpub.yaml", "  unit_price_usd: 0.02\n", ""]]);
    const md = listingRequest(loadMem(files).facts, undefined);
    expect(md).toContain("# Marketplace listing request: text-to-image");
    expect(md).toContain("- **Revision:** (not deployed yet)");
    expect(md).toContain("- **Proposed price:** (to agree)");
    expect(md).toContain("- **Title:** (missing)");
    expect(md).toContain("(description missing)");
  });
  test("per_text_chunk names the chunk size", () => {
    const files = edit("falpub.yaml", "strategy: per_image", "strategy: per_text_chunk\n  chunk_chars: 1000");
    expect(listingRequest(loadMem(files).facts, undefined)).toContain("one unit = one text chunk of 1000 characters");
  });
});
