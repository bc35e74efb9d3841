"""{{title}}: a fal app for the fal Marketplace, scaffolded by falpub.

Billing: per text chunk. Every successful request sets the response header
`x-fal-billable-units` to ceil(characters / CHUNK_CHARS) of the input text, at
least 1; fal multiplies it by the price per unit agreed with the fal team.
CHUNK_CHARS must equal `billing.chunk_chars` in falpub.yaml.

Try it:   fal run app.py::{{className}}
Check it: falpub check
Ship it:  falpub deploy
"""

import base64
import io
import math
import wave

import fal
from fastapi import Response
from pydantic import BaseModel, Field

# One billing unit per this many characters of input; keep equal to billing.chunk_chars.
CHUNK_CHARS = 1000


class Input(BaseModel):
    text: str = Field(
        max_length=20_000,
        description="The text to speak.",
        examples=["Hello from the fal Marketplace!"],
    )


class Audio(BaseModel):
    url: str = Field(
        description="The speech as a WAV data URI.",
        examples=["data:audio/wav;base64,UklGRiQAAABXQVZF..."],
    )
    duration_seconds: float = Field(description="Length of the audio in seconds.", examples=[0.31])


class Output(BaseModel):
    audio: Audio = Field(
        description="The generated speech.",
        examples=[{"url": "data:audio/wav;base64,UklGRiQAAABXQVZF...", "duration_seconds": 0.31}],
    )
    characters: int = Field(description="Characters of input text that were spoken.", examples=[31])


class HealthStatus(BaseModel):
    status: str = Field(description="`ok` when the runner can serve requests.", examples=["ok"])


class PlaceholderModel:
    """REPLACE WITH YOUR MODEL. Returns silence, 10 ms per character (at most 5 s),
    so the app runs anywhere without downloads or a GPU."""

    sample_rate = 8000

    def generate(self, text: str) -> bytes:
        samples = self.sample_rate * min(len(text), 500) // 100
        return bytes([128]) * samples  # 8-bit unsigned PCM: 128 is silence


def to_data_uri(pcm: bytes, sample_rate: int) -> str:
    # A real app returns fal.toolkit.Audio / File objects, which upload to fal's CDN.
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm)
    return "data:audio/wav;base64," + base64.b64encode(buffer.getvalue()).decode()


class {{className}}(fal.App):
    app_name = "{{appName}}"
    app_auth = "shared"  # callers pay with their own key: required for the Marketplace
    machine_type = "{{machineType}}"
    keep_alive = 300
    min_concurrency = 0
    max_concurrency = 4
    request_timeout = 300
    startup_timeout = 600
    requirements = []  # add your model's packages, e.g. ["torch==2.5.1", "transformers==4.46.3"]

    def setup(self) -> None:
        # Runs once per runner before the first request: import heavy libraries and
        # load weights here (`fal deploy` imports this module on your machine).
        self.model = PlaceholderModel()

    @fal.endpoint("/")
    def generate(self, input: Input, response: Response) -> Output:
        pcm = self.model.generate(input.text)

        # Billing: chunks of CHUNK_CHARS input characters, rounded up, at least 1.
        chunks = max(1, math.ceil(len(input.text) / CHUNK_CHARS))
        response.headers["x-fal-billable-units"] = str(chunks)
        return Output(
            audio=Audio(
                url=to_data_uri(pcm, PlaceholderModel.sample_rate),
                duration_seconds=len(pcm) / PlaceholderModel.sample_rate,
            ),
            characters=len(input.text),
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
