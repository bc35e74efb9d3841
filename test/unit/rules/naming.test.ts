import { describe, expect, test } from "vitest";
import { checkProject, edit, edits, findings, hit, sorted } from "../../support/memfs.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";

/** The app table's `name = ...` line (the [project] table has one too, earlier). */
const TABLE_NAME = /name = "text-to-image"\n$/;

describe("FP501 app-name-invalid", () => {
  test("fires at app.name when it is not kebab-case; the other places then disagree (FP502 naming both places)", () => {
    const f = edit("falpub.yaml", "name: text-to-image", "name: Text_To_Image");
    expect(findings(f)).toEqual(
      sorted([
        hit("FP501", f, "falpub.yaml", "Text_To_Image"),
        hit("FP502", f, "app.py", '"text-to-image"'),
        hit("FP505", f, "pyproject.toml", '"text-to-image"', { nth: 1 }),
      ]),
    );
    for (const d of checkProject(f).filter((d) => d.code === "FP502" || d.code === "FP505")) {
      expect(d.related).toMatchObject([{ file: "falpub.yaml", line: 4, role: "manifest app.name" }]);
      expect(formatMessage(d)).toContain("falpub.yaml:4");
    }
  });

  test("fires at the class's app_name when the manifest sets no name", () => {
    const f = edits([
      ["falpub.yaml", "  name: text-to-image\n", ""],
      ["app.py", 'app_name = "text-to-image"', 'app_name = "text--image"'],
    ]);
    expect(findings(f)).toEqual([hit("FP503", f, "app.py", '"text--image"')]);
  });

  test("fires at a name longer than 63 characters", () => {
    const long = "a".repeat(64);
    const f = edits([
      ["falpub.yaml", "name: text-to-image", `name: ${long}`],
      ["app.py", 'app_name = "text-to-image"', `app_name = "${long}"`],
      ["pyproject.toml", TABLE_NAME, `name = "${long}"\n`],
    ]);
    expect(findings(f)).toEqual([hit("FP504", f, "falpub.yaml", long)]);
    expect(checkProject(f)[0]!.args).toEqual({ name: long, source: "app.name", length: 64 });
  });

  test("fires at the pyproject table for an app-name ref whose table name is not kebab-case", () => {
    const f = edits([
      ["falpub.yaml", "app.py::TextToImage", "T2I"],
      ["falpub.yaml", "  name: text-to-image\n", ""],
      ["pyproject.toml", "[tool.fal.apps.text-to-image]", "[tool.fal.apps.T2I]"],
      ["pyproject.toml", TABLE_NAME, ""],
    ]);
    expect(findings(f)).toEqual([hit("FP501", f, "pyproject.toml", "T2I]")]);
  });

  test("does not fire on a name derived from the class (TextToImage → text-to-image)", () => {
    const f = edits([
      ["falpub.yaml", "  name: text-to-image\n", ""],
      ["app.py", '    app_name = "text-to-image"\n', ""],
    ]);
    expect(findings(f)).toEqual([]);
  });
});

describe("FP502 app-name-conflict", () => {
  test("fires at the class's app_name and names the manifest's place", () => {
    const f = edit("app.py", 'app_name = "text-to-image"', 'app_name = "t2i"');
    expect(findings(f)).toEqual([hit("FP502", f, "app.py", '"t2i"')]);
    const d = checkProject(f)[0]!;
    expect(d.at.file).toBe("app.py");
    expect(d.related).toMatchObject([{ file: "falpub.yaml", line: 4 }]);
    expect(formatMessage(d)).toContain("falpub.yaml:4");
  });

  test("fires at the pyproject app table's name", () => {
    const f = edit("pyproject.toml", TABLE_NAME, 'name = "t2i"\n');
    expect(findings(f)).toEqual([hit("FP505", f, "pyproject.toml", '"t2i"')]);
  });

  test("does not fire on a different [project] name (that is the package, not the app)", () => {
    expect(findings(edit("pyproject.toml", 'name = "text-to-image"', 'name = "my-package"'))).toEqual([]);
  });
});

describe("naming findings' args and edges", () => {
  const args = (f: ReturnType<typeof edit>) => checkProject(f).map((d) => [d.code, d.args] as const).sort((a, b) => a[0].localeCompare(b[0])); // by code: the list is sorted by file

  test("FP501 quotes the name and where it came from, without a length; FP502/FP505 quote both names", () => {
    const f = edit("falpub.yaml", "name: text-to-image", "name: Text_To_Image");
    expect(args(f)).toEqual([
      ["FP501", { name: "Text_To_Image", source: "app.name" }],
      ["FP502", { code: '"text-to-image"', value: "text-to-image", declared: "Text_To_Image" }],
      ["FP505", { value: "text-to-image", declared: "Text_To_Image" }],
    ]);
  });

  test("the related place is app.name's value", () => {
    const f = edit("app.py", 'app_name = "text-to-image"', 'app_name = "t2i"');
    const at = hit("x", f, "falpub.yaml", "text-to-image").split(":");
    expect(checkProject(f)[0]!.related).toEqual([expect.objectContaining({ file: "falpub.yaml", line: Number(at[1]), column: Number(at[2]) })]);
  });

  test("an app_name that is not a string is not compared with the manifest's name", () => {
    expect(checkProject(edit("app.py", 'app_name = "text-to-image"', "app_name = 5")).map((d) => d.code)).not.toContain("FP502");
  });
});
