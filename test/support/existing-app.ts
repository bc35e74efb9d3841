// A realistic fal app written before falpub existed (not from falpub's templates): a
// text-to-image model with a pydantic input model, a health check, helpers in another module,
// and a pyproject.toml with [tool.fal.apps]. Used by init --adopt's unit and CLI tests.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const EXISTING_APP: Record<string, string> = {
  "app.py": `"""SDXL Turbo served on fal: one-step text-to-image generation.

Deployed with \`fal deploy sdxl-turbo\`.
"""
import math

import fal
from fal.toolkit import Image
from fastapi import Response
from pydantic import BaseModel, Field

from utils import load_pipeline


class TextToImageInput(BaseModel):
    prompt: str = Field(description="The prompt.", examples=["an astronaut riding a horse, watercolor"])
    negative_prompt: str = Field(default="", description="What to avoid.")
    width: int = Field(default=1024, ge=512, le=2048)
    height: int = Field(default=1024, ge=512, le=2048)
    num_inference_steps: int = 1
    seed: int | None = None


class TextToImageOutput(BaseModel):
    images: list[Image]


class SdxlTurbo(fal.App, keep_alive=600):
    app_name = "sdxl-turbo"
    app_auth = "private"
    machine_type = "GPU-H100"
    min_concurrency = 0
    max_concurrency = 8
    requirements = ["diffusers==0.31.0", "torch==2.5.1", "transformers"]

    def setup(self):
        self.pipe = load_pipeline("stabilityai/sdxl-turbo")

    @fal.endpoint("/")
    async def generate(self, input: TextToImageInput, response: Response) -> TextToImageOutput:
        result = self.pipe(prompt=input.prompt, width=input.width, height=input.height, num_inference_steps=input.num_inference_steps)
        megapixels = math.ceil(input.width * input.height / (1024 * 1024)) * len(result.images)
        response.headers["x-fal-billable-units"] = str(megapixels)
        return TextToImageOutput(images=[Image.from_pil(img) for img in result.images])

    @fal.endpoint("/health", health_check=fal.HealthCheck(start_period_seconds=120, timeout_seconds=5))
    def health(self) -> dict:
        return {"ok": True}
`,
  "utils.py": `def load_pipeline(name):
    from diffusers import AutoPipelineForText2Image

    return AutoPipelineForText2Image.from_pretrained(name)
`,
  "pyproject.toml": `[project]
name = "sdxl-turbo"
version = "1.4.0"
description = "SDXL Turbo on fal"
requires-python = ">=3.10"
dependencies = ["fal>=1.83.0"]

[tool.fal.apps.sdxl-turbo]
ref = "app.py::SdxlTurbo"
auth = "private"
deployment_strategy = "rolling"
`,
  "README.md": "# sdxl-turbo\n\nOur text-to-image endpoint.\n",
  ".gitignore": ".venv/\n__pycache__/\n",
};

/** Write the app into dir; returns dir. */
export function writeExistingApp(dir: string, files: Record<string, string> = EXISTING_APP): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
