import { describe, expect, test } from "vitest";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { checkProject, findings, hit, MANIFEST, ROOT, type Files } from "../../support/memfs.js";

/*
 * Units: fal's five documented billing patterns against each strategy (FP205 probes),
 * billing.examples evaluated on the code (FP211/FP212), chunk_chars vs the code (FP202).
 */

const manifest = (billing: string) => `version: 1
app:
  ref: app.py::Gen
  name: gen
  auth: shared
billing:
${billing.replace(/^/gm, "  ")}
marketplace:
  title: Gen
  description: Generates.
  category: text-to-image
  license: MIT
`;

const app = (billing: string) => `import math
import fal
from fastapi import Response
from pydantic import BaseModel, Field


class Input(BaseModel):
    prompt: str = Field(description="What to make.", examples=["a red fox in the snow"])
    width: int = Field(default=1024, examples=[1024])
    height: int = Field(default=1024, examples=[1024])
    num_images: int = 1
    duration: float = Field(default=5.0)


class Gen(fal.App):
    app_auth = "shared"
    machine_type = "GPU-A100"
    request_timeout = 300
    startup_timeout = 600

    @fal.endpoint("/")
    def generate(self, input: Input, response: Response) -> dict:
${billing.replace(/^/gm, "        ")}
        return {}

    @fal.endpoint("/health", health_check=fal.HealthCheck())
    def health(self) -> dict:
        return {}
`;

const project = (billing: string, code: string): Files => ({ [MANIFEST]: manifest(billing), [`${ROOT}/app.py`]: app(code) });
const SET = 'response.headers["x-fal-billable-units"]';

/** fal's documented patterns (publishing-to-marketplace), as the docs write them. */
const PATTERNS: Record<string, string> = {
  per_image: `${SET} = str(input.num_images)`,
  per_megapixel: `resolution_factor = math.ceil(\n    (input.width * input.height) / (1024 * 1024)\n)\n${SET} = str(resolution_factor * input.num_images)`,
  per_video_second: `${SET} = str(input.duration)`,
  per_text_chunk: `chunks = math.ceil(len(input.prompt) / 1000)\n${SET} = str(chunks)`,
  per_request: `${SET} = "1"`,
};
const MISMATCH: Record<string, string> = { per_image: "per_megapixel", per_megapixel: "per_image", per_video_second: "per_image", per_text_chunk: "per_image", per_request: "per_image" };
const extra = (s: string) => (s === "per_text_chunk" ? "\nchunk_chars: 1000" : "");

describe("fal's five documented patterns", () => {
  test.each(Object.keys(PATTERNS))("%s passes clean with its strategy", (strategy) => {
    expect(findings(project(`strategy: ${strategy}${extra(strategy)}`, PATTERNS[strategy]))).toEqual([]);
  });

  test.each(Object.keys(PATTERNS))("%s fails (FP205, with a request and two numbers) with a mismatching strategy", (strategy) => {
    const other = MISMATCH[strategy];
    const f = project(`strategy: ${other}${extra(other)}`, PATTERNS[strategy]);
    expect(findings(f)).toEqual([hit("FP205", f, "app.py", SET)]);
    expect(formatMessage(checkProject(f)[0])).toMatch(/On the request \{.*\}, `\/` reports [\d.]+ units, but [\d.]+/);
  });
});

describe("FP205 catches formulas that only look right", () => {
  test("megapixels floored with int(): a 720×1280 image bills 0 units", () => {
    const f = project("strategy: per_megapixel", `${SET} = str(int(input.width * input.height / (1024 * 1024)) * input.num_images)`);
    expect(findings(f)).toEqual([hit("FP205", f, "app.py", SET)]);
    expect(formatMessage(checkProject(f)[0])).toContain('"width":720,"height":1280');
    expect(formatMessage(checkProject(f)[0])).toContain("reports 0 units");
  });

  test("a name that merely contains a measure (`sections`) is no evidence either way", () => {
    expect(findings(project("strategy: per_image", `sections = input.num_images\n${SET} = str(sections)`))).toEqual([]);
  });

  test("a value that depends on the model's output is not guessed at", () => {
    expect(findings(project("strategy: per_megapixel", `images = self.model(input)\n${SET} = str(len(images))`))).toEqual([]);
  });
});

describe("FP202: chunk_chars against the code's divisor", () => {
  test("fires when billing.chunk_chars is 500 but the code divides by 1000", () => {
    const f = project("strategy: per_text_chunk\nchunk_chars: 500", PATTERNS.per_text_chunk);
    expect(findings(f)).toEqual([hit("FP202", f, "falpub.yaml", "500")]);
    expect(formatMessage(checkProject(f)[0])).toContain("one unit per 1000 characters");
  });

  test("does not fire when they agree, also with a floor of 1", () => {
    expect(findings(project("strategy: per_text_chunk\nchunk_chars: 1000", `${SET} = str(max(1, math.ceil(len(input.prompt) / 1000)))`))).toEqual([]);
  });
});

describe("billing.examples", () => {
  const examples = (units: number) => `strategy: per_megapixel\nexamples:\n  - input: { prompt: fox, width: 720, height: 1280, num_images: 2 }\n    units: ${units}`;

  test("FP211 fires at the example's units with the request and both numbers", () => {
    const f = project(examples(1), PATTERNS.per_megapixel);
    expect(findings(f)).toEqual([hit("FP211", f, "falpub.yaml", "units: ", { shift: 7 })]);
    const d = checkProject(f)[0];
    expect(formatMessage(d)).toContain('{"prompt":"fox","width":720,"height":1280,"num_images":2}');
    expect(formatMessage(d)).toContain("reports 2 units, the example declares 1");
  });

  test("does not fire when the code gives the declared units", () => {
    expect(findings(project(examples(2), PATTERNS.per_megapixel))).toEqual([]);
  });

  test("FP211 fires when the example's request takes a path without the header", () => {
    const f = project(examples(2), `if input.num_images == 1:\n    ${SET} = "1"\nelse:\n    return {}`);
    expect(findings(f)).toContain(hit("FP211", f, "falpub.yaml", "units: ", { shift: 7 }));
  });

  test("FP212 (info) says on what an unevaluable example depends", () => {
    const f = project(examples(2), `images = self.model(input)\n${SET} = str(len(images))`);
    expect(findings(f)).toEqual([hit("FP212", f, "falpub.yaml", "units: ", { shift: 7 })]);
    expect(formatMessage(checkProject(f)[0])).toContain("depends on `images`");
  });

  test("FP211 fires at an example's endpoint when no billable endpoint has that path; not for the right path", () => {
    const ex = (endpoint: string) => `strategy: per_image\nexamples:\n  - endpoint: ${endpoint}\n    input: { prompt: fox, num_images: 2 }\n    units: 2`;
    const f = project(ex("/nope"), PATTERNS.per_image);
    expect(findings(f)).toEqual([hit("FP211", f, "falpub.yaml", "/nope")]);
    expect(formatMessage(checkProject(f)[0])).toContain("not a billable endpoint of the app (billable: /)");
    expect(findings(project(ex("/"), PATTERNS.per_image))).toEqual([]);
  });
});
