// How the checklist and fal's outcome are shown to people (src/checklist/render.ts), and the
// unit names the checklist and listing request use.
import { describe, expect, test } from "vitest";
import { unitName, type ChecklistItem } from "../../../src/checklist/build.js";
import { renderChecklist, renderOutcome } from "../../../src/checklist/render.js";
import type { DeployOutcome } from "../../../src/fal/types.js";

const deployed: DeployOutcome = { kind: "deployed", appName: "text-to-image", revision: "rev-1", status: "ready", exitCode: 0 };

test("unitName: one unit of each strategy, and a plain word for anything else", () => {
  expect(["per_image", "per_megapixel", "per_video_second", "per_text_chunk", "per_request", "gpu_seconds", "none"].map(unitName)).toEqual([
    "image", "megapixel", "second of video", "text chunk", "request", "GPU second", "unit",
  ]);
});

describe("renderChecklist", () => {
  test("one line per step with its mark and status, evidence indented, and how many are left", () => {
    const items: ChecklistItem[] = [
      { id: "a", title: "First", status: "done", evidence: ["here"] },
      { id: "b", title: "Second", status: "failed", evidence: [] },
      { id: "c", title: "Third", status: "todo", evidence: ["x", "y"] },
    ];
    expect(renderChecklist(items, false)).toBe(
      "Publishing checklist\n  ✔ done   First\n             here\n  ✖ failed Second\n  ○ todo   Third\n             x\n             y\n\n2 of 3 steps left before the Marketplace listing.\n",
    );
    expect(renderChecklist([items[0]!], false)).toMatch(/\n\nAll steps done\.\n$/);
  });

  test("colour only when asked", () => {
    const items: ChecklistItem[] = [{ id: "a", title: "First", status: "done", evidence: ["e"] }];
    expect(renderChecklist(items, false)).not.toContain("\u001b[");
    expect(renderChecklist(items, true)).toContain("\u001b[32m✔ done  \u001b[39m");
  });
});

describe("renderOutcome", () => {
  const r = (o: DeployOutcome) => renderOutcome(o, false);
  test("each kind of outcome in its own words", () => {
    expect(r(deployed)).toBe("✔ Deployed text-to-image, revision rev-1 (ready)\n");
    expect(r({ kind: "deployed", appName: "text-to-image", revision: "rev-1", exitCode: 0 })).toBe("✔ Deployed text-to-image, revision rev-1\n");
    expect(r({ kind: "not-authenticated", exitCode: 1, tail: [] })).toMatch(/^✖ fal is not authenticated\.\n  Set FAL_KEY=/);
    expect(r({ kind: "unreachable", exitCode: 1, tail: [] })).toMatch(/^✖ fal could not reach its server\.\n  Check the network/);
    expect(r({ kind: "invalid-app", exitCode: 1, tail: [] })).toMatch(/^✖ fal could not load the app/);
    expect(r({ kind: "timeout", exitCode: null, tail: [], timeoutMs: 90_400 })).toMatch(/^✖ fal did not finish within 90 s and was stopped\.\n  Raise --timeout/);
    expect(r({ kind: "interrupted", exitCode: null, tail: [] })).toBe("✖ Interrupted; fal was stopped.\n");
    expect(r({ kind: "failed", exitCode: 3, tail: [] })).toMatch(/^✖ fal deploy failed \(exit 3\)\.\n  See fal's output above/);
    expect(r({ kind: "failed", exitCode: null, tail: [] })).toMatch(/^✖ fal deploy failed\.\n/);
  });

  test("colour only when asked", () => {
    expect(renderOutcome(deployed, true)).toContain("\u001b[32m✔\u001b[39m");
    expect(renderOutcome({ kind: "interrupted", exitCode: null, tail: [] }, true)).toContain("\u001b[31m✖\u001b[39m");
  });
});
