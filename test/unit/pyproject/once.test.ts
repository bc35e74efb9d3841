import { describe, expect, it } from "vitest";
import { checkPyprojectOnce } from "../../../src/pyproject/once.js";
import { loadMem } from "../../support/memfs.js";

const PYPROJECT = `[tool.fal.apps.a]\nref = "a.py::A"\nauth = "shared"\n\n[tool.fal.apps.b]\nref = "b.py::B"\nauth = "privat"\n`;
const manifest = (ref: string) => `version: 1\napp:\n  ref: ${ref}\n  auth: shared\nbilling:\n  strategy: per_request\n`;
const app = (cls: string) => `import fal\n\nclass ${cls}(fal.App):\n    app_auth = "shared"\n`;

describe("one pyproject.toml shared by several apps", () => {
  it("is parsed once: both apps get the same facts, and each still gets its findings", () => {
    const files = {
      "/proj/pyproject.toml": PYPROJECT,
      "/proj/a/falpub.yaml": manifest("../a.py::A"),
      "/proj/b/falpub.yaml": manifest("../b.py::B"),
      "/proj/a.py": app("A"),
      "/proj/b.py": app("B"),
    };
    const a = loadMem(files, "/proj/a/falpub.yaml");
    const b = loadMem(files, "/proj/b/falpub.yaml");
    expect(a.facts.pyproject).toBeDefined();
    expect(b.facts.pyproject?.facts).toBe(a.facts.pyproject?.facts);
    expect(a.facts.pyproject?.app?.tableName).toBe("a");
    expect(b.facts.pyproject?.app?.tableName).toBe("b");
    // The TOML findings (the bad auth in [tool.fal.apps.b]) are reported for each app, as before.
    const codes = (d: { at: { file: string }; code: string }[]) => d.filter((x) => x.at.file === "pyproject.toml").map((x) => x.code);
    expect(codes(a.diagnostics)).toEqual(codes(b.diagnostics));
    expect(codes(a.diagnostics).length).toBeGreaterThan(0);
  });
  it("a different text (or file) is parsed anew", () => {
    const one = checkPyprojectOnce(PYPROJECT, "pyproject.toml");
    expect(checkPyprojectOnce(PYPROJECT, "pyproject.toml")).toBe(one);
    expect(checkPyprojectOnce(PYPROJECT + "\n", "pyproject.toml")).not.toBe(one);
    expect(checkPyprojectOnce(PYPROJECT, "other/pyproject.toml")).not.toBe(one);
  });
});
