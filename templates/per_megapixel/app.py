"""{{title}}: a fal app for the fal Marketplace, scaffolded by falpub.

Billing: per megapixel. Every successful request sets the response header
`x-fal-billable-units` to ceil(width x height / 1024^2) per image, times the
number of images returned; fal multiplies it by the price per unit agreed with the
fal team.

Try it:   fal run app.py::{{className}}
Check it: falpub check
Ship it:  falpub deploy
"""

import base64
import hashlib
import io
import math

import fal
from fastapi import Response
from pydantic import BaseModel, Field


class Input(BaseModel):
    prompt: str = Field(
        description="What the image should show.",
        examples=["a red fox in the snow"],
    )
    width: int = Field(
        default=1024,
        ge=256,
        le=2048,
        description="Width of each image in pixels.",
        examples=[1024],
    )
    height: int = Field(
        default=1024,
        ge=256,
        le=2048,
        description="Height of each image in pixels.",
        examples=[1024],
    )
    num_images: int = Field(
        default=1,
        ge=1,
        le=4,
        description="How many images to generate.",
        examples=[1],
    )


class Image(BaseModel):
    url: str = Field(
        description="The image as a PNG data URI.",
        examples=["data:image/png;base64,iVBORw0KGgo..."],
    )
    width: int = Field(description="Width in pixels.", examples=[1024])
    height: int = Field(description="Height in pixels.", examples=[1024])


class Output(BaseModel):
    images: list[Image] = Field(
        description="The generated images.",
        examples=[[{"url": "data:image/png;base64,iVBORw0KGgo...", "width": 1024, "height": 1024}]],
    )


class HealthStatus(BaseModel):
    status: str = Field(description="`ok` when the runner can serve requests.", examples=["ok"])


class PlaceholderModel:
    """REPLACE WITH YOUR MODEL. Paints a flat colour chosen from the prompt, so the
    app runs anywhere without downloads or a GPU."""

    def __init__(self) -> None:
        from PIL import Image as PILImage  # imported at setup() time, not at module level

        self._pil = PILImage

    def generate(self, prompt: str, width: int, height: int):
        red, green, blue = hashlib.sha256(prompt.encode()).digest()[:3]
        return self._pil.new("RGB", (width, height), (red, green, blue))


def to_data_uri(image) -> str:
    # A real app returns fal.toolkit.Image.from_pil(image), which uploads to fal's CDN.
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


class {{className}}(fal.App):
    app_name = "{{appName}}"
    app_auth = "shared"  # callers pay with their own key: required for the Marketplace
    machine_type = "{{machineType}}"
    keep_alive = 300
    min_concurrency = 0
    max_concurrency = 4
    request_timeout = 300
    startup_timeout = 600
    requirements = ["pillow>=10,<14"]

    def setup(self) -> None:
        # Runs once per runner before the first request: import heavy libraries and
        # load weights here (`fal deploy` imports this module on your machine).
        self.model = PlaceholderModel()

    @fal.endpoint("/")
    def generate(self, input: Input, response: Response) -> Output:
        images = [self.render(f"{input.prompt} #{index}", input.width, input.height) for index in range(input.num_images)]

        # Billing: megapixels of one image rounded up, times the number of images returned.
        megapixels_per_image = math.ceil(input.width * input.height / (1024 * 1024))
        response.headers["x-fal-billable-units"] = str(megapixels_per_image * len(images))
        return Output(images=images)

    def render(self, prompt: str, width: int, height: int) -> Image:
        picture = self.model.generate(prompt, width, height)
        return Image(url=to_data_uri(picture), width=picture.width, height=picture.height)

    @fal.endpoint(
        "/health",
        health_check=fal.HealthCheck(start_period_seconds=60, timeout_seconds=5, failure_threshold=3),
    )
    def check_health(self) -> HealthStatus:
        # Keep it cheap (no inference). Raising marks the runner unhealthy; fal replaces it.
        if getattr(self, "model", None) is None:
            raise RuntimeError("model is not loaded")
        return HealthStatus(status="ok")
