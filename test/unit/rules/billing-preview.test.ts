import { describe, expect, test } from "vitest";
import { listingRequest } from "../../../src/checklist/build.js";
import { billingPreview, previewTable } from "../../../src/rules/billing-preview.js";
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

describe("billing preview: endpoints, notes and prices", () => {
  const BATCH = ['app.py', '    @fal.endpoint("/health"', '    @fal.endpoint("/batch")\n    def batch(self, input: Input, response: Response) -> dict:\n        response.headers["x-fal-billable-units"] = str(input.num_images * 2)\n        return {}\n\n    @fal.endpoint("/health"'] as [string, string, string];
  const preview = (f: Parameters<typeof loadMem>[0]) => billingPreview(loadMem(f).facts);

  test("with two endpoints, each example goes to the endpoint it names; one naming none goes nowhere", () => {
    const f = edits([
      BATCH,
      ["falpub.yaml", "  unit_price_usd: 0.02\n", "  unit_price_usd: 0.02\n  examples:\n    - endpoint: /batch\n      input: { prompt: fox, num_images: 2 }\n      units: 4\n    - input: { prompt: cat, num_images: 5 }\n      units: 5\n"],
    ]);
    expect(preview(f)).toEqual([
      { endpoint: "/", example: null, input: { num_images: 1 }, units: 1, declared: null, priceUsd: 0.02 },
      { endpoint: "/batch", example: 1, input: { prompt: "fox", num_images: 2 }, units: 4, declared: 4, priceUsd: 0.08 },
    ]);
  });

  test("a websocket endpoint has no row; no app class, no rows", () => {
    expect(preview(edit("app.py", '@fal.endpoint("/")', '@fal.endpoint("/", is_websocket=True)'))).toEqual([]);
    expect(preview(edit("falpub.yaml", "app.py::TextToImage", "missing.py::TextToImage"))).toEqual([]);
  });

  test("notes: no header on the path, or the Python error; no price without units, even with a unit price", () => {
    const row = (code: string) => preview(edit("app.py", 'response.headers["x-fal-billable-units"] = str(len(images))', code))[0]!;
    expect(row('if input.num_images > 1:\n            response.headers["x-fal-billable-units"] = "1"')).toMatchObject({ units: null, note: "no header on this request", priceUsd: null });
    expect(row('response.headers["x-fal-billable-units"] = str(1 // (input.num_images - 1))')).toMatchObject({ units: null, note: "Python would raise: integer division or modulo by zero", priceUsd: null });
  });

  test("units without a price: no price, no note", () => {
    expect(preview(edit("falpub.yaml", "  unit_price_usd: 0.02\n", ""))).toStrictEqual([{ endpoint: "/", example: null, input: { num_images: 1 }, units: 1, declared: null, priceUsd: null }]);
  });

  test("previewTable: nothing for no rows; a header, then the units or the note, the price or (to agree)", () => {
    expect(previewTable([])).toEqual([]);
    expect(previewTable([
      { endpoint: "/", example: null, input: { n: 1 }, units: 2, declared: null, priceUsd: 0.04 },
      { endpoint: "/b", example: 1, input: {}, units: null, note: "depends on x", declared: 2, priceUsd: null },
      { endpoint: "/c", example: null, input: {}, units: null, declared: null, priceUsd: null },
    ])).toEqual([
      "| endpoint | request | units | caller pays |",
      "|---|---|---|---|",
      '| `/` | `{"n":1}` | 2 | $0.04 |',
      "| `/b` | `{}` | (depends on x) | (to agree) |",
      "| `/c` | `{}` | (unknown) | (to agree) |",
    ]);
  });
});
