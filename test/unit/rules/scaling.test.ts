import { describe, expect, test } from "vitest";
import { checkProject, edit, edits, findings, hit, sorted } from "../../support/memfs.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";

describe("FP401 scaling-negative", () => {
  test("fires at a negative keep_alive", () => {
    const f = edit("app.py", "keep_alive = 300", "keep_alive = -1");
    expect(findings(f)).toEqual([hit("FP401", f, "app.py", "-1")]);
  });

  test("fires at a fractional value and at concurrency_buffer_perc above 100", () => {
    const f = edit("app.py", "keep_alive = 300", "keep_alive = 1.5\n    concurrency_buffer_perc = 150");
    expect(findings(f)).toEqual(sorted([hit("FP401", f, "app.py", "1.5"), hit("FP401", f, "app.py", "150")]));
  });

  test("fires at a scaling value given as a class keyword", () => {
    const f = edits([["app.py", "    keep_alive = 300\n", ""], ["app.py", "(fal.App)", "(fal.App, keep_alive=-5)"]]);
    expect(findings(f)).toEqual([hit("FP401", f, "app.py", "-5")]);
  });

  test("does not fire on zero, None, or a value falpub does not evaluate", () => {
    const f = edit("app.py", "keep_alive = 300", "keep_alive = 0\n    scaling_delay = None\n    concurrency_buffer = BUFFER");
    expect(findings(f)).toEqual([]);
  });
});

describe("FP402 scaling-max-below-min", () => {
  test("fires at max_concurrency when it is below min_concurrency", () => {
    const f = edit("app.py", "min_concurrency = 0", "min_concurrency = 3");
    expect(findings(f)).toEqual([hit("FP402", f, "app.py", "max_concurrency = 2", { shift: 18 })]);
  });

  test("does not fire when they are equal", () => {
    expect(findings(edit("app.py", "min_concurrency = 0", "min_concurrency = 2"))).toEqual([]);
  });
});

describe("FP403 multiplexing-needs-async", () => {
  const mux = () => edit("app.py", "keep_alive = 300", "keep_alive = 300\n    max_multiplexing = 4");

  test("fires at the def of a synchronous billable endpoint (not the health check)", () => {
    const f = mux();
    expect(findings(f)).toEqual([hit("FP403", f, "app.py", "def generate")]);
  });

  test("does not fire when the endpoint is async", () => {
    expect(findings(edit("app.py", "    def generate", "    async def generate", mux()))).toEqual([]);
  });
});

describe("FP404 machine-type-unknown", () => {
  test("fires at an unknown machine type, once per unknown entry of a list", () => {
    const f = edit("app.py", '"GPU-A100"', '["GPU-A100", "GPU-Z9", "GPU-Q1"]');
    expect(findings(f)).toEqual([hit("FP404", f, "app.py", '["GPU-A100"'), hit("FP404", f, "app.py", '["GPU-A100"')]);
  });

  test("does not fire on a list of known types", () => {
    expect(findings(edit("app.py", '"GPU-A100"', '["GPU-A100", "GPU-H100"]'))).toEqual([]);
  });
});

describe("FP405 region-invalid", () => {
  test("fires at the regions list for a region fal does not accept", () => {
    const f = edit("app.py", '["us-east"]', '["us-east", "mars"]');
    expect(findings(f)).toEqual([hit("FP405", f, "app.py", '["us-east"')]);
  });

  test("does not fire on every valid region", () => {
    expect(findings(edit("app.py", '["us-east"]', '["us-west", "us-central", "us-east", "eu-north", "eu-west"]'))).toEqual([]);
  });
});

describe("FP406 num-gpus-invalid / FP408 num-gpus-on-cpu", () => {
  test("FP408 fires at num_gpus on a CPU machine type", () => {
    const f = edit("app.py", '"GPU-A100"', '"M"');
    expect(findings(f)).toEqual([hit("FP408", f, "app.py", "num_gpus = 1", { shift: 11 })]);
  });

  test("fires at num_gpus = 0", () => {
    const f = edit("app.py", "num_gpus = 1", "num_gpus = 0");
    expect(findings(f)).toEqual([hit("FP406", f, "app.py", "num_gpus = 0", { shift: 11 })]);
  });

  test("does not fire on 2 GPUs of a GPU type", () => {
    expect(findings(edit("app.py", "num_gpus = 1", "num_gpus = 2"))).toEqual([]);
  });
});

describe("FP407 timeouts-implicit", () => {
  test.each([
    ["request_timeout = 300", "request 3600 s", "startup 600 s"],
    ["startup_timeout = 600", "startup 600 s", "request 3600 s"],
  ])("with only %s missing, quotes only the default that applies", (line, quoted, notQuoted) => {
    const f = edit("app.py", `    ${line}\n`, "");
    expect(findings(f)).toEqual([hit("FP407", f, "app.py", "TextToImage(")]);
    const d = checkProject(f)[0]!;
    expect(formatMessage(d)).toContain(quoted);
    expect(formatMessage(d)).not.toContain(notQuoted);
  });


  test("fires (info) at the class, once, naming both missing timeouts", () => {
    const f = edits([["app.py", "    request_timeout = 300\n", ""], ["app.py", "    startup_timeout = 600\n", ""]]);
    expect(findings(f)).toEqual([hit("FP407", f, "app.py", "TextToImage(")]);
    const d = checkProject(f)[0]!;
    expect(d.severity).toBe("info");
    expect(formatMessage(d)).toContain("request_timeout");
    expect(formatMessage(d)).toContain("startup_timeout");
  });

  test("does not fire when both are set as class keywords", () => {
    const f = edits([
      ["app.py", "    request_timeout = 300\n", ""],
      ["app.py", "    startup_timeout = 600\n", ""],
      ["app.py", "(fal.App)", "(fal.App, request_timeout=300, startup_timeout=600)"],
    ]);
    expect(findings(f)).toEqual([]);
  });
});

describe("scaling findings' args and edges", () => {
  const args = (f: ReturnType<typeof edit>) => checkProject(f).map((d) => [d.code, d.args]);

  test("FP401 quotes the value and its bounds; only concurrency_buffer_perc has a maximum, and 100 is allowed", () => {
    expect(args(edit("app.py", "keep_alive = 300", "keep_alive = -1"))).toEqual([["FP401", { name: "keep_alive", text: "-1", min: 0 }]]);
    expect(args(edit("app.py", "keep_alive = 300", "keep_alive = 300\n    concurrency_buffer_perc = 101"))).toEqual([
      ["FP401", { name: "concurrency_buffer_perc", text: "101", min: 0, max: 100 }],
    ]);
    expect(findings(edit("app.py", "keep_alive = 300", "keep_alive = 300\n    concurrency_buffer_perc = 100"))).toEqual([]);
  });

  test("FP402 names both numbers, also at max_concurrency = 1; a max of 0 is FP401's alone", () => {
    expect(args(edit("app.py", "min_concurrency = 0", "min_concurrency = 3"))).toEqual([["FP402", { max: 2, min: 3 }]]);
    const one = edits([["app.py", "min_concurrency = 0", "min_concurrency = 3"], ["app.py", "max_concurrency = 2", "max_concurrency = 1"]]);
    expect(findings(one)).toEqual([hit("FP402", one, "app.py", "max_concurrency = 1", { shift: 18 })]);
    const zero = edits([["app.py", "min_concurrency = 0", "min_concurrency = 3"], ["app.py", "max_concurrency = 2", "max_concurrency = 0"]]);
    expect(checkProject(zero).map((d) => d.code)).toEqual(["FP401"]);
  });

  test("FP403 names the multiplexing and the function; max_multiplexing = 1 needs nothing", () => {
    expect(args(edit("app.py", "keep_alive = 300", "keep_alive = 300\n    max_multiplexing = 4"))).toEqual([["FP403", { multiplexing: 4, functionName: "generate" }]]);
    expect(findings(edit("app.py", "keep_alive = 300", "keep_alive = 300\n    max_multiplexing = 1"))).toEqual([]);
  });

  test("FP404 names each unknown entry, also one that is not a string", () => {
    expect(args(edit("app.py", '"GPU-A100"', '["GPU-A100", "GPU-Z9"]'))).toEqual([["FP404", { machineType: "GPU-Z9" }]]);
    expect(args(edit("app.py", '"GPU-A100"', "[5]"))).toEqual([["FP404", { machineType: 5 }]]);
  });

  test("no machine type, or one falpub does not evaluate: nothing about it, and num_gpus is not judged against it", () => {
    expect(findings(edit("app.py", '    machine_type = "GPU-A100"\n', ""))).toEqual([]);
    expect(findings(edit("app.py", 'machine_type = "GPU-A100"', "machine_type = MACHINE"))).toEqual([]);
  });

  test("FP406 quotes num_gpus that is not a positive integer; None is left alone", () => {
    expect(args(edit("app.py", "num_gpus = 1", "num_gpus = 1.5"))).toEqual([["FP406", { text: "1.5" }]]);
    expect(findings(edit("app.py", "num_gpus = 1", "num_gpus = None"))).toEqual([]);
  });

  test("FP408 names the GPUs and the machine types, and needs every type to be a CPU one", () => {
    expect(args(edit("app.py", '"GPU-A100"', '"M"'))).toEqual([["FP408", { gpus: 1, machineTypes: ["M"] }]]);
    expect(findings(edit("app.py", '"GPU-A100"', '["M", "GPU-A100"]'))).toEqual([]);
  });

  test("FP405 names each region fal does not accept", () => {
    expect(args(edit("app.py", '["us-east"]', '["us-east", "mars", 3]'))).toEqual([["FP405", { region: "mars" }], ["FP405", { region: 3 }]]);
  });
});
