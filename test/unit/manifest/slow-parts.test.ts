import { afterEach, expect, test } from "vitest";
import { loadSlowPart, withSlowParts } from "../../../src/commands/disk.js";
import { explainManifest } from "../../../src/manifest/explain.js";
import { SlowPartMissing } from "../../../src/core/slow-parts.js";
import { loadManifest, slowPartLoaded, useSlowParts } from "../../../src/manifest/load.js";
import { parseYamlManifest } from "../../../src/manifest/yaml-parse.js";

// test/support/explainer.ts installs both parts for every test file; these start without them.
const none = () => useSlowParts({ parseYaml: undefined, explain: undefined });
afterEach(() => useSlowParts({ parseYaml: parseYamlManifest, explain: explainManifest }));

const valid = "version: 1\napp:\n  ref: ' app.py '\n  auth: shared\nbilling:\n  strategy: per_image\n";
const invalid = valid.replace("per_image", "per_imgae");
// A folded block scalar: valid, but not the subset fast-yaml takes.
const folded = `${valid}marketplace:\n  description: >\n    Makes images\n    from text.\n`;

test("a plain valid manifest needs neither part; its strings are trimmed as zod trims them", () => {
  none();
  const m = loadManifest(valid, "falpub.yaml");
  expect(m.diagnostics).toEqual([]);
  expect(m.manifest).toEqual({ version: 1, app: { ref: "app.py", auth: "shared" }, billing: { strategy: "per_image" } });
  expect([slowPartLoaded("parseYaml"), slowPartLoaded("explain")]).toEqual([false, false]);
});

test("a schema error asks for the explainer only; a text beyond fast-yaml asks for yaml only", async () => {
  none();
  expect(() => loadManifest(invalid, "falpub.yaml")).toThrow(expect.objectContaining({ part: "explain" }));
  expect(() => loadManifest(folded, "falpub.yaml")).toThrow(expect.objectContaining({ part: "parseYaml" }));
  expect(() => loadManifest("a: [", "falpub.yaml")).toThrow(SlowPartMissing);

  let calls = 0;
  const m = await withSlowParts(() => (calls++, loadManifest(folded, "falpub.yaml")));
  expect(calls).toBe(2);
  expect([slowPartLoaded("parseYaml"), slowPartLoaded("explain")]).toEqual([true, false]);
  expect(m.manifest.marketplace).toEqual({ description: "Makes images from text." });
});

test("a broken and invalid text loads both, one after the other, then gives the same findings as with both up front", async () => {
  const both = loadManifest(`${invalid}marketplace:\n  description: |\n    x\n`, "falpub.yaml").diagnostics;
  none();
  let calls = 0;
  const m = await withSlowParts(() => (calls++, loadManifest(`${invalid}marketplace:\n  description: |\n    x\n`, "falpub.yaml")));
  expect(calls).toBe(3);
  expect(m.diagnostics).toEqual(both);
  expect(m.diagnostics.map((d) => d.code)).toEqual(["FP011"]);
  // YAML syntax errors come from yaml: no explainer needed for them.
  expect(loadManifest("a: [", "falpub.yaml").diagnostics.map((d) => d.code)).toEqual(["FP001"]);
});

test("withSlowParts passes other errors through and loads nothing for them", async () => {
  none();
  await expect(withSlowParts(() => { throw new Error("boom"); })).rejects.toThrow("boom");
  expect(slowPartLoaded("explain")).toBe(false);
  await loadSlowPart("explain");
  expect(slowPartLoaded("explain")).toBe(true);
});
