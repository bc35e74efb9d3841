import { describe, expect, test } from "vitest";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { checkProject, edit, edits, findings, hit, type Files } from "../../support/memfs.js";

/*
 * The flow layer through the billing rules: every false alarm, silent pass and hint of
 * issue 10, each with a firing and a non-firing case. The baseline app is per_image with
 * `images = ["image"] * input.num_images`; `endpoint()` swaps in another endpoint body.
 */

const GENERATE = /    @fal\.endpoint\("\/"\)[^]*?return \{"images": images\}\n/;
const SET = 'response.headers["x-fal-billable-units"]';

/** The baseline with the `/` endpoint's body replaced (indented 8) and extra class members. */
function endpoint(body: string, members = "", files?: Files): Files {
  const code = `    @fal.endpoint("/")\n    def generate(self, input: Input, response: Response) -> dict:\n${body.replace(/^/gm, "        ")}\n${members.replace(/^(?=.)/gm, "    ")}`;
  return edit("app.py", GENERATE, code, files);
}

/** Module-level code above the Input model. */
const moduleCode = (code: string, files?: Files) => edit("app.py", "\n\nclass Input", `\n${code}\n\nclass Input`, files);

const codes = (f: Files) => findings(f).map((x) => x.split("@")[0]);

describe("FP207: set on some paths only", () => {
  test("does not fire when if/else both set it", () => {
    expect(findings(endpoint(`if input.num_images > 1:\n    ${SET} = str(input.num_images)\nelse:\n    ${SET} = "1"\nreturn {"images": []}`))).toEqual([]);
  });

  test("fires for an if without else, naming the path that does not set it", () => {
    const f = endpoint(`if input.num_images > 1:\n    ${SET} = str(input.num_images)\nreturn {"images": []}`);
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", SET)]);
    expect(formatMessage(checkProject(f)[0])).toMatch(/`if input\.num_images > 1` \(line \d+\) is false/);
  });

  test("does not fire for a match with a default case that sets it; fires without the default", () => {
    const arms = `match input.num_images:\n    case 1:\n        ${SET} = "1"\n    case _:\n        ${SET} = str(input.num_images)\nreturn {}`;
    expect(findings(endpoint(arms))).toEqual([]);
    const f = endpoint(arms.replace("case _:", "case 2:"));
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", SET)]);
  });

  test("fires for an early return before the set; not for a return after it", () => {
    const f = endpoint(`if not input.prompt:\n    return {"images": []}\n${SET} = str(input.num_images)\nreturn {"images": []}`);
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", SET)]);
    expect(formatMessage(checkProject(f)[0])).toContain("the return at line");
    expect(findings(endpoint(`${SET} = str(input.num_images)\nif not input.prompt:\n    return {"images": []}\nreturn {"images": []}`))).toEqual([]);
  });

  test("a raise ends its path: raising before the set is fine", () => {
    expect(findings(endpoint(`if not input.prompt:\n    raise ValueError("empty")\n${SET} = str(input.num_images)\nreturn {}`))).toEqual([]);
  });

  test("fires when the header is set only in an except handler; not when set in finally", () => {
    const f = endpoint(`try:\n    images = run()\nexcept RuntimeError:\n    ${SET} = "0"\nreturn {}`);
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", SET)]);
    expect(findings(endpoint(`try:\n    images = run()\nfinally:\n    ${SET} = str(input.num_images)\nreturn {}`))).toEqual([]);
  });

  test("fires when set only in try/else and a handler swallows the error; not when the handler re-raises", () => {
    const f = endpoint(`try:\n    images = run()\nexcept RuntimeError:\n    pass\nelse:\n    ${SET} = str(input.num_images)\nreturn {}`);
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", SET)]);
    expect(findings(endpoint(`try:\n    images = run()\nexcept RuntimeError:\n    raise\nelse:\n    ${SET} = str(input.num_images)\nreturn {}`))).toEqual([]);
  });

  test("fires for a set only inside a loop; not for one after it", () => {
    const f = endpoint(`for _ in range(input.num_images):\n    ${SET} = str(input.num_images)\nreturn {}`);
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", SET)]);
    expect(formatMessage(checkProject(f)[0])).toContain("loop");
    expect(findings(endpoint(`for _ in range(input.num_images):\n    pass\n${SET} = str(input.num_images)\nreturn {}`))).toEqual([]);
  });

  test("fires for a helper called only inside an if; not when called on every path", () => {
    const helper = `def _bill(self, response, n):\n    response.headers["x-fal-billable-units"] = str(n)\n`;
    const f = endpoint(`if input.prompt:\n    self._bill(response, input.num_images)\nreturn {}`, helper);
    expect(findings(f)).toEqual([hit("FP207", f, "app.py", 'response.headers["x-fal-billable-units"] = str(n)')]);
    expect(findings(endpoint(`self._bill(response, input.num_images)\nreturn {}`, helper))).toEqual([]);
  });
});

describe("FP203 through helpers, callables and constants", () => {
  const deep = `def _a(self, response, n):\n    self._b(response, n)\n\ndef _b(self, response, n):\n    _c(response, n)\n`;
  const c = (sets: boolean) => `def _c(response, n):\n    ${sets ? 'response.headers["x-fal-billable-units"] = str(n)' : "print(n)"}\n`;

  test("does not fire when the header is set three helper levels deep; fires when the last one does not set it", () => {
    expect(findings(moduleCode(c(true), endpoint(`self._a(response, input.num_images)\nreturn {}`, deep)))).toEqual([]);
    const f = moduleCode(c(false), endpoint(`self._a(response, input.num_images)\nreturn {}`, deep));
    expect(findings(f)).toEqual([hit("FP203", f, "app.py", '@fal.endpoint("/")')]);
  });

  const gen = (sets: boolean) => `def _generate(self, input, response):\n    ${sets ? 'response.headers["x-fal-billable-units"] = str(input.num_images)' : "return None"}\n`;
  test.each([
    ["asyncio.to_thread", "asyncio.to_thread(self._generate, input, response)"],
    ["loop.run_in_executor", "asyncio.get_running_loop().run_in_executor(None, self._generate, input, response)"],
    ["functools.partial", "job = functools.partial(self._generate, input)\njob(response)"],
  ])("follows a callable passed to %s", (_name, call) => {
    expect(findings(endpoint(`${call}\nreturn {}`, gen(true)))).toEqual([]);
    expect(codes(endpoint(`${call}\nreturn {}`, gen(false)))).toEqual(["FP203"]);
  });

  test("follows ClassName.helper(...), @staticmethod and @classmethod", () => {
    const members = `@staticmethod\ndef bill(response, n):\n    response.headers["x-fal-billable-units"] = str(n)\n\n@classmethod\ndef bill2(cls, response, n):\n    cls.bill(response, n)\n`;
    expect(findings(endpoint(`TextToImage.bill(response, input.num_images)\nreturn {}`, members))).toEqual([]);
    expect(findings(endpoint(`self.bill2(response, input.num_images)\nreturn {}`, members))).toEqual([]);
    expect(codes(endpoint(`TextToImage.bill(input, input.num_images)\nreturn {}`, members))).toEqual(["FP203"]);
  });

  test("resolves a class-level header-name constant (self.BILLING_HEADER) and a local one", () => {
    const members = `BILLING_HEADER = "x-fal-billable-units"\nOTHER = "x-other"\n`;
    expect(findings(endpoint(`response.headers[self.BILLING_HEADER] = str(input.num_images)\nreturn {}`, members))).toEqual([]);
    expect(codes(endpoint(`response.headers[self.OTHER] = str(input.num_images)\nreturn {}`, members))).toEqual(["FP203"]);
    expect(findings(endpoint(`key = "X-Fal-Billable-Units"\nh = response.headers\nh[key] = str(input.num_images)\nreturn {}`))).toEqual([]);
  });

  test("follows a dict later passed as headers= of the returned Response", () => {
    expect(findings(endpoint(`headers = {}\nheaders["x-fal-billable-units"] = str(input.num_images)\nreturn JSONResponse({}, headers=headers)`))).toEqual([]);
    expect(codes(endpoint(`headers = {}\nheaders["x-other"] = "1"\nreturn JSONResponse({}, headers=headers)`))).toEqual(["FP203"]);
  });
});

describe("writes that do not reach the caller", () => {
  test("FP210: the header set on the injected response while a new Response is returned", () => {
    const f = endpoint(`${SET} = str(input.num_images)\nreturn JSONResponse({"images": []})`);
    expect(findings(f)).toEqual([hit("FP203", f, "app.py", '@fal.endpoint("/")'), hit("FP210", f, "app.py", "return JSONResponse")].sort());
    expect(findings(endpoint(`return JSONResponse({"images": []}, headers={"x-fal-billable-units": str(input.num_images)})`))).toEqual([]);
  });

  test("FP208: a non-string header value; str() of it is fine", () => {
    const f = endpoint(`images = ["image"] * input.num_images\n${SET} = len(images)\nreturn {}`);
    expect(findings(f)).toEqual([hit("FP208", f, "app.py", SET)]);
    expect(findings(endpoint(`images = ["image"] * input.num_images\n${SET} = str(len(images))\nreturn {}`))).toEqual([]);
  });

  test("FP209: a dict literal that merely contains the key does not count as setting it", () => {
    const f = endpoint(`print({"x-fal-billable-units": input.num_images})\nreturn {}`);
    expect(findings(f)).toEqual([hit("FP203", f, "app.py", '@fal.endpoint("/")'), hit("FP209", f, "app.py", '"x-fal-billable-units": input')].sort());
    expect(findings(endpoint(`response.headers.update({"x-fal-billable-units": str(input.num_images)})\nreturn {}`))).toEqual([]);
  });
});

describe("FP213: websocket and realtime endpoints", () => {
  test("fires (info) instead of FP203 for @fal.realtime and is_websocket=True", () => {
    const f = edit("app.py", '@fal.endpoint("/")', '@fal.endpoint("/", is_websocket=True)');
    expect(findings(f)).toEqual([hit("FP213", f, "app.py", '@fal.endpoint("/"')]);
    expect(formatHint(checkProject(f)[0])).not.toContain("response: Response");
  });

  test("does not fire for a plain endpoint", () => {
    expect(codes(edits([]))).toEqual([]);
  });
});
