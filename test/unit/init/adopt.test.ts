import { describe, expect, it } from "vitest";
import { AdoptProblem, planAdoption, type AdoptSource } from "../../../src/init/adopt.js";
import { exampleInputs } from "../../../src/init/example-inputs.js";
import { loadManifest } from "../../../src/manifest/load.js";
import { EXISTING_APP } from "../../support/existing-app.js";

const source = (files: Record<string, string> = EXISTING_APP, flags: AdoptSource["flags"] = {}): AdoptSource => ({
  pythonFiles: Object.entries(files).filter(([p]) => p.endsWith(".py")).map(([path, source]) => ({ path, source })),
  pyproject: files["pyproject.toml"],
  flags,
});

describe("planAdoption", () => {
  it("fills the manifest from the code and pyproject: ref, name, shared auth, strategy, example input", () => {
    const plan = planAdoption(source());
    const loaded = loadManifest(plan.manifest, "falpub.yaml");
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.manifest).toEqual({
      version: 1,
      app: { ref: "app.py::SdxlTurbo", name: "sdxl-turbo", auth: "shared", strategy: "rolling" },
      billing: { strategy: "per_megapixel" },
      marketplace: {
        title: "Sdxl Turbo",
        description: "SDXL Turbo served on fal: one-step text-to-image generation.",
        example_input: { prompt: "an astronaut riding a horse, watercolor", negative_prompt: "", width: 1024, height: 1024, num_inference_steps: 1, seed: null },
      },
    });
    // Machine and scaling are the code's; the manifest says where they are.
    expect(plan.manifest).toMatch(/^# Machine and scaling stay in app\.py: machine_type GPU-H100, min_concurrency 0, max_concurrency 8, keep_alive 600\.$/m);
    expect(plan.notes.join("\n")).toMatch(/review: app.py \(app_auth\) says "private", pyproject.toml \(auth\) says "private"/);
  });

  it("the strategy follows the header: constant → per_request, none → gpu_seconds, --billing wins", () => {
    const withHeader = (expr: string) => ({ ...EXISTING_APP, "app.py": EXISTING_APP["app.py"].replace("str(megapixels)", expr) });
    expect(planAdoption(source(withHeader('"1"'))).strategy).toBe("per_request");
    expect(planAdoption(source(withHeader("str(len(result.images))"))).strategy).toBe("per_image");
    const noHeader = { ...EXISTING_APP, "app.py": EXISTING_APP["app.py"].replace(/ *response\.headers\[.*\n/, "") };
    expect(planAdoption(source(noHeader)).strategy).toBe("gpu_seconds");
    expect(planAdoption(source(EXISTING_APP, { billing: "per_image" })).strategy).toBe("per_image");
    const chunks = planAdoption(source(withHeader("str(math.ceil(len(input.prompt) / 500))")));
    expect(loadManifest(chunks.manifest, "f").manifest.billing).toEqual({ strategy: "per_text_chunk", chunk_chars: 500 });
  });

  it("an expression that says nothing about the unit needs --billing", () => {
    const vague = { ...EXISTING_APP, "app.py": EXISTING_APP["app.py"].replace("str(megapixels)", "str(units)") };
    expect(() => planAdoption(source(vague))).toThrow(AdoptProblem);
    expect(() => planAdoption(source(vague))).toThrow(/Cannot tell the billing strategy from x-fal-billable-units = str\(units\)/);
  });

  it("no app, or several without a choice, is refused; --class or pyproject's ref chooses", () => {
    expect(() => planAdoption(source({ "utils.py": EXISTING_APP["utils.py"] }))).toThrow(/No fal\.App subclass/);
    const two = { "a.py": EXISTING_APP["app.py"], "b.py": EXISTING_APP["app.py"].replace("class SdxlTurbo", "class Other") };
    expect(() => planAdoption(source(two))).toThrow(/Several fal\.App subclasses found: a\.py::SdxlTurbo, b\.py::Other/);
    expect(planAdoption(source(two, { className: "Other" })).ref).toBe("b.py::Other");
    expect(planAdoption(source({ ...two, "pyproject.toml": EXISTING_APP["pyproject.toml"].replace("app.py::", "b.py::Other#").replace("#SdxlTurbo", "") })).ref).toBe("b.py::Other");
  });
});

describe("exampleInputs", () => {
  it("takes examples=[…] first, then default=/positional, then a plain literal; lists required fields without one", () => {
    const src = `import fal
from pydantic import BaseModel, Field
class In(BaseModel):
    a: str = Field(examples=["x", "y"], default="d")
    b: int = Field(3)
    c: float = 0.5
    d: str = Field(description="required")
    e: str
    f: list[str] = Field(default_factory=list)
class A(fal.App):
    @fal.endpoint("/")
    def run(self, request: Response, body: In) -> dict:
        return {}
`;
    expect(exampleInputs(src, "A", ["run"]).get("run")).toEqual({ model: "In", example: { a: "x", b: 3, c: 0.5 }, missing: ["d", "e"] });
  });
});
