import { describe, expect, test } from "vitest";
import type { InputModelFacts } from "../../../src/python/facts.js";
import { chunkDivisor, codeUnits, completeInput, probeInputs, strategyUnits, textField } from "../../../src/rules/billing-units.js";
import { loadMem, MANIFEST, ROOT } from "../../support/memfs.js";

/*
 * The pure helpers behind FP202/FP205/FP211 and the preview, called directly: the request as
 * pydantic completes it, the strategies' documented formulas, the probe requests, the divisor.
 */

type Field = InputModelFacts["fields"][string];
const model = (fields: Record<string, Partial<Field> & { type: string }>): InputModelFacts => ({
  className: "Input",
  fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { required: false, ...v }])),
});

/** The `/` endpoint of a one-endpoint app whose Input is `fields` and whose body is `body`. */
function endpointOf(fields: string, body: string) {
  const app = `import math
import fal
from fastapi import Response
from pydantic import BaseModel


class Input(BaseModel):
${fields.replace(/^/gm, "    ")}


class Gen(fal.App):
    app_auth = "shared"

    @fal.endpoint("/")
    def generate(self, input: Input, response: Response) -> dict:
${body.replace(/^/gm, "        ")}
        return {}
`;
  const manifest = "version: 1\napp:\n  ref: app.py::Gen\n  name: gen\n  auth: shared\nbilling:\n  strategy: per_text_chunk\n  chunk_chars: 1000\n";
  const ep = loadMem({ [MANIFEST]: manifest, [`${ROOT}/app.py`]: app }).facts.app!.cls!.endpoints.find((e) => e.path === "/");
  if (!ep) throw new Error("no / endpoint");
  return ep;
}
const SET = 'response.headers["x-fal-billable-units"]';

describe("completeInput: pydantic fills in the defaults of fields that are not required", () => {
  test("adds defaults, keeps the request's own values, adds nothing for required or default-less fields", () => {
    const m = model({
      steps: { type: "int", default: 30 },
      prompt: { type: "str", required: true },
      seed: { type: "int" },
      size: { type: "str", default: "square", required: true },
    });
    expect(completeInput(m, { prompt: "fox" })).toStrictEqual({ steps: 30, prompt: "fox" });
    expect(completeInput(m, { steps: 4 })).toStrictEqual({ steps: 4 });
    expect(completeInput(undefined, { a: 1 })).toStrictEqual({ a: 1 });
  });
});

describe("codeUnits: the header's value on a request", () => {
  test("a number, an unknown with its dependencies, no header on the path, or what Python would raise", () => {
    expect(codeUnits(endpointOf("prompt: str", `${SET} = str(len(input.prompt))`), { prompt: "abc" })).toEqual({ kind: "units", units: 3 });
    expect(codeUnits(endpointOf("prompt: str", `n = self.model(input)\n${SET} = str(n)`), { prompt: "a" })).toEqual({ kind: "unknown", deps: ["n"] });
    expect(codeUnits(endpointOf("prompt: str", `if input.prompt:\n    ${SET} = "1"`), { prompt: "" })).toEqual({ kind: "unset" });
    const raise = codeUnits(endpointOf("prompt: str", `${SET} = str(1 // 0)`), { prompt: "a" });
    expect(raise).toMatchObject({ kind: "problem", problem: expect.stringMatching(/^Python would raise: ./) });
  });

  test("a value that is not a number of units is a problem", () => {
    expect(codeUnits(endpointOf("prompt: str", `${SET} = "-2"`), { prompt: "a" })).toEqual({ kind: "problem", problem: "-2 is negative" });
  });

  test("the request is completed with the model's defaults first", () => {
    expect(codeUnits(endpointOf("num_images: int = 4", `${SET} = str(input.num_images)`), {})).toEqual({ kind: "units", units: 4 });
  });
});

describe("textField: the field a text strategy counts", () => {
  test.each(["text", "prompt", "input", "content", "message"])("the conventional name %s, with no model", (name) => {
    expect(textField(undefined, { [name]: "hello", other: "x" })).toBe(name);
  });

  test("the conventional names come first, then the model's str fields; a non-string value of an unknown field is not text", () => {
    expect(textField(undefined, { message: "m", text: "t" })).toBe("text");
    expect(textField(undefined, { prompt: 5 })).toBeUndefined();
    expect(textField(model({ caption: { type: "str" }, steps: { type: "int" } }), {})).toBe("caption");
    expect(textField(model({ steps: { type: "int" } }), { steps: "3" })).toBeUndefined();
  });
});

describe("strategyUnits: the documented formulas", () => {
  test("per_image counts num_images (1 when absent or not a finite number)", () => {
    expect(strategyUnits("per_image", { num_images: 3 }, undefined)).toBe(3);
    expect(strategyUnits("per_image", {}, undefined)).toBe(1);
    expect(strategyUnits("per_image", { num_images: "3" }, undefined)).toBe(1);
    expect(strategyUnits("per_image", { num_images: Infinity }, undefined)).toBe(1);
  });

  test("per_megapixel: whole megapixels rounded up, times the images; width/height or image_size", () => {
    expect(strategyUnits("per_megapixel", { width: 1536, height: 1024, num_images: 2 }, undefined)).toBe(4);
    expect(strategyUnits("per_megapixel", { image_size: { width: 2048, height: 1024 } }, undefined)).toBe(2);
    expect(strategyUnits("per_megapixel", { width: 1024 }, undefined)).toBeUndefined();
    expect(strategyUnits("per_megapixel", { height: 1024 }, undefined)).toBeUndefined();
    expect(strategyUnits("per_megapixel", { image_size: { width: 1024 } }, undefined)).toBeUndefined();
    expect(strategyUnits("per_megapixel", { image_size: { height: 1024 } }, undefined)).toBeUndefined();
    expect(strategyUnits("per_megapixel", { image_size: "square_hd" }, undefined)).toBeUndefined();
    expect(strategyUnits("per_megapixel", { image_size: null }, undefined)).toBeUndefined();
  });

  test("per_video_second: duration, duration_seconds or seconds, else frames / fps", () => {
    expect(strategyUnits("per_video_second", { duration: 4 }, undefined)).toBe(4);
    expect(strategyUnits("per_video_second", { duration_seconds: 6 }, undefined)).toBe(6);
    expect(strategyUnits("per_video_second", { seconds: 3 }, undefined)).toBe(3);
    expect(strategyUnits("per_video_second", { duration: 0, num_frames: 48, fps: 24 }, undefined)).toBe(0);
    expect(strategyUnits("per_video_second", { num_frames: 48, fps: 24 }, undefined)).toBe(2);
    expect(strategyUnits("per_video_second", { num_frames: 48 }, undefined)).toBeUndefined();
    expect(strategyUnits("per_video_second", { fps: 24 }, undefined)).toBeUndefined();
    expect(strategyUnits("per_video_second", { num_frames: 48, fps: 0 }, undefined)).toBeUndefined();
  });

  test("per_text_chunk: characters (code points) / chunk_chars, rounded up; nothing without chunk_chars or text", () => {
    expect(strategyUnits("per_text_chunk", { prompt: "a".repeat(2500) }, undefined, 1000)).toBe(3);
    expect(strategyUnits("per_text_chunk", { prompt: "\u{1F98A}".repeat(1000) }, undefined, 1000)).toBe(1);
    expect(strategyUnits("per_text_chunk", { prompt: "abc" }, undefined)).toBeUndefined();
    expect(strategyUnits("per_text_chunk", { steps: 3 }, undefined, 1000)).toBeUndefined();
    // The model says `prompt` is text, but this request's value is not a string.
    expect(strategyUnits("per_text_chunk", { prompt: 5 }, model({ prompt: { type: "str" } }), 1000)).toBeUndefined();
  });

  test("per_request has no formula to compare with", () => {
    expect(strategyUnits("per_request", { num_images: 3 }, undefined)).toBeUndefined();
  });
});

describe("probeInputs: requests that tell the strategies apart", () => {
  test("the base request takes each field's first example, else its default, and nothing for neither", () => {
    const m = model({ prompt: { type: "str", examples: ["fox"], default: "x" }, steps: { type: "int", default: 30 }, seed: { type: "int" } });
    expect(probeInputs("per_image", m)[0]).toStrictEqual({ prompt: "fox", steps: 30 });
  });

  test("num_images and width×height are varied when the model has them", () => {
    const m = model({ num_images: { type: "int", default: 1 }, width: { type: "int", default: 1024 }, height: { type: "int", default: 1024 } });
    expect(probeInputs("per_image", m)).toStrictEqual([
      { num_images: 1, width: 1024, height: 1024 },
      { num_images: 3, width: 1024, height: 1024 },
      { num_images: 1, width: 720, height: 1280 },
      { num_images: 1, width: 1536, height: 1024 },
    ]);
  });

  test("width alone is not a size; image_size is varied as an object", () => {
    expect(probeInputs("per_image", model({ width: { type: "int", default: 512 } }))).toStrictEqual([{ width: 512 }]);
    expect(probeInputs("per_image", model({ image_size: { type: "ImageSize" } }))).toStrictEqual([{}, { image_size: { width: 720, height: 1280 } }]);
  });

  test("the text field gets lengths around chunk_chars, or 1 and 2500 without it", () => {
    const m = model({ prompt: { type: "str", default: "fox" } });
    expect(probeInputs("per_text_chunk", m, 10).map((i) => (i.prompt as string).length)).toEqual([3, 1, 10, 11, 30]);
    expect(probeInputs("per_image", m).map((i) => (i.prompt as string).length)).toEqual([3, 1, 2500]);
    expect(probeInputs("per_image", m)[1]).toStrictEqual({ prompt: "a" });
  });

  test("each numeric duration field is doubled, one at a time", () => {
    const m = model({ duration: { type: "float", default: 5 }, duration_seconds: { type: "int", default: 2 }, seconds: { type: "int", default: 3 }, num_frames: { type: "int", default: 48 }, fps: { type: "int", default: 24 } });
    const base = { duration: 5, duration_seconds: 2, seconds: 3, num_frames: 48, fps: 24 };
    expect(probeInputs("per_video_second", m)).toStrictEqual([
      base,
      { ...base, duration: 10 },
      { ...base, duration_seconds: 4 },
      { ...base, seconds: 6 },
      { ...base, num_frames: 96 },
    ]);
    // A duration given as text is left alone.
    expect(probeInputs("per_video_second", model({ duration: { type: "str", default: "5s" } }))).toHaveLength(1 + 2);
  });

  test("per_request adds one request with every number and string changed, other values kept", () => {
    const m = model({ steps: { type: "int", default: 3 }, style: { type: "Style", default: "anime" }, safe: { type: "bool", default: true } });
    expect(probeInputs("per_request", m)).toStrictEqual([
      { steps: 3, style: "anime", safe: true },
      { steps: 7, style: "animeanimex", safe: true },
    ]);
    expect(probeInputs("per_image", m)).toStrictEqual([{ steps: 3, style: "anime", safe: true }]);
  });
});

describe("chunkDivisor: the N of len(text) / N in the code", () => {
  test("reads the divisor off the code when it differs from chunk_chars; nothing when they agree", () => {
    const ep = endpointOf("prompt: str", `${SET} = str(math.ceil(len(input.prompt) / 1000))`);
    expect(chunkDivisor(ep, 500, ep.input)).toBe(1000);
    expect(chunkDivisor(ep, 1000, ep.input)).toBeUndefined();
  });

  test("nothing for units that do not depend on the text, or that change at every character", () => {
    const constant = endpointOf("prompt: str", `${SET} = "1"`);
    expect(chunkDivisor(constant, 1000, constant.input)).toBeUndefined();
    const perChar = endpointOf("prompt: str", `${SET} = str(len(input.prompt))`);
    expect(chunkDivisor(perChar, 1000, perChar.input)).toBeUndefined();
  });
});
