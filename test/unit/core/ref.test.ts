import { describe, expect, test } from "vitest";
import { formatRef, parseRef, rebaseRef } from "../../../src/core/ref.js";

describe("parseRef", () => {
  test.each([
    ["app.py::TextToImage", { file: "app.py", className: "TextToImage" }],
    ["app.py", { file: "app.py" }],
    // fal keeps the empty name and then fails to find it.
    ["app.py::", { file: "app.py", className: "" }],
    ["text-to-image", { appName: "text-to-image" }],
    // fal only splits when `::` is past index 1.
    ["a::B", { appName: "a::B" }],
    ["src/app.py::A", { file: "src/app.py", className: "A" }],
  ])("%s", (ref, expected) => {
    expect(parseRef(ref)).toEqual(expected);
  });
});

describe("formatRef / rebaseRef", () => {
  test.each(["app.py::TextToImage", "app.py", "app.py::", "text-to-image"])("%s round-trips", (ref) => {
    expect(formatRef(parseRef(ref))).toBe(ref);
  });

  test("a file ref given from the cwd is rewritten relative to the manifest's directory", () => {
    expect(rebaseRef("apps/a/app.py::A", "/repo", "/repo/apps/a")).toBe("app.py::A");
    expect(rebaseRef("app.py", "/repo/apps/a", "/repo")).toBe("apps/a/app.py");
    expect(rebaseRef("text-to-image", "/repo", "/repo/apps/a")).toBe("text-to-image");
  });
});
