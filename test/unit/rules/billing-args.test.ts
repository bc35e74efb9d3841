import { describe, expect, test } from "vitest";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { checkProject, edit, edits, findings, hit, type Files } from "../../support/memfs.js";

/*
 * What each billing finding carries (its args feed the message, --json and SARIF), and which
 * endpoint each billing example is evaluated on when the app has more than one.
 */

const HEADER_LINE = /        response\.headers\["x-fal-billable-units"\].*\n/;
const GENERATE = /    @fal\.endpoint\("\/"\)[^]*?return \{"images": images\}\n\n/;
const args = (f: Files) => checkProject(f).map((d) => [d.code, d.args]);
const codes = (f: Files) => checkProject(f).map((d) => d.code);
/** The baseline's billing section with `examples:` (YAML list items indented 4). */
const withExamples = (items: string, files?: Files) => edit("falpub.yaml", "  unit_price_usd: 0.02\n", `  unit_price_usd: 0.02\n  examples:\n${items}`, files);
/** A second billable endpoint, `/batch`, billing num_images. */
const withBatch = (files?: Files) =>
  edit("app.py", '    @fal.endpoint("/health"', '    @fal.endpoint("/batch")\n    def batch(self, input: Input, response: Response) -> dict:\n        response.headers["x-fal-billable-units"] = str(input.num_images)\n        return {}\n\n    @fal.endpoint("/health"', files);

describe("billing findings' args", () => {
  test("FP202 names the missing parameter; with a divisor, both numbers", () => {
    const text = (f: Files) => edit("app.py", "str(len(images))", "str(math.ceil(len(input.prompt) / 1000))", f);
    expect(args(text(edit("falpub.yaml", "per_image", "per_text_chunk")))).toEqual([["FP202", { parameter: "chunk_chars" }]]);
    expect(args(text(edit("falpub.yaml", "per_image", "per_text_chunk\n  chunk_chars: 500")))).toEqual([["FP202", { parameter: "chunk_chars", chunkChars: 500, divisor: 1000 }]]);
  });

  test("chunk_chars is compared with the code only for per_text_chunk", () => {
    const f = edits([["falpub.yaml", "per_image", "per_image\n  chunk_chars: 500"], ["app.py", "str(len(images))", "str(math.ceil(len(input.prompt) / 1000))"]]);
    expect(codes(f)).toEqual(["FP205"]);
  });

  test("FP203, FP204, FP206, FP208, FP213 name the route, function, class or value", () => {
    expect(args(edit("app.py", HEADER_LINE, ""))).toEqual([["FP203", { route: "/", functionName: "generate", strategy: "per_image" }]]);
    expect(args(edit("falpub.yaml", "per_image", "gpu_seconds"))).toEqual([["FP204", { route: "/" }]]);
    expect(args(edit("app.py", GENERATE, ""))).toEqual([["FP206", { className: "TextToImage" }]]);
    expect(args(edit("app.py", "= str(len(images))\n", "= len(images)\n"))).toEqual([["FP208", { value: "len(images)" }]]);
    expect(args(edit("app.py", '@fal.endpoint("/")', '@fal.endpoint("/", is_websocket=True)'))).toEqual([["FP213", { route: "/", strategy: "per_image" }]]);
  });

  test("an endpoint without a literal path is named by its function", () => {
    const f = edits([["app.py", HEADER_LINE, ""], ["app.py", '@fal.endpoint("/")', "@fal.endpoint(ROUTE)"]]);
    expect(args(f)).toEqual([["FP203", { route: "generate", functionName: "generate", strategy: "per_image" }]]);
  });

  test("FP209 names the response parameter; FP210 where the discarded header was set", () => {
    const stray = edit("app.py", HEADER_LINE, '        print({"x-fal-billable-units": str(len(images))})\n');
    expect(args(stray)).toContainEqual(["FP209", { route: "/", responseParam: "response" }]);
    const discard = edit("app.py", 'return {"images": images}', 'return JSONResponse({"images": images})');
    expect(args(discard)).toContainEqual(["FP210", { route: "/", setAt: `app.py:${hit("x", discard, "app.py", "response.headers").split(":")[1]}` }]);
  });

  test("FP205 for per_request carries the baseline request; for other strategies it does not", () => {
    expect(args(edit("falpub.yaml", "per_image", "per_request"))).toEqual([
      ["FP205", { route: "/", input: { num_images: 3 }, units: 3, expected: 1, strategy: "per_request", baseline: { num_images: 1 } }],
    ]);
    const mp = edits([
      ["falpub.yaml", "per_image", "per_megapixel"],
      ["app.py", "    num_images: int = 1\n", "    num_images: int = 1\n    width: int = 1024\n    height: int = 1024\n"],
    ]);
    const [d] = checkProject(mp);
    expect(d).toMatchObject({ code: "FP205", args: { strategy: "per_megapixel", route: "/" } });
    expect(d!.args).not.toHaveProperty("baseline");
  });
});

describe("billing.examples: which example, on which endpoint", () => {
  test("FP211 numbers examples from 1 and says why: other units, no header on that path, or a Python error", () => {
    const units = withExamples("    - input: { prompt: fox, num_images: 2 }\n      units: 2\n    - input: { prompt: cat, num_images: 3 }\n      units: 4\n");
    expect(args(units)).toEqual([["FP211", { example: 2, input: { prompt: "cat", num_images: 3 }, declared: 4, units: 3 }]]);
    const unset = withExamples("    - input: { prompt: fox, num_images: 2 }\n      units: 2\n", edit("app.py", HEADER_LINE, '        if input.num_images == 1:\n            response.headers["x-fal-billable-units"] = "1"\n'));
    expect(args(unset)).toContainEqual(["FP211", { example: 1, input: { prompt: "fox", num_images: 2 }, declared: 2, unset: true }]);
    const raises = withExamples("    - input: { prompt: fox, num_images: 2 }\n      units: 2\n", edit("app.py", "str(len(images))", "str(len(images) // (input.num_images - 2))"));
    expect(args(raises)).toEqual([["FP211", { example: 1, input: { prompt: "fox", num_images: 2 }, declared: 2, problem: "Python would raise: integer division or modulo by zero" }]]);
  });

  test("an entry that is not a mapping is reported while loading and skipped by the rules", () => {
    const f = withExamples("    - 5\n    - input: { prompt: fox, num_images: 2 }\n      units: 3\n");
    expect(codes(f)).toEqual(["FP004", "FP211"]);
    expect(checkProject(f)[1]!.args).toMatchObject({ example: 2, declared: 3, units: 2 });
  });

  test("with two billable endpoints, each example is evaluated on the endpoint it names only", () => {
    const f = withExamples("    - endpoint: /\n      input: { prompt: fox, num_images: 2 }\n      units: 2\n    - endpoint: /batch\n      input: { prompt: fox, num_images: 3 }\n      units: 4\n", withBatch());
    expect(findings(f)).toEqual([hit("FP211", f, "falpub.yaml", "units: 4", { shift: 7 })]);
    expect(args(f)).toEqual([["FP211", { example: 2, input: { prompt: "fox", num_images: 3 }, endpoint: "/batch", declared: 4, units: 3 }]]);
  });

  test("with two billable endpoints, an example that names none is FP211 at its input, listing the routes", () => {
    const f = withExamples("    - input: { prompt: fox, num_images: 2 }\n      units: 2\n", withBatch());
    expect(findings(f)).toEqual([hit("FP211", f, "falpub.yaml", "input:")]);
    expect(args(f)).toEqual([["FP211", { example: 1, input: { prompt: "fox", num_images: 2 }, declared: 2, unmatched: { routes: ["/", "/batch"], unnamed: [] } }]]);
  });

  test("an endpoint whose path is not a literal cannot be named by an example: listed by its function, and the hint says why", () => {
    const f = withExamples("    - endpoint: batch\n      input: { prompt: fox, num_images: 2 }\n      units: 2\n", edit("app.py", '@fal.endpoint("/batch")', "@fal.endpoint(BATCH)", withBatch()));
    const [d, ...rest] = checkProject(f);
    expect(rest).toEqual([]);
    expect([d!.code, d!.args]).toEqual(["FP211", { example: 1, input: { prompt: "fox", num_images: 2 }, endpoint: "batch", declared: 2, unmatched: { routes: ["/"], unnamed: ["batch"] } }]);
    expect(formatMessage(d!)).toBe("billing example 1 names endpoint `batch`, which is not a billable endpoint of the app (billable: /, `batch()`, whose path is not a literal).");
    expect(formatHint(d!)).toBe("Set `endpoint:` to one of /. An example names an endpoint by its route path: write the path of `batch()` as a string literal in @fal.endpoint(...) to name it.");
  });

  test("gpu_seconds bills no units: its examples are not checked", () => {
    const f = withExamples("    - endpoint: /nope\n      input: { prompt: fox }\n      units: 2\n", edit("falpub.yaml", "per_image", "gpu_seconds"));
    expect(codes(f)).toEqual(["FP204"]);
  });

  test("examples replace the probe requests: per_request with varying units is not FP205 when the examples agree", () => {
    const f = withExamples("    - input: { prompt: fox, num_images: 2 }\n      units: 2\n", edit("falpub.yaml", "per_image", "per_request"));
    expect(findings(f)).toEqual([]);
  });
});
