import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analysePython } from "../../../src/python/analyse.js";
import type { AppClassFacts, EndpointFacts } from "../../../src/python/facts.js";

/** 1-based position of the nth occurrence of `needle` (counted independently of the analyser). */
function posOf(src: string, needle: string, nth = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = src.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture has no ${nth}x ${needle}`);
  }
  const before = src.slice(0, at).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function onlyApp(src: string): AppClassFacts {
  const facts = analysePython(src);
  expect(facts.syntaxErrors).toEqual([]);
  expect(facts.apps).toHaveLength(1);
  return facts.apps[0];
}

function endpoint(app: AppClassFacts, name: string): EndpointFacts {
  const ep = app.endpoints.find((e) => e.functionName === name);
  if (!ep) throw new Error(`no endpoint ${name}`);
  return ep;
}

// ----------------------------------------------------------------------------- per image

const PER_IMAGE = `import fal
from fastapi import Response
from pydantic import BaseModel


class Input(BaseModel):
    prompt: str
    num_images: int = 1


class TextToImage(fal.App, keep_alive=300, name="text-to-image"):
    machine_type = "GPU-A100"
    app_auth = "shared"
    keep_alive = 600
    min_concurrency = 0
    max_concurrency = 4
    regions = ["us-east", "eu-west"]
    requirements = ["diffusers==0.30.0", "torch"]

    def setup(self):
        self.pipe = load_pipeline()

    @fal.endpoint("/health", health_check=fal.HealthCheck(start_period_seconds=60, timeout_seconds=5, failure_threshold=3, call_regularly=True))
    def health(self) -> dict:
        return {"ok": True}

    @fal.endpoint("/")
    def generate(self, input: Input, response: Response) -> dict:
        images = self.pipe(input.prompt, num_images_per_prompt=input.num_images).images
        response.headers["x-fal-billable-units"] = str(len(images))
        return {"images": [upload(i) for i in images]}
`;

describe("per-image app (fal.App, response.headers[...] = ...)", () => {
  const app = onlyApp(PER_IMAGE);

  it("finds the class, its bases and position", () => {
    expect(app.className).toBe("TextToImage");
    expect(app.pos).toEqual({ line: 11, column: 7 });
  });

  it("reads class kwargs and body attributes; the body wins", () => {
    const a = app.attributes;
    expect(a.keep_alive).toMatchObject({ value: 600, literal: true });
    expect(a.name).toMatchObject({ value: "text-to-image" });
    expect(a.name.pos).toEqual(posOf(PER_IMAGE, '"text-to-image"'));
    expect(a.app_auth).toMatchObject({ value: "shared", text: '"shared"', pos: { line: 13, column: 16 } });
    expect(a.machine_type.value).toBe("GPU-A100");
    expect(a.min_concurrency.value).toBe(0);
    expect(a.regions.value).toEqual(["us-east", "eu-west"]);
    expect(a.requirements.value).toEqual(["diffusers==0.30.0", "torch"]);
    expect(Object.keys(a).sort()).toEqual(
      ["app_auth", "keep_alive", "machine_type", "max_concurrency", "min_concurrency", "name", "regions", "requirements"],
    );
  });

  it("reads endpoints, the health check and its arguments", () => {
    expect(app.endpoints.map((e) => [e.functionName, e.path])).toEqual([["health", "/health"], ["generate", "/"]]);
    const health = endpoint(app, "health");
    expect(health.pos).toEqual({ line: 23, column: 5 });
    expect(health.defPos).toEqual({ line: 24, column: 5 });
    expect(health.isAsync).toBe(false);
    expect(health.isWebsocket).toBe(false);
    expect(health.healthCheck?.pos).toEqual(posOf(PER_IMAGE, "fal.HealthCheck("));
    const args = health.healthCheck!.args;
    expect(Object.keys(args)).toEqual(["start_period_seconds", "timeout_seconds", "failure_threshold", "call_regularly"]);
    expect(args.start_period_seconds).toMatchObject({ value: 60, literal: true, pos: posOf(PER_IMAGE, "60, timeout") });
    expect(args.call_regularly.value).toBe(true);
    expect(health.billingHeaderSets).toEqual([]);
    expect(endpoint(app, "generate").healthCheck).toBeUndefined();
  });

  it("finds the header set with its value facts", () => {
    expect(endpoint(app, "generate").billingHeaderSets).toEqual([
      {
        pos: { line: 30, column: 9 },
        valueText: "str(len(images))",
      },
    ]);
  });
});

// ----------------------------------------------------------------------------- per megapixel

const PER_MEGAPIXEL = `import math
from fal import App, endpoint, HealthCheck
from fastapi import Response

BILLING_HEADER = "X-Fal-Billable-Units"
HEALTH = HealthCheck(timeout_seconds=10, method="GET")


class Upscaler(App):
    app_auth: str = "shared"
    max_multiplexing = 4

    @endpoint("/upscale", health_check=HEALTH)
    async def upscale(self, req: dict, response: Response):
        width, height, n = req["w"], req["h"], req["n"]
        out = await self.run(width, height)
        self._bill(response, width, height, n)
        return out

    def _bill(self, response: Response, w: int, h: int, n: int) -> None:
        response.headers[BILLING_HEADER] = str(math.ceil(w * h / (1024 * 1024)) * n)
`;

describe("per-megapixel app (from fal import App, constant header name, helper method)", () => {
  const app = onlyApp(PER_MEGAPIXEL);
  const ep = endpoint(app, "upscale");

  it("recognises App imported from fal and annotated attributes", () => {
    expect(app.attributes.app_auth).toMatchObject({ value: "shared", pos: { line: 10, column: 21 } });
    expect(app.attributes.max_multiplexing.value).toBe(4);
  });

  it("reads @endpoint, async def and a health check held in a module constant", () => {
    expect(ep.path).toBe("/upscale");
    expect(ep.isAsync).toBe(true);
    expect(ep.defPos).toEqual({ line: 14, column: 5 });
    expect(ep.healthCheck?.pos).toEqual({ line: 6, column: 10 });
    expect(ep.healthCheck?.args.method.value).toBe("GET");
    expect(ep.healthCheck?.args.timeout_seconds.value).toBe(10);
  });

  it("follows the helper method and resolves the module-level header constant", () => {
    expect(ep.billingHeaderSets).toEqual([
      {
        pos: { line: 21, column: 9 },
        valueText: "str(math.ceil(w * h / (1024 * 1024)) * n)",
      },
    ]);
    // The helper is not an endpoint itself.
    expect(app.endpoints).toHaveLength(1);
  });
});

// ----------------------------------------------------------------------------- per video second

const PER_VIDEO_SECOND = `from fal import App as FalApp, endpoint as route
import fal
from fastapi.responses import Response
import math


class TextToVideo(FalApp):
    """Video generation."""
    machine_type = ["GPU-H100", "GPU-A100"]
    num_gpus = 2
    request_timeout = 3600

    def setup(self) -> None:
        ...

    @route("/generate")
    def generate(self, prompt: str) -> Response:
        video, fps, frames = self.pipe(prompt)
        duration = frames / fps
        return Response(
            content=video,
            media_type="video/mp4",
            headers={"X-Fal-Billable-Units": str(math.ceil(duration))},
        )

    @fal.endpoint("/health", health_check=fal.HealthCheck())
    def health(self):
        return {}
`;

describe("per-video-second app (aliased imports, Response(headers={...}))", () => {
  const app = onlyApp(PER_VIDEO_SECOND);

  it("recognises aliases of App and endpoint", () => {
    expect(app.className).toBe("TextToVideo");
    expect(app.attributes.machine_type.value).toEqual(["GPU-H100", "GPU-A100"]);
    expect(app.attributes.num_gpus.value).toBe(2);
    expect(app.attributes.request_timeout.value).toBe(3600);
  });

  it("finds the header in a Response(...) headers dict, case-insensitively, at the key", () => {
    const gen = endpoint(app, "generate");
    expect(gen.path).toBe("/generate");
    expect(gen.billingHeaderSets).toEqual([
      {
        pos: { line: 23, column: 22 },
        valueText: "str(math.ceil(duration))",
      },
    ]);
  });

  it("records a HealthCheck() without arguments", () => {
    expect(endpoint(app, "health").healthCheck).toEqual({ pos: posOf(PER_VIDEO_SECOND, "fal.HealthCheck()"), args: {} });
  });
});

// ----------------------------------------------------------------------------- per text chunk

const PER_TEXT_CHUNK = `import math
import fal as f
from fal.exceptions import FieldException
from fastapi.responses import JSONResponse

CHUNK = 1000


def billing_headers(text: str) -> dict:
    headers = {"x-fal-billable-units": str(math.ceil(len(text) / 1000))}
    return headers


class Summarise(f.App, min_concurrency=1, max_concurrency=-2):
    app_name = "summarise"

    @f.endpoint("/summarise")
    def summarise(self, text: str):
        if not text:
            raise FieldException("text", "must not be empty", billable_units=0.5)
        return JSONResponse({"summary": self.model(text)}, headers=billing_headers(text))
`;

describe("per-text-chunk app (import fal as f, module helper, FieldException)", () => {
  const app = onlyApp(PER_TEXT_CHUNK);
  const ep = endpoint(app, "summarise");

  it("handles `import fal as f` and negative kwargs", () => {
    expect(app.attributes.max_concurrency).toMatchObject({ value: -2, literal: true, text: "-2" });
    expect(app.attributes.min_concurrency.value).toBe(1);
    expect(app.attributes.app_name.value).toBe("summarise");
  });

  it("finds the header set in a module-level helper function", () => {
    expect(ep.billingHeaderSets).toEqual([
      {
        pos: { line: 10, column: 16 },
        valueText: "str(math.ceil(len(text) / 1000))",
      },
    ]);
  });

  it("a raise ends its path: the header is set on every successful path", () => {
    expect(ep.billing.fact).toBe("always");
  });
});

// ----------------------------------------------------------------------------- flat per request

const FLAT = `import fal
from fal import realtime
import fastapi


class Echo(fal.App):
    app_auth = "shared"

    @fal.endpoint("/")
    def run(self, response: fastapi.Response) -> dict:
        response.headers.setdefault("x-fal-billable-units", "1")
        return {}

    @fal.endpoint("/const")
    def const(self, response: fastapi.Response) -> dict:
        response.headers["x-fal-billable-units"] = str(1)
        response.headers.update({"x-fal-billable-units": 2})
        return {}

    @fal.endpoint("/ws", is_websocket=True)
    async def ws(self, websocket):
        pass

    @realtime("/rt")
    def rt(self, input):
        return input

    @fal.realtime("/rt2")
    def rt2(self, input):
        return input
`;

describe("flat per-request app and websocket endpoints", () => {
  const app = onlyApp(FLAT);

  it("marks literal header values as constant", () => {
    expect(endpoint(app, "run").billingHeaderSets).toEqual([
      { pos: { line: 11, column: 9 }, valueText: '"1"' },
    ]);
    const sets = endpoint(app, "const").billingHeaderSets;
    expect(sets.map((s) => [s.pos.line, s.valueText])).toEqual([
      // The update() overrides the earlier set: only its value reaches the caller.
      [17, "2"],
    ]);
    expect(sets[0].pos).toEqual(posOf(FLAT, '"x-fal-billable-units": 2'));
  });

  it("marks websocket endpoints", () => {
    expect(app.endpoints.map((e) => [e.functionName, e.isWebsocket, e.isAsync])).toEqual([
      ["run", false, false],
      ["const", false, false],
      ["ws", true, true],
      ["rt", true, false],
      ["rt2", true, false],
    ]);
  });
});

// ----------------------------------------------------------------------------- what is not an app or a set

describe("things that must not be reported", () => {
  it("ignores classes whose App does not come from fal; counts subclasses of an App in the file, as fal does (issubclass)", () => {
    const facts = analysePython(`from other import App
import fal
class A(App):
    pass
class Base(fal.App):
    pass
class B(Base):
    pass
class C(object, metaclass=Meta):
    pass
`);
    // fal 1.83 with `app.py` as the ref: "Multiple fal.Apps found in the module: ['Base', 'B']".
    expect(facts.apps.map((a) => a.className)).toEqual(["Base", "B"]);
  });

  it("an import from elsewhere shadows an earlier fal import", () => {
    const facts = analysePython(`from fal import App\nfrom mylib import App\nclass A(App):\n    pass\n`);
    expect(facts.apps).toEqual([]);
  });

  it("does not count reads, other headers, or decorators not from fal", () => {
    const app = onlyApp(`import fal
from mylib import endpoint

class A(fal.App):
    @fal.endpoint("/")
    def run(self, request, response):
        x = request.headers["x-fal-billable-units"]
        y = response.headers.get("x-fal-billable-units")
        response.headers["x-fal-other"] = "1"
        helper_that_does_nothing(response)
        return {"x-fal-billable-units-ish": 1}

    @endpoint("/not-fal")
    def other(self):
        pass
`);
    expect(app.endpoints.map((e) => e.functionName)).toEqual(["run"]);
    expect(app.endpoints[0].billingHeaderSets).toEqual([]);
  });

  it("treats health_check=None as no health check and a name it cannot resolve as unknown", () => {
    const src = `import fal
class A(fal.App):
    @fal.endpoint("/a", health_check=None)
    def a(self): pass
    @fal.endpoint("/b", health_check=make_check())
    def b(self): pass
`;
    const app = onlyApp(src);
    expect(app.endpoints[0].healthCheck).toBeUndefined();
    expect(app.endpoints[1].healthCheck).toEqual({ pos: posOf(src, "health_check=make"), args: {} });
  });
});

// ----------------------------------------------------------------------------- literals

describe("literal evaluation of attributes", () => {
  const src = `import fal
class A(fal.App, keep_alive=+5):
    a = 'single'
    b = """triple"""
    c = r"raw\\n"
    d = "esc\\t\\x41"
    e = "con" "cat"
    f = 1_000
    g = 0x10
    h = 2.5e3
    i = -0.5
    j = True
    k = None
    l = ("x",)
    m = [[1, 2], ("a", None)]
    n = []
    o = os.environ["X"]
    p = f"{x}"
    q = {"a": 1}
    r = b"bytes"
    s = [1, *rest]
    t = (7)
    u = 3j
    v: int
`;
  const a = onlyApp(src).attributes;
  it.each([
    ["keep_alive", 5],
    ["a", "single"],
    ["b", "triple"],
    ["c", "raw\\n"],
    ["d", "esc\tA"],
    ["e", "concat"],
    ["f", 1000],
    ["g", 16],
    ["h", 2500],
    ["i", -0.5],
    ["j", true],
    ["k", null],
    ["l", ["x"]],
    ["m", [[1, 2], ["a", null]]],
    ["n", []],
    ["t", 7],
  ])("%s evaluates", (name, value) => {
    expect(a[name]).toMatchObject({ literal: true, value });
  });
  it.each(["o", "p", "q", "r", "s", "u"])("%s is not a literal", (name) => {
    expect(a[name].literal).toBe(false);
    expect(a[name].value).toBeUndefined();
  });
  it("keeps the source text and skips annotations without value", () => {
    expect(a.o.text).toBe('os.environ["X"]');
    expect(a.v).toBeUndefined();
  });
});

// ----------------------------------------------------------------------------- positions

describe("positions", () => {
  it("counts columns in characters (astral characters and tabs count one)", () => {
    const src = `import fal\nclass A(fal.App):\n\tx = "😀😀"; app_auth = "shared"\n`;
    expect(onlyApp(src).attributes.app_auth.pos).toEqual({ line: 3, column: 23 });
  });
  it("ignores a BOM and counts \\r\\n and lone \\r as line breaks", () => {
    const src = "\ufeffimport fal\r\nclass A(fal.App):\r\n    x = 1\r\n\r\nclass B(fal.App): pass\r";
    const facts = analysePython(src);
    expect(facts.syntaxErrors).toEqual([]);
    expect(facts.apps.map((a) => [a.className, a.pos])).toEqual([
      ["A", { line: 2, column: 7 }],
      ["B", { line: 5, column: 7 }],
    ]);
  });
});

// ----------------------------------------------------------------------------- syntax errors

describe("syntax errors", () => {
  // Lines (and columns) are where CPython 3.11 reports them.
  it.each([
    ["unclosed call", "x = foo(1,\ny = 2\ndef g():\n    pass\n", { line: 1, column: 8 }, "`(` was never closed"],
    ["unclosed list", "a = 1\nx = [1, 2\n", { line: 2, column: 5 }, "`[` was never closed"],
    ["unclosed dict before a class", 'x = {"a": 1\n\n\nclass B:\n    pass\n', { line: 1, column: 5 }, "`{` was never closed"],
    ["def f(:", "import fal\n\ndef f(:\n    pass\n", { line: 3, column: 6 }, "`(` was never closed"],
    ["unexpected indent", "def f():\n    x = 1\n      y = 2\n", { line: 3, column: 7 }, "unexpected indent"],
    ["indented first line", "  x = 1\n", { line: 1, column: 3 }, "unexpected indent"],
    ["dedent to no level", "if True:\n    a = 1\n  b = 2\n", { line: 3, column: 3 }, "unindent does not match any outer indentation level"],
    ["missing block", "def f():\nx = 1\n", { line: 2, column: 1 }, "expected an indented block"],
    ["unterminated string", 'print("abc)\nx = 1\n', { line: 1, column: 7 }, "unterminated string literal"],
    ["unterminated triple string", 'x = 1\nw = """abc\n\ny = 2\n', { line: 2, column: 5 }, "unterminated triple-quoted string literal"],
    ["stray bracket", "x = )\n", { line: 1, column: 5 }, "invalid syntax near `)`"],
    ["dangling operator", "x = 1 +\n", { line: 1, column: 8 }, "invalid syntax at end of line"],
  ])("%s", (_name, src, pos, message) => {
    expect(analysePython(src).syntaxErrors).toEqual([{ pos, message }]);
  });

  // lezer wants a value after `yield` and marks an empty error after a bare one; Python does not.
  // The CR line ends send the first through lezer (fast-parse.ts gives up on them), the second
  // goes the fast way; neither may report FP901.
  it.each([
    ["through lezer", "def f():\r\n    yield\r\n    x = yield  # c\r\n    return (yield)\r\n"],
    ["through fast-parse", "def f():\n    yield\n    x = yield\n    return (yield)\n"],
  ])("a bare yield is no syntax error (%s)", (_name, src) => {
    expect(analysePython(src).syntaxErrors).toEqual([]);
  });

  it("still reports errors in the body of a parenthesised with", () => {
    const errors = analysePython(`with (open("a") as fa, open("b") as fb):\n    y = )\n`).syntaxErrors;
    expect(errors).toEqual([{ pos: { line: 2, column: 9 }, message: "invalid syntax near `)`" }]);
  });

  it("reports one error per broken statement, in order", () => {
    const errors = analysePython(`class A:
    def f(self):
        a = 1 +
    def g(self):
        b = )
`).syntaxErrors;
    expect(errors.map((e) => e.pos.line)).toEqual([3, 5]);
  });

  it("still analyses the app around a syntax error", () => {
    const facts = analysePython(`import fal
class A(fal.App):
    app_auth = "shared"
    @fal.endpoint("/")
    def run(self, response):
        response.headers["x-fal-billable-units"] = str(len(x)
        return {}
`);
    expect(facts.syntaxErrors.map((e) => e.pos)).toEqual([{ line: 6, column: 55 }]);
    expect(facts.apps[0].attributes.app_auth.value).toBe("shared");
    expect(facts.apps[0].endpoints[0].functionName).toBe("run");
  });

  it("reports none for valid Python 3.11", () => {
    const src = `import asyncio
from typing import Annotated
import fal

HEADER = "x-fal-billable-units"

def f(x: int, /, y: "str" = 'a', *args: int, z: list[int] | None = None, **kw) -> dict[str, int]:
    match x:
        case {"a": 1, **rest}:
            pass
        case [1, 2, *others] if others:
            pass
        case Point(x=0, y=0) | None:
            pass
        case _:
            pass
    if (n := len(args)) > 2:
        print(f"{n!r} {y['k'] if y else ''} {z:>{n}} {'nested'} {kw['a']['b']}")
    s = f'{"x"}' f"{kw.get('a')}" rf"\\d{n}"
    lam = lambda *a, **k: (a, k)
    return {k: v for k, v in kw.items()}

async def g():
    r = [x async for x in aiter() if await x]
    s = {x: y async for x, y in pairs()}
    async with a as b, c as d:
        pass
    async for i in r:
        await asyncio.sleep(0)
    return r

@decorator
@decor.ated(1, k=2)
class C(Base, metaclass=M):
    x: int = 1
    y: Annotated[int, "m"]
    \t
    def __init__(self) -> None:
        global gg
        try:
            pass
        except* ValueError as e:
            raise RuntimeError() from e
        finally:
            del self.x
        yield from range(3)

class App(fal.App, keep_alive=10):  # comment at the end
    # a comment at another indentation
  # and another
    @fal.endpoint("/", health_check=fal.HealthCheck(method="GET"))
    async def run(self, *, response) -> None:
        response.headers[HEADER] = str(1_000 + 0x_ff + 0o17 + 0b1 + 1e-3 + .5)
        x = 3j; y = b"bytes" rb"raw"
        t = """triple
'quoted' "x"
"""
        u = [*a, *b]
        if x: pass
        else:
            pass
        while False: break
        for i in range(3): continue

match = 1
case = 2
print(match, case)

with (open("a") as fa, open("b") as fb):
    pass
async def h():
    async with (
        lock() as l,
        open("b"),
    ):
        pass
`;
    const facts = analysePython(src);
    expect(facts.syntaxErrors).toEqual([]);
    expect(facts.apps[0].endpoints[0].billingHeaderSets).toHaveLength(1);
  });
});

// ----------------------------------------------------------------------------- robustness

describe("never crashes", () => {
  it("handles empty, whitespace-only and comment-only sources", () => {
    for (const src of ["", "\n", "   ", "# just a comment", "\ufeff"]) {
      expect(analysePython(src)).toEqual({ apps: [], syntaxErrors: [] });
    }
  });

  it("handles binary garbage", () => {
    let garbage = "";
    for (let i = 0; i < 4096; i++) garbage += String.fromCharCode((i * 7919) % 65536);
    const facts = analysePython(garbage);
    expect(facts.syntaxErrors.length).toBeGreaterThan(0);
    for (const e of facts.syntaxErrors) expect(e.message).toMatch(/^[\x20-\x7e\u00a0-\uffff]+$/);
  });

  it("handles very long lines and deep nesting", () => {
    const long = `import fal\nclass A(fal.App):\n    x = [${"1, ".repeat(50_000)}]\n    y = ${"[".repeat(150)}1${"]".repeat(150)}\n    z = "${"a".repeat(200_000)}\n`;
    const facts = analysePython(long);
    expect(facts.apps[0].attributes.x.literal).toBe(true);
    expect(facts.apps[0].attributes.y.literal).toBe(false); // deeper than we evaluate
    expect(facts.syntaxErrors).toEqual([{ pos: { line: 5, column: 9 }, message: "unterminated string literal" }]);
    // Far deeper than CPython allows (200 levels): must not overflow the stack.
    expect(analysePython(`x = ${"(".repeat(5000)}1${")".repeat(5000)}\n`).syntaxErrors.length).toBeGreaterThan(0);
  });

  it("survives inputs on which lezer builds a corrupt tree or overflows the stack", () => {
    // "(]{)" x 5000 makes lezer emit nodes without a type; plain lezer iteration throws on it.
    const g = analysePython("(]{)".repeat(5000));
    // (Which of the two failures happens depends on the stack already in use.)
    expect(g.syntaxErrors).toHaveLength(1);
    expect(g.syntaxErrors[0].pos.line).toBe(1);
    // With less stack left, lezer's own parse overflows: still a result, never a throw.
    const deep = (n: number): ReturnType<typeof analysePython> => (n === 0 ? analysePython("(]{)".repeat(4000)) : deep(n - 1));
    const d = deep(7000);
    expect(d.apps).toEqual([]);
    expect(d.syntaxErrors).toHaveLength(1);
    expect(d.syntaxErrors[0].pos.line).toBe(1);
  });
});

// ----------------------------------------------------------------------------- property

describe("property: any input", () => {
  const FIXTURES = [PER_IMAGE, PER_MEGAPIXEL, PER_VIDEO_SECOND, PER_TEXT_CHUNK, FLAT];
  const TOKENS = [
    "class ", "def ", "async ", "import fal\n", "fal.App", "(", ")", "[", "]", "{", "}", ":", "\n", "    ", "\t",
    "=", ",", '"', "'", '"""', "#", "@fal.endpoint(", "\\", "x-fal-billable-units", "response.headers[", "lambda",
    "match ", "case ", "f\"{", "}\"", ";", "\r", "\ufeff", "😀", "\u0000", "1e9", "-", "*", "**",
  ];
  const pythonish = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((a) => a.join(""));
  // A fixture with a random slice replaced by random text: realistic code, broken somewhere.
  const mutated = fc
    .tuple(fc.constantFrom(...FIXTURES), fc.nat(), fc.nat({ max: 40 }), pythonish)
    .map(([src, at, len, insert]) => {
      const i = at % (src.length + 1);
      return src.slice(0, i) + insert + src.slice(i + len);
    });
  const input = fc.oneof(pythonish, mutated, fc.string({ maxLength: 200, unit: "binary" }));

  const lineCount = (s: string) => s.replace(/^\ufeff/, "").split(/\r\n|\r|\n/).length;
  const posOk = (p: { line: number; column: number }, max: number) =>
    Number.isInteger(p.line) && Number.isInteger(p.column) && p.line >= 1 && p.column >= 1 && p.line <= max;

  it("a subclass of another App class in the file is an app too, inheriting settings and endpoints", () => {
    const src = [
      "import fal",
      "class Base(fal.App):",
      "    machine_type = 'GPU-A100'",
      "    keep_alive = 300",
      "    def setup(self): ...",
      "    @fal.endpoint('/')",
      "    def run(self, response):",
      "        response.headers['x-fal-billable-units'] = '1'",
      "    @fal.endpoint('/health', health_check=fal.HealthCheck())",
      "    def health(self): ...",
      "class Small(Base, keep_alive=10):",
      "    machine_type = 'S'",
      "    def health(self): ...  # redefined without the decorator: no longer an endpoint",
      "class NotAnApp(object):",
      "    pass",
    ].join("\n");
    const { apps, syntaxErrors } = analysePython(src);
    expect(syntaxErrors).toEqual([]);
    expect(apps.map((a) => a.className)).toEqual(["Base", "Small"]);
    const small = apps[1];
    expect(small.attributes.machine_type.value).toBe("S");
    expect(small.attributes.keep_alive).toMatchObject({ value: 10 });
    expect(small.endpoints.map((e) => e.path)).toEqual(["/"]);
    expect(small.endpoints[0].billingHeaderSets).toHaveLength(1);
  });

  // 150,000 is past where push(...spread) overflows Node's default stack (~125k arguments).
  it("a line of 150,000 `;`-separated statements does not overflow the stack", () => {
    const src = "import fal\n" + "x = 1; ".repeat(150_000) + "\nclass A(fal.App):\n    machine_type = 'S'\n";
    const facts = analysePython(src);
    expect(facts.syntaxErrors).toEqual([]);
    expect(facts.apps.map((a) => a.className)).toEqual(["A"]);
  });

  it("never throws; every syntax error and fact has a position inside the file", () => {
    fc.assert(
      fc.property(input, (src) => {
        const facts = analysePython(src);
        const max = lineCount(src);
        for (const e of facts.syntaxErrors) {
          expect(posOk(e.pos, max)).toBe(true);
          expect(e.message.length).toBeGreaterThan(0);
        }
        for (const app of facts.apps) {
          expect(posOk(app.pos, max)).toBe(true);
          for (const a of Object.values(app.attributes)) expect(posOk(a.pos, max)).toBe(true);
          for (const ep of app.endpoints) {
            expect(posOk(ep.pos, max) && posOk(ep.defPos, max)).toBe(true);
            for (const s of ep.billingHeaderSets) expect(posOk(s.pos, max)).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});

