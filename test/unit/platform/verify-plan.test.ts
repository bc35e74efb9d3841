import { describe, expect, test } from "vitest";
import { loadProject, type FileReader } from "../../../src/project.js";
import { judgeAnonymous, judgeCall, planVerify } from "../../../src/verify/plan.js";
import { APP_PY, MANIFEST } from "../../support/platform-harness.js";

function facts(manifest: string, app = APP_PY) {
  const files: Record<string, string> = { "/p/falpub.yaml": manifest, "/p/app.py": app };
  const io: FileReader = { readText: (f) => files[f], exists: (f) => f in files };
  return loadProject("/p/falpub.yaml", manifest, io, "/p").facts;
}
const TWO_ENDPOINTS = APP_PY.replace('    @fal.endpoint("/health"', '    @fal.endpoint("/fast")\n    def fast(self, input: dict, response: Response) -> dict:\n        response.headers["x-fal-billable-units"] = "1"\n        return {}\n\n    @fal.endpoint("/health"');

describe("planVerify", () => {
  test("one call per billing example, on the only billable endpoint (the health check is not one)", () => {
    const p = planVerify(facts(MANIFEST));
    expect(p).toEqual({ ok: true, calls: [
      { label: "billing.examples[0]", endpoint: "/", input: { prompt: "a fox", num_images: 1 }, expect: { kind: "units", units: 1 } },
      { label: "billing.examples[1]", endpoint: "/", input: { prompt: "two foxes", num_images: 2 }, expect: { kind: "units", units: 2 } },
    ] });
  });
  test("several billable endpoints: an example without endpoint is refused; with one it is used", () => {
    const p = planVerify(facts(MANIFEST, TWO_ENDPOINTS));
    expect(p).toMatchObject({ ok: false, reason: expect.stringContaining("billing.examples[0] names no endpoint") });
    const named = MANIFEST.replace(/    - input: \{ prompt: "a fox"/, '    - endpoint: /fast\n      input: { prompt: "a fox"').replace(/    - input: \{ prompt: "two foxes"/, '    - endpoint: /\n      input: { prompt: "two foxes"');
    expect(planVerify(facts(named, TWO_ENDPOINTS))).toMatchObject({ ok: true, calls: [{ endpoint: "/fast" }, { endpoint: "/" }] });
  });
  test("gpu_seconds: every call must come back without the header", () => {
    const p = planVerify(facts(MANIFEST.replace("strategy: per_megapixel", "strategy: gpu_seconds")));
    expect(p.ok && p.calls.map((c) => c.expect)).toEqual([{ kind: "no-header" }, { kind: "no-header" }]);
  });
  test("neither examples nor example_input: nothing to call with", () => {
    const bare = MANIFEST.replace(/  examples:\n(    .*\n|      .*\n)+/, "").replace(/  example_input: .*\n/, "");
    expect(planVerify(facts(bare))).toMatchObject({ ok: false, hint: expect.stringContaining("billing.examples") });
  });
});

describe("judging answers", () => {
  const call = { label: "billing.examples[0]", endpoint: "/", input: {}, expect: { kind: "units" as const, units: 2 } };
  const answer = (status: number, header: string | null) => ({ ok: true as const, status, request: "POST /x", units: header === null ? { kind: "missing" as const } : /^[\d.]+$/.test(header) ? { kind: "number" as const, value: Number(header), raw: header } : { kind: "non-numeric" as const, raw: header } });
  test.each([
    [200, "2.00000000", "match", "done"],
    [200, "2", "match", "done"],
    [200, "2.5", "mismatch", "failed"],
    [200, null, "missing", "failed"],
    [200, "lots", "non-numeric", "failed"],
    [422, "0", "app-error", "failed"],
  ])("HTTP %i with %j → %s", (status, header, state, itemStatus) => {
    expect(judgeCall(call, 0, answer(status, header))).toMatchObject({ state, status: itemStatus });
  });
  test.each([
    [200, "public", "failed"],
    [401, "refused", "done"],
    [403, "refused", "done"],
    [404, "unclear", "todo"],
  ])("keyless HTTP %i → %s", (status, state, itemStatus) => {
    expect(judgeAnonymous(answer(status, null))).toMatchObject({ state, status: itemStatus });
  });
});
