import { describe, expect, test } from "vitest";
import { listingRequest } from "../../../src/checklist/build.js";
import { billingPreview } from "../../../src/rules/billing-preview.js";
import { edit, edits, loadMem } from "../../support/memfs.js";

const EXAMPLES = "  unit_price_usd: 0.02\n  examples:\n    - input: { prompt: fox, num_images: 2 }\n      units: 2\n    - input: { prompt: cat, num_images: 3 }\n      units: 4\n";

describe("billing preview (check --preview, the listing request)", () => {
  test("one row per example: the code's units, the declared units and what the caller pays", () => {
    const { facts } = loadMem(edit("falpub.yaml", "  unit_price_usd: 0.02\n", EXAMPLES));
    expect(billingPreview(facts)).toEqual([
      { endpoint: "/", example: 1, input: { prompt: "fox", num_images: 2 }, units: 2, declared: 2, priceUsd: 0.04 },
      { endpoint: "/", example: 2, input: { prompt: "cat", num_images: 3 }, units: 3, declared: 4, priceUsd: 0.06 },
    ]);
  });

  test("without examples, the default request; without a price, no price; an unknown value says on what it depends", () => {
    const { facts } = loadMem(edits([
      ["falpub.yaml", "  unit_price_usd: 0.02\n", ""],
      ["app.py", 'images = ["image"] * input.num_images', "images = self.model(input)"],
    ]));
    expect(billingPreview(facts)).toEqual([{ endpoint: "/", example: null, input: { num_images: 1 }, units: null, note: "depends on images", declared: null, priceUsd: null }]);
  });

  test("gpu_seconds has no rows", () => {
    expect(billingPreview(loadMem(edit("falpub.yaml", "per_image", "gpu_seconds")).facts)).toEqual([]);
  });

  test("the listing request carries the table", () => {
    const { facts } = loadMem(edit("falpub.yaml", "  unit_price_usd: 0.02\n", EXAMPLES));
    const md = listingRequest(facts, undefined);
    expect(md).toContain("## Billing examples");
    expect(md).toContain('| `/` | `{"prompt":"fox","num_images":2}` | 2 | $0.04 |');
    expect(md).toContain('| `/` | `{"prompt":"cat","num_images":3}` | 3 | $0.06 |');
  });
});
