import { describe, expect, test } from "vitest";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { checkProject, edit, edits, findings, hit, sorted } from "../../support/memfs.js";

const HC = "health_check=fal.HealthCheck(timeout_seconds=5, failure_threshold=3)";

describe("FP301 health-check-missing", () => {
  test("fires at a plain /health endpoint that only lacks health_check=, and names it; it is not billed", () => {
    const f = edit("app.py", `, ${HC}`, "");
    expect(findings(f)).toEqual([hit("FP301", f, "app.py", '@fal.endpoint("/health")')]);
    const d = checkProject(f)[0];
    expect(formatMessage(d)).toContain("`/health` (health)");
    expect(formatHint(d)).toContain('@fal.endpoint("/health", health_check=fal.HealthCheck(');
  });

  test("fires at the class when there is no health-like endpoint at all", () => {
    const f = edit("app.py", /    @fal\.endpoint\("\/health"[^]*$/, "");
    expect(findings(f)).toEqual([hit("FP301", f, "app.py", "TextToImage(")]);
  });

  test("does not fire when the HealthCheck is a module-level constant", () => {
    const f = edits([
      ["app.py", HC, "health_check=HC"],
      ["app.py", "\n\nclass Input", "\nHC = fal.HealthCheck(timeout_seconds=5)\n\n\nclass Input"],
    ]);
    expect(findings(f)).toEqual([]);
  });
});

describe("FP302 health-check-multiple", () => {
  test("fires at the second health check endpoint", () => {
    const f = edit("app.py", "    def setup(self):", `    @fal.endpoint("/ready", ${HC})\n    def ready(self) -> dict:\n        return {}\n\n    def setup(self):`);
    expect(findings(f)).toEqual([hit("FP302", f, "app.py", '@fal.endpoint("/health"')]);
  });
});

describe("FP303 health-check-websocket", () => {
  test("fires at the websocket health endpoint", () => {
    const f = edit("app.py", '"/health", health_check', '"/health", is_websocket=True, health_check');
    expect(findings(f)).toEqual([hit("FP303", f, "app.py", '@fal.endpoint("/health"')]);
  });

  test("does not fire with is_websocket=False", () => {
    expect(findings(edit("app.py", '"/health", health_check', '"/health", is_websocket=False, health_check'))).toEqual([]);
  });
});

describe("FP304 health-check-thresholds", () => {
  test("fires at a zero timeout", () => {
    const f = edit("app.py", "timeout_seconds=5", "timeout_seconds=0");
    expect(findings(f)).toEqual([hit("FP304", f, "app.py", "0,")]);
  });

  test("fires at a threshold that is not an integer, and at one above its sane maximum", () => {
    const f = edit("app.py", "timeout_seconds=5, failure_threshold=3", "timeout_seconds=2.5, failure_threshold=1000");
    expect(findings(f)).toEqual(sorted([hit("FP304", f, "app.py", "2.5"), hit("FP304", f, "app.py", "1000")]));
  });

  test("fires at a method that is not an HTTP method", () => {
    const f = edit("app.py", "failure_threshold=3", 'failure_threshold=3, method="FETCH"');
    expect(findings(f)).toEqual([hit("FP306", f, "app.py", '"FETCH"')]);
  });

  test("does not fire on boundary values and a lowercase HTTP method", () => {
    const f = edit("app.py", "timeout_seconds=5, failure_threshold=3", 'timeout_seconds=60, failure_threshold=1, start_period_seconds=3600, method="get"');
    expect(findings(f)).toEqual([]);
  });
});

describe("FP305 health-check-ignored-settings", () => {
  test("fires at each threshold made meaningless by call_regularly=False", () => {
    const f = edit("app.py", "failure_threshold=3", "failure_threshold=3, start_period_seconds=10, call_regularly=False");
    expect(findings(f)).toEqual(sorted([hit("FP305", f, "app.py", "3, start"), hit("FP305", f, "app.py", "10,")]));
  });

  test("does not fire with call_regularly=False and no thresholds", () => {
    expect(findings(edit("app.py", "failure_threshold=3", "call_regularly=False"))).toEqual([]);
  });
});

describe("health findings' args and edges", () => {
  const args = (f: ReturnType<typeof edit>) => checkProject(f).map((d) => [d.code, d.args]);

  test("FP301 names the class; FP302 the extra and the first health check", () => {
    expect(args(edit("app.py", /    @fal\.endpoint\("\/health"[^]*$/, ""))).toEqual([["FP301", { className: "TextToImage" }]]);
    const two = edit("app.py", "    def setup(self):", `    @fal.endpoint("/ready", ${HC})\n    def ready(self) -> dict:\n        return {}\n\n    def setup(self):`);
    expect(args(two)).toEqual([["FP302", { functionName: "health", first: "ready" }]]);
  });

  test("FP304 quotes the value and its maximum; FP306 a method that is not even a string", () => {
    expect(args(edit("app.py", "timeout_seconds=5", "timeout_seconds=0"))).toEqual([["FP304", { name: "timeout_seconds", text: "0", max: 60 }]]);
    const f = edit("app.py", "failure_threshold=3", "failure_threshold=3, method=5");
    expect(findings(f)).toEqual([hit("FP306", f, "app.py", "5)")]);
    expect(args(f)).toEqual([["FP306", { text: "5" }]]);
  });

  test("FP305 names each ignored setting; call_regularly=True ignores none", () => {
    expect(args(edit("app.py", "failure_threshold=3", "failure_threshold=3, call_regularly=False"))).toEqual([["FP305", { name: "failure_threshold" }]]);
    expect(findings(edit("app.py", "failure_threshold=3", "failure_threshold=3, start_period_seconds=10, call_regularly=True"))).toEqual([]);
  });
});
