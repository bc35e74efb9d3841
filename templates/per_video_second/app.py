"""{{title}}: a fal app for the fal Marketplace, scaffolded by falpub.

Billing: per video second. Every successful request sets the response header
`x-fal-billable-units` to the seconds of video actually generated
(frames / fps, fractional, 8 decimals as fal formats fractional units); fal
multiplies it by the price per unit agreed with the fal team.

Try it:   fal run app.py::{{className}}
Check it: falpub check
Ship it:  falpub deploy
"""

import base64
import hashlib
import io

import fal
from fastapi import Response
from pydantic import BaseModel, Field


class Input(BaseModel):
    prompt: str = Field(
        description="What the video should show.",
        examples=["a red fox running through the snow"],
    )
    num_frames: int = Field(
        default=48,
        ge=8,
        le=240,
        description="How many frames to generate.",
        examples=[48],
    )
    fps: int = Field(
        default=24,
        ge=8,
        le=30,
        description="Frames per second of the output video.",
        examples=[24],
    )


class Video(BaseModel):
    url: str = Field(
        description="The video as a data URI (an animated GIF stands in for your model's MP4).",
        examples=["data:image/gif;base64,R0lGODlh..."],
    )
    num_frames: int = Field(description="Frames in the video.", examples=[48])
    fps: int = Field(description="Frames per second.", examples=[24])
    duration_seconds: float = Field(description="Length of the video in seconds.", examples=[2.0])


class Output(BaseModel):
    video: Video = Field(
        description="The generated video.",
        examples=[{"url": "data:image/gif;base64,R0lGODlh...", "num_frames": 48, "fps": 24, "duration_seconds": 2.0}],
    )


class HealthStatus(BaseModel):
    status: str = Field(description="`ok` when the runner can serve requests.", examples=["ok"])


class PlaceholderModel:
    """REPLACE WITH YOUR MODEL. Fades between two colours chosen from the prompt, so
    the app runs anywhere without downloads or a GPU."""

    def __init__(self) -> None:
        from PIL import Image as PILImage  # imported at setup() time, not at module level

        self._pil = PILImage

    def frame(self, prompt: str, index: int, num_frames: int, size: int = 128):
        digest = hashlib.sha256(prompt.encode()).digest()
        start, end = digest[:3], digest[3:6]
        mix = index / max(num_frames - 1, 1)
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(start, end))
        return self._pil.new("RGB", (size, size), colour)


def to_data_uri(frames: list, fps: int) -> str:
    # A real app encodes an MP4 and returns fal.toolkit.Video.from_path(...), which
    # uploads to fal's CDN.
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=round(1000 / fps),
        loop=0,
        optimize=False,
    )
    return "data:image/gif;base64," + base64.b64encode(buffer.getvalue()).decode()


class {{className}}(fal.App):
    app_name = "{{appName}}"
    app_auth = "shared"  # callers pay with their own key: required for the Marketplace
    machine_type = "{{machineType}}"
    keep_alive = 300
    min_concurrency = 0
    max_concurrency = 4
    request_timeout = 600
    startup_timeout = 600
    requirements = ["pillow>=10,<14"]

    def setup(self) -> None:
        # Runs once per runner before the first request: import heavy libraries and
        # load weights here (`fal deploy` imports this module on your machine).
        self.model = PlaceholderModel()

    @fal.endpoint("/")
    def generate(self, input: Input, response: Response) -> Output:
        frames = [self.model.frame(input.prompt, index, input.num_frames) for index in range(input.num_frames)]
        seconds = len(frames) / input.fps

        # Billing: seconds of video generated (what was produced, not what was asked).
        response.headers["x-fal-billable-units"] = f"{seconds:.8f}"
        return Output(
            video=Video(
                url=to_data_uri(frames, input.fps),
                num_frames=len(frames),
                fps=input.fps,
                duration_seconds=seconds,
            )
        )

    @fal.endpoint(
        "/health",
        health_check=fal.HealthCheck(start_period_seconds=60, timeout_seconds=5, failure_threshold=3),
    )
    def check_health(self) -> HealthStatus:
        # Keep it cheap (no inference). Raising marks the runner unhealthy; fal replaces it.
        if getattr(self, "model", None) is None:
            raise RuntimeError("model is not loaded")
        return HealthStatus(status="ok")
