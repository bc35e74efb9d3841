import { describe, expect, test } from "vitest";
import { baseline, edit, edits, findings, hit, sorted } from "../../support/memfs.js";

const HEADER_LINE = /        response\.headers\["x-fal-billable-units"\].*\n/;
const GENERATE = /    @fal\.endpoint\("\/"\)[^]*?return \{"images": images\}\n\n/;

describe("FP201 billing-strategy-missing", () => {
  test("fires at line 1 when there is no billing section", () => {
    expect(findings(edit("falpub.yaml", /billing:\n.*\n.*\n/, ""))).toEqual(["FP201@falpub.yaml:1:1"]);
  });

  test("fires at the billing key when billing has no strategy", () => {
    const f = edit("falpub.yaml", "  strategy: per_image\n", "");
    expect(findings(f)).toEqual([hit("FP201", f, "falpub.yaml", "billing:")]);
  });
});

describe("FP202 billing-parameter", () => {
  // The code bills text chunks too, so that only the manifest is wrong.
  const textApp = () => edit("app.py", "str(len(images))", "str(math.ceil(len(input.prompt) / 1000))");

  test("fires at the strategy when per_text_chunk has no chunk_chars", () => {
    const f = edit("falpub.yaml", "per_image", "per_text_chunk", textApp());
    expect(findings(f)).toEqual([hit("FP202", f, "falpub.yaml", "per_text_chunk")]);
  });

  test("does not fire once chunk_chars is given", () => {
    expect(findings(edit("falpub.yaml", "per_image", "per_text_chunk\n  chunk_chars: 1000", textApp()))).toEqual([]);
  });
});

describe("FP203 billing-header-missing", () => {
  test("fires at the endpoint's decorator when it never sets the header", () => {
    const f = edit("app.py", HEADER_LINE, "");
    expect(findings(f)).toEqual([hit("FP203", f, "app.py", '@fal.endpoint("/")')]);
  });

  test("does not fire when a self. helper sets the header", () => {
    const f = edits([
      ["app.py", HEADER_LINE, "        self._bill(response, images)\n"],
      ["app.py", "    @fal.endpoint(\"/health\"", '    def _bill(self, response, images):\n        response.headers["x-fal-billable-units"] = str(len(images))\n\n    @fal.endpoint("/health"'],
    ]);
    expect(findings(f)).toEqual([]);
  });

  test("does not fire when the header goes through Response(headers={...})", () => {
    const f = edits([
      ["app.py", HEADER_LINE, ""],
      ["app.py", 'return {"images": images}', 'return Response(content="ok", headers={"X-Fal-Billable-Units": str(len(images))})'],
    ]);
    expect(findings(f)).toEqual([]);
  });
});

describe("FP204 billing-header-unexpected", () => {
  test("fires at the header assignment when the strategy is gpu_seconds", () => {
    const f = edit("falpub.yaml", "per_image", "gpu_seconds");
    expect(findings(f)).toEqual([hit("FP204", f, "app.py", "response.headers")]);
  });

  test("does not fire for gpu_seconds without the header", () => {
    expect(findings(edits([["falpub.yaml", "per_image", "gpu_seconds"], ["app.py", HEADER_LINE, ""]]))).toEqual([]);
  });
});

describe("FP205 billing-formula-mismatch", () => {
  // The baseline's Input has no size fields; with them, a per-image count differs from megapixels at 1536×1024.
  const sized = () => edit("app.py", "    num_images: int = 1\n", "    num_images: int = 1\n    width: int = 1024\n    height: int = 1024\n");

  test("fires at the header when a probe request gives other units than the strategy's formula", () => {
    const f = edit("falpub.yaml", "per_image", "per_megapixel", sized());
    expect(findings(f)).toEqual([hit("FP205", f, "app.py", "response.headers")]);
  });

  test("fires for per_request with units that vary per request", () => {
    const f = edit("falpub.yaml", "per_image", "per_request");
    expect(findings(f)).toEqual([hit("FP205", f, "app.py", "response.headers")]);
  });

  test("does not fire for a megapixel formula or a constant per-request unit", () => {
    const mp = edits([
      ["falpub.yaml", "per_image", "per_megapixel"],
      ["app.py", "str(len(images))", "str(math.ceil(input.width * input.height / (1024 * 1024)) * len(images))"],
    ], sized());
    expect(findings(mp)).toEqual([]);
    const req = edits([["falpub.yaml", "per_image", "per_request"], ["app.py", "str(len(images))", '"1"']]);
    expect(findings(req)).toEqual([]);
  });

  test("does not fire when the request says nothing the strategy's formula needs (no size fields)", () => {
    expect(findings(edit("falpub.yaml", "per_image", "per_megapixel"))).toEqual([]);
  });
});

describe("FP206 billing-no-endpoints", () => {
  test("fires at the class when the only endpoint is the health check", () => {
    const f = edit("app.py", GENERATE, "");
    expect(findings(f)).toEqual([hit("FP206", f, "app.py", "TextToImage(")]);
  });
});

test("billing findings add up per endpoint: two endpoints without the header give two FP203", () => {
  const f = edits([
    ["app.py", HEADER_LINE, ""],
    ["app.py", '    @fal.endpoint("/health"', '    @fal.endpoint("/batch")\n    def batch(self) -> dict:\n        return {}\n\n    @fal.endpoint("/health"'],
  ]);
  expect(findings(f)).toEqual(sorted([hit("FP203", f, "app.py", '@fal.endpoint("/")'), hit("FP203", f, "app.py", '@fal.endpoint("/batch")')]));
});

describe("FP207 billing-header-conditional", () => {
  test("fires at the header when it is set only inside an if", () => {
    const f = edit("app.py", HEADER_LINE, '        if images:\n            response.headers["x-fal-billable-units"] = str(len(images))\n');
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", 'response.headers["x-fal-billable-units"]')]);
  });

  test("fires when it is set only inside a loop", () => {
    const f = edit("app.py", HEADER_LINE, '        for _ in images[:1]:\n            response.headers["x-fal-billable-units"] = str(len(images))\n');
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", 'response.headers["x-fal-billable-units"]')]);
  });

  test("does not fire when a branch overrides a header already set on every path", () => {
    const f = edit("app.py", HEADER_LINE, '        response.headers["x-fal-billable-units"] = str(len(images))\n        if not images:\n            response.headers["x-fal-billable-units"] = "0"\n');
    expect(findings(f)).toEqual([]);
  });

  test("does not fire for a header set inside with/try on the main path", () => {
    const f = edit("app.py", HEADER_LINE, '        try:\n            response.headers["x-fal-billable-units"] = str(len(images))\n        finally:\n            pass\n');
    expect(findings(f)).toEqual([]);
  });
});
