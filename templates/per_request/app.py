"""{{title}}: a fal app for the fal Marketplace, scaffolded by falpub.

Billing: per request. Every successful request sets the response header
`x-fal-billable-units` to 1; fal multiplies it by the price per unit agreed with
the fal team.

Try it:   fal run app.py::{{className}}
Check it: falpub check
Ship it:  falpub deploy
"""

import fal
from fastapi import Response
from pydantic import BaseModel, Field


class Input(BaseModel):
    prompt: str = Field(
        max_length=8_000,
        description="The prompt to answer.",
        examples=["Write a haiku about foxes."],
    )
    max_words: int = Field(
        default=64,
        ge=1,
        le=512,
        description="The most words the answer may have.",
        examples=[64],
    )


class Output(BaseModel):
    output: str = Field(description="The generated answer.", examples=["foxes about haiku a Write"])


class HealthStatus(BaseModel):
    status: str = Field(description="`ok` when the runner can serve requests.", examples=["ok"])


class PlaceholderModel:
    """REPLACE WITH YOUR MODEL. Echoes the prompt's words in reverse order, so the
    app runs anywhere without downloads or a GPU."""

    def generate(self, prompt: str, max_words: int) -> str:
        words = prompt.rstrip(".!?").split()[:max_words]
        return " ".join(reversed(words))


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
        output = self.model.generate(input.prompt, input.max_words)

        # Billing: a flat price per successful request.
        response.headers["x-fal-billable-units"] = "1"
        return Output(output=output)

    @fal.endpoint(
        "/health",
        health_check=fal.HealthCheck(start_period_seconds=60, timeout_seconds=5, failure_threshold=3),
    )
    def check_health(self) -> HealthStatus:
        # Keep it cheap (no inference). Raising marks the runner unhealthy; fal replaces it.
        if getattr(self, "model", None) is None:
            raise RuntimeError("model is not loaded")
        return HealthStatus(status="ok")
