/**
 * SARIF output is validated against the SARIF 2.1.0 JSON schema as published on
 * SchemaStore (2.1.0-rtm.5, the release-candidate schema that became 2.1.0), read from the
 * npm package @microsoft/jest-sarif (a dev dependency) so that no copy of the schema is
 * committed here.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { render, type RenderOptions } from "../../../src/report/index.js";
import { CODES } from "../../../src/core/codes.js";
import { finding } from "../../../src/core/findings.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { OPTS, twoApps, withRelated } from "./fixtures.js";

// ajv-formats is CommonJS; depending on the loader the plugin is the module or its .default.
type Plugin = (ajv: Ajv) => Ajv;
const addFormats: Plugin = (addFormatsModule as unknown as { default?: Plugin }).default ?? (addFormatsModule as unknown as Plugin);

function validator() {
  const schema = JSON.parse(readFileSync(new URL("../../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8"));
  // The file is draft-04 (`id`, draft-04 `$schema`); it uses nothing that differs in draft-07
  // (no boolean exclusiveMinimum), so Ajv's draft-07 mode validates it once `id` is `$id`.
  expect(schema.$schema).toBe("http://json-schema.org/draft-04/schema#");
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  // The rtm.5 schema has a pattern that is invalid under the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = validator();

function sarif(results = twoApps(), opts: RenderOptions = OPTS): Log {
  return JSON.parse(render("sarif", results, opts)) as Log;
}

describe("sarif", () => {
  it("validates against the official SARIF 2.1.0 schema", () => {
    const log = sarif();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
  });

  it("the schema check can fail (a wrong level is rejected)", () => {
    const log = sarif() as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    log.runs[0].results[0].level = "info";
    expect(validate(log)).toBe(false);
  });

  it("lists every code as a rule with name, description, helpUri and default level", () => {
    const driver = sarif().runs[0].tool.driver;
    expect(driver).toMatchObject({ name: "falpub", version: "1.2.3", informationUri: "https://github.com/falpub/falpub" });
    const ids = Object.keys(CODES);
    expect(driver.rules!.map((r) => r.id)).toEqual(ids);
    const fp104 = driver.rules!.find((r) => r.id === "FP104")!;
    expect(fp104).toMatchObject({
      id: "FP104",
      name: "auth-from-flag",
      shortDescription: { text: CODES.FP104.summary },
      helpUri: "https://github.com/falpub/falpub#fp104",
      defaultConfiguration: { level: "note" },
    });
    // GitHub code scanning requires help.text on every rule.
    for (const rule of driver.rules!) {
      expect(rule.help?.text).toContain(rule.shortDescription!.text);
      expect(rule.help?.text).toContain(rule.helpUri);
      expect(rule.help?.markdown).toContain(`(${rule.helpUri})`);
      expect(rule.fullDescription?.text).toContain(rule.shortDescription!.text);
    }
  });

  it("paths are relative to the repository root, not the working directory (a step with working-directory:)", () => {
    const opts = { ...OPTS, cwd: "/repo/apps/chat", repoRoot: "/repo" };
    const diagnostics = [
      finding("FP101", { file: "falpub.yaml", line: 4, column: 9 }, { auth: "private" }),
      finding("FP701", { file: "../../../elsewhere/x.yaml", line: 1, column: 1 }, {}),
    ];
    const log = sarif([{ manifest: "falpub.yaml", diagnostics }], opts);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const uris = log.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation);
    expect(uris).toEqual([{ uri: "apps/chat/falpub.yaml", uriBaseId: "%SRCROOT%" }, { uri: "file:///elsewhere/x.yaml" }]);
    expect(log.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
  });

  it("partialFingerprints: stable when the line moves, different for another line or a repeat", () => {
    const source = (extra: string) => (file: string) => (file === "app.py" ? `${extra}import fal\nclass A(fal.App):\n    x = 1\n    x = 1\n` : undefined);
    const at = (line: number) => finding("FP701", { file: "app.py", line, column: 5 }, {});
    const prints = (extra: string, lines: number[]) =>
      sarif([{ manifest: "falpub.yaml", diagnostics: lines.map(at) }], { ...OPTS, sourceText: source(extra) }).runs[0].results!.map((r) => r.partialFingerprints!["falpub/v1"]);
    const before = prints("", [2, 3, 4]);
    const after = prints("\n\n# moved down\n", [5, 6, 7]);
    expect(after).toEqual(before);
    expect(new Set(before).size).toBe(3); // the class line differs; the two identical lines are told apart
    for (const f of before) expect(f).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives each result a ruleIndex that points at its rule, a level and a location", () => {
    const run = sarif().runs[0];
    const results = run.results!;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ["FP104", "note"],
      ["FP203", "error"],
      ["FP101", "error"],
      ["FP407", "note"], // the suppressed one, after its app's findings
      ["FP701", "warning"],
      ["FP805", "warning"],
    ]);
    for (const r of results) expect(run.tool.driver.rules![r.ruleIndex!].id).toBe(r.ruleId);
    const fp203 = twoApps()[0]!.diagnostics[1]!;
    expect(results[1].message.text).toBe(`${formatMessage(fp203)}\nhint: ${formatHint(fp203)}`);
    expect(results[5].message.text).toBe("no_scale is deprecated, use app_scale_settings instead");
    expect(results[1].locations![0].physicalLocation).toEqual({
      artifactLocation: { uri: "apps/chat/app.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 21, startColumn: 5 },
    });
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
  });

  it("reports suppressed findings with an external suppression", () => {
    const results = sarif().runs[0].results!;
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({
      ruleId: "FP407",
      suppressions: [{ kind: "external", justification: "platform defaults are fine" }],
      locations: [{ physicalLocation: { artifactLocation: { uri: "apps/chat/falpub.yaml" }, region: { startLine: 12 } } }],
    });
  });

  it("makes uris relative, forward-slashed and encoded", () => {
    const log = sarif([{
      manifest: "m.yaml",
      diagnostics: [finding("FP901", { file: "/repo/my apps/a#1.py", line: 1, column: 1 }, { detail: "bad", file: "a.py" })],
    }]);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri).toBe("my%20apps/a%231.py");
  });

  it("gives a disagreement's other place as a related location whose message is its role", () => {
    const log = sarif(withRelated());
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const [result] = log.runs[0].results!;
    expect(result!.relatedLocations).toEqual([
      { id: 0, physicalLocation: { artifactLocation: { uri: "apps/chat/falpub.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 4, startColumn: 9 } }, message: { text: "manifest app.auth" } },
    ]);
    expect(result!.message.text).toContain("in apps/chat/falpub.yaml:4");
    expect(sarif().runs[0].results!.every((r) => r.relatedLocations === undefined)).toBe(true);
  });

  it("renders a valid log with no results", () => {
    const log = sarif([]);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toHaveLength(Object.keys(CODES).length);
  });
});
