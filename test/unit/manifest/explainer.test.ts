import { afterEach, expect, test } from "vitest";
import { explained, loadExplainer } from "../../../src/commands/disk.js";
import { explainManifest } from "../../../src/manifest/explain.js";
import { ExplainerNotLoaded, explainerLoaded, loadManifest, useExplainer } from "../../../src/manifest/load.js";

// test/support/explainer.ts installs the explainer for every test file; these start without it.
afterEach(() => useExplainer(explainManifest));

const valid = "version: 1\napp:\n  ref: ' app.py '\n  auth: shared\nbilling:\n  strategy: per_image\n";
const invalid = valid.replace("per_image", "per_imgae");

test("a valid manifest loads without the explainer, its strings trimmed as zod trims them", () => {
  useExplainer(undefined);
  const m = loadManifest(valid, "falpub.yaml");
  expect(m.diagnostics).toEqual([]);
  expect(m.manifest).toEqual({ version: 1, app: { ref: "app.py", auth: "shared" }, billing: { strategy: "per_image" } });
  expect(explainerLoaded()).toBe(false);
});

test("an invalid one throws ExplainerNotLoaded until the explainer is installed; explained() installs it and loads again", async () => {
  useExplainer(undefined);
  expect(() => loadManifest(invalid, "falpub.yaml")).toThrow(ExplainerNotLoaded);
  // YAML problems need no explainer: they are found before the schema.
  expect(loadManifest("a: [", "falpub.yaml").diagnostics.map((d) => d.code)).toEqual(["FP001"]);
  let calls = 0;
  const m = await explained(() => (calls++, loadManifest(invalid, "falpub.yaml")));
  expect(calls).toBe(2);
  expect(explainerLoaded()).toBe(true);
  expect(m.diagnostics.map((d) => d.code)).toEqual(["FP011"]);
  expect(m.manifest.billing).toEqual({});
});

test("explained() passes other errors through and loads nothing for them", async () => {
  useExplainer(undefined);
  await expect(explained(() => { throw new Error("boom"); })).rejects.toThrow("boom");
  expect(explainerLoaded()).toBe(false);
  await loadExplainer();
  expect(explainerLoaded()).toBe(true);
});
