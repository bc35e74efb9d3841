/**
 * What `falpub init` writes must pass `falpub check --strict` with no findings: the
 * rendered files go through the same loader and rules as the check command, in memory.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BILLING_STRATEGIES } from "../../../src/core/vocabulary.js";
import { renderScaffold } from "../../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../../src/init/templates.js";
import { loadProject, type FileReader } from "../../../src/project.js";
import { billingPreview } from "../../../src/rules/billing-preview.js";
import { judge } from "../../../src/rules/index.js";

const readTemplate = readTemplatesFrom(findTemplatesDir());
const root = "/virtual/project";

describe.each(BILLING_STRATEGIES)("scaffold %s", (strategy) => {
  it.each(["GPU-H100", "S"])("passes check --strict with machine type %s", (machineType) => {
    const files = new Map(
      renderScaffold({ appName: "sound-maker", className: "SoundMaker", strategy, machineType }, readTemplate).map(
        (f) => [path.join(root, f.path), f.content] as const,
      ),
    );
    const io: FileReader = { readText: (file) => files.get(file), exists: (file) => files.has(file) };
    const manifestPath = path.join(root, "falpub.yaml");
    const { facts, diagnostics } = loadProject(manifestPath, files.get(manifestPath)!, io, root);
    expect(facts.app?.cls?.className).toBe("SoundMaker");
    expect(facts.pyproject?.app?.tableName).toBe("sound-maker");
    expect(judge(facts, diagnostics, true).diagnostics).toEqual([]);
    // Every strategy writes the same files, with its strategy and the app's name in the manifest.
    expect([...files.keys()].map((f) => path.relative(root, f)).sort()).toEqual([".falpub/falpub.schema.json", ".github/workflows/falpub.yml", ".gitignore", "README.md", "app.py", "falpub.yaml", "pyproject.toml"]);
    expect(files.get(manifestPath)).toMatch(new RegExp(`^  strategy: ${strategy}\\b`, "m"));
    expect(files.get(manifestPath)).toMatch(/^  name: sound-maker$/m);
    // Each billing example is evaluated on the code: the units it reports are the declared ones.
    const rows = billingPreview(facts);
    expect(rows.length).toBe(strategy === "gpu_seconds" ? 0 : 2);
    for (const r of rows) expect(r.units, JSON.stringify(r.input)).toBe(r.declared);
  });
});
