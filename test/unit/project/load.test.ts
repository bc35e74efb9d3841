import { formatMessage } from "../../../src/core/messages.js";
import { describe, expect, test } from "vitest";
import { BASE_APP, BASE_MANIFEST, BASE_PYPROJECT, baseline, edit, loadMem, memfs, ROOT, where, type Files } from "../../support/memfs.js";

describe("memfs", () => {
  const io = memfs({ "/proj/a/b.txt": "hi" });
  test("reads files and knows directories by the files under them", () => {
    expect(io.readText("/proj/a/b.txt")).toBe("hi");
    expect(io.readText("/proj/a/../a/b.txt")).toBe("hi");
    expect(io.readText("/proj/a")).toBeUndefined();
    expect(io.exists("/proj/a")).toBe(true);
    expect(io.exists("/proj/a/b.txt")).toBe(true);
    expect(io.exists("/proj/a/b")).toBe(false);
    expect(io.exists("/pro")).toBe(false);
  });
});

describe("loadProject", () => {
  test("the baseline resolves file, class and pyproject table, with display paths relative to the cwd", () => {
    const { facts, diagnostics } = loadMem(baseline());
    expect(diagnostics).toEqual([]);
    expect(facts.manifest.file).toBe("falpub.yaml");
    expect(facts.app?.file).toBe("app.py");
    expect(facts.app?.path).toBe(`${ROOT}/app.py`);
    expect(facts.app?.cls?.className).toBe("TextToImage");
    expect(facts.pyproject?.file).toBe("pyproject.toml");
    expect(facts.pyproject?.app?.tableName).toBe("text-to-image");
    expect(facts.refIsAppName).toBe(false);
  });

  test("findings name files relative to the cwd when the app lives in a subdirectory", () => {
    const files: Files = {
      "/repo/apps/t2i/falpub.yaml": BASE_MANIFEST,
      "/repo/apps/t2i/app.py": BASE_APP.replace('"GPU-A100"', '"GPU-Z9"'),
      "/repo/apps/t2i/pyproject.toml": BASE_PYPROJECT,
    };
    const { facts, diagnostics } = loadMem(files, "/repo/apps/t2i/falpub.yaml", "/repo");
    expect(diagnostics).toEqual([]);
    expect(facts.manifest.file).toBe("apps/t2i/falpub.yaml");
    expect(facts.app?.file).toBe("apps/t2i/app.py");
    expect(facts.pyproject?.file).toBe("apps/t2i/pyproject.toml");
  });

  test("pyproject.toml is found in a parent directory, and its relative ref resolves from there", () => {
    const files: Files = {
      "/repo/apps/t2i/falpub.yaml": BASE_MANIFEST,
      "/repo/apps/t2i/app.py": BASE_APP,
      "/repo/pyproject.toml": BASE_PYPROJECT.replace('ref = "app.py::TextToImage"', 'ref = "apps/t2i/app.py::TextToImage"'),
    };
    const { facts } = loadMem(files, "/repo/apps/t2i/falpub.yaml", "/repo");
    expect(facts.pyproject?.file).toBe("pyproject.toml");
    expect(facts.pyproject?.app?.tableName).toBe("text-to-image");
  });

  test("the walk up stops at a .git directory", () => {
    const files: Files = {
      "/repo/apps/t2i/falpub.yaml": BASE_MANIFEST,
      "/repo/apps/t2i/app.py": BASE_APP,
      "/repo/apps/t2i/.git/HEAD": "ref: refs/heads/main\n",
      "/repo/pyproject.toml": BASE_PYPROJECT,
    };
    const { facts } = loadMem(files, "/repo/apps/t2i/falpub.yaml", "/repo");
    expect(facts.pyproject?.file).toBeUndefined();
    expect(facts.pyproject?.app).toBeUndefined();
  });

  test("an app-name ref resolves through the pyproject table's ref, relative to pyproject.toml", () => {
    const files: Files = {
      "/repo/apps/t2i/falpub.yaml": BASE_MANIFEST.replace("app.py::TextToImage", "text-to-image"),
      "/repo/apps/t2i/app.py": BASE_APP,
      "/repo/pyproject.toml": BASE_PYPROJECT.replace('ref = "app.py::TextToImage"', 'ref = "apps/t2i/app.py::TextToImage"'),
    };
    const { facts, diagnostics } = loadMem(files, "/repo/apps/t2i/falpub.yaml", "/repo");
    expect(diagnostics).toEqual([]);
    expect(facts.refIsAppName).toBe(true);
    expect(facts.app?.file).toBe("apps/t2i/app.py");
    expect(facts.app?.cls?.className).toBe("TextToImage");
  });

  test("an app-name ref without any pyproject.toml says so", () => {
    const files = edit("falpub.yaml", "app.py::TextToImage", "text-to-image");
    delete files[`${ROOT}/pyproject.toml`];
    const { diagnostics } = loadMem(files);
    expect(where(diagnostics)).toEqual(["FP015@falpub.yaml:3:8"]);
    expect(diagnostics[0]!.args).toEqual({ ref: "text-to-image", pyprojectFile: undefined });
    expect(formatMessage(diagnostics[0]!)).toContain("no pyproject.toml");
  });

  test("a pyproject table for another file is not taken as this app's", () => {
    const { facts } = loadMem(edit("pyproject.toml", 'ref = "app.py::TextToImage"', 'ref = "other.py::TextToImage"'));
    expect(facts.pyproject?.facts.apps).toHaveLength(1);
    expect(facts.pyproject?.app).toBeUndefined();
  });

  test("a pyproject table for the same file but another class is not taken as this app's", () => {
    const { facts } = loadMem(edit("pyproject.toml", 'ref = "app.py::TextToImage"', 'ref = "app.py::Other"'));
    expect(facts.pyproject?.app).toBeUndefined();
  });

  test("loading findings come from every file: manifest, pyproject and Python", () => {
    let files = edit("falpub.yaml", "per_image", "per_imag");
    files = edit("pyproject.toml", 'auth = "shared"', 'auth = "shared"\nno_scale = true', files);
    files = edit("app.py", 'return {"ok": True}', 'return {"ok": True', files);
    const { diagnostics } = loadMem(files);
    expect(where(diagnostics)).toEqual(["FP011@falpub.yaml:7:13", "FP805@pyproject.toml:8:1", "FP901@app.py:34:16"].sort());
  });

  test("a ref to a directory or to nothing readable is FP008", () => {
    const files: Files = { ...baseline(), [`${ROOT}/pkg/__init__.py`]: "" };
    const { diagnostics } = loadMem(edit("falpub.yaml", "app.py::TextToImage", "pkg::TextToImage", files));
    expect(where(diagnostics)).toEqual(["FP008@falpub.yaml:3:8"]);
  });
});
