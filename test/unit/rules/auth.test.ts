import { describe, expect, test } from "vitest";
import { checkProject, edit, edits, findings, hit, sorted, type Files } from "../../support/memfs.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";

const one = (files: Files, code: string) => {
  const found = checkProject(files).filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("FP101 auth-not-shared", () => {
  test("fires at app.auth's value when it is private, and the other places then disagree", () => {
    const f = edit("falpub.yaml", "auth: shared", "auth: private");
    expect(findings(f)).toEqual(
      sorted([
        hit("FP101", f, "falpub.yaml", "private"),
        hit("FP102", f, "app.py", '"shared"'),
        hit("FP103", f, "pyproject.toml", '"shared"'),
      ]),
    );
  });

  test("fires at the app key when app.auth is missing", () => {
    const f = edit("falpub.yaml", "  auth: shared\n", "");
    expect(findings(f)).toEqual([hit("FP101", f, "falpub.yaml", "app:")]);
  });

  test("does not fire when every place says shared (the baseline) or when only the manifest sets it", () => {
    const f = edits([
      ["app.py", '    app_auth = "shared"\n', ""],
      ["pyproject.toml", 'auth = "shared"\n', ""],
    ]);
    expect(findings(f).filter((w) => w.startsWith("FP101"))).toEqual([]);
  });
});

describe("FP102 auth-conflict-code", () => {
  test("fires at the class's app_auth value and names the manifest's place", () => {
    const f = edit("app.py", 'app_auth = "shared"', 'app_auth = "private"');
    expect(findings(f)).toEqual([hit("FP102", f, "app.py", '"private"')]);
    const d = one(f, "FP102");
    expect(d.at.file).toBe("app.py");
    expect(d.related).toMatchObject([{ file: "falpub.yaml", line: 5 }]);
    expect(formatMessage(d)).toContain("falpub.yaml:5");
  });

  test("does not fire when app_auth is an expression falpub does not evaluate", () => {
    const f = edit("app.py", 'app_auth = "shared"', 'app_auth = AUTH_MODE');
    expect(findings(f)).toEqual([]);
  });
});

describe("FP103 auth-conflict-pyproject", () => {
  test("fires at the pyproject auth value and names the manifest's place", () => {
    const f = edit("pyproject.toml", 'auth = "shared"', 'auth = "public"');
    expect(findings(f)).toEqual([hit("FP103", f, "pyproject.toml", '"public"')]);
    const d = one(f, "FP103");
    expect(d.at.file).toBe("pyproject.toml");
    expect(d.related).toMatchObject([{ file: "falpub.yaml", line: 5 }]);
    expect(formatMessage(d)).toContain("falpub.yaml:5");
  });

  test("fires at the pyproject table when an app-name ref sets auth nowhere (fal rejects --auth then)", () => {
    const f = edits([
      ["falpub.yaml", "app.py::TextToImage", "text-to-image"],
      ["app.py", '    app_auth = "shared"\n', ""],
      ["pyproject.toml", 'auth = "shared"\n', ""],
    ]);
    // At the table's key in `[tool.fal.apps.text-to-image]`.
    expect(findings(f)).toEqual([hit("FP105", f, "pyproject.toml", "text-to-image]")]);
  });

  test("does not fire for a pyproject table that describes another file", () => {
    const f = edits([
      ["pyproject.toml", 'ref = "app.py::TextToImage"', 'ref = "other.py::Other"'],
      ["pyproject.toml", 'auth = "shared"', 'auth = "private"'],
    ]);
    expect(findings(f)).toEqual([]);
  });
});

describe("FP104 auth-from-flag", () => {
  test("fires (info) at the class when only the manifest sets auth", () => {
    const f = edits([
      ["app.py", '    app_auth = "shared"\n', ""],
      ["pyproject.toml", 'auth = "shared"\n', ""],
    ]);
    expect(findings(f)).toEqual([hit("FP104", f, "app.py", "TextToImage(")]);
    expect(one(f, "FP104").severity).toBe("info");
  });

  test("does not fire when pyproject sets auth for the app", () => {
    expect(findings(edit("app.py", '    app_auth = "shared"\n', ""))).toEqual([]);
  });
});

describe("auth findings' args", () => {
  const args = (f: Files) => checkProject(f).map((d) => [d.code, d.args] as const).sort((a, b) => a[0].localeCompare(b[0])); // by code: the list is sorted by file

  test("FP101-FP103 quote the values; the related place is the manifest's app.auth", () => {
    const f = edit("falpub.yaml", "auth: shared", "auth: private");
    expect(args(f)).toEqual([
      ["FP101", { auth: "private" }],
      ["FP102", { code: '"shared"', auth: "private" }],
      ["FP103", { value: '"shared"', table: "text-to-image", auth: "private" }],
    ]);
    expect(one(f, "FP102").related).toEqual([expect.objectContaining({ file: "falpub.yaml", line: 5, role: "manifest app.auth" })]);
  });

  test("FP104 names the class, FP105 the pyproject table", () => {
    const noAuth = (files?: Files) => edits([["app.py", '    app_auth = "shared"\n', ""], ["pyproject.toml", 'auth = "shared"\n', ""]], files);
    expect(args(noAuth())).toEqual([["FP104", { className: "TextToImage" }]]);
    expect(args(noAuth(edit("falpub.yaml", "app.py::TextToImage", "text-to-image")))).toEqual([["FP105", { table: "text-to-image" }]]);
  });

  test("a manifest auth that is not shared is FP101 only: no FP104 about the --auth flag", () => {
    const f = edits([["falpub.yaml", "auth: shared", "auth: private"], ["app.py", '    app_auth = "shared"\n', ""], ["pyproject.toml", 'auth = "shared"\n', ""]]);
    expect(findings(f)).toEqual([hit("FP101", f, "falpub.yaml", "private")]);
  });
});
