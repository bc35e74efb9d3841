import { describe, expect, test } from "vitest";
import { baseline, edit, edits, findings, hit, ROOT, type Files } from "../../support/memfs.js";

/* The project's own modules: helpers, constants and fal.App base classes imported from other files. */

const SET_LINE = /        response\.headers\["x-fal-billable-units"\].*\n/;
const BILL = (sets: boolean) => `def bill(response, n):\n    ${sets ? 'response.headers["x-fal-billable-units"] = str(n)' : "print(n)"}\n`;

/** The baseline whose endpoint calls `call` instead of setting the header, after `imports`. */
function calling(imports: string, call: string, files: Files): Files {
  return edits([
    ["app.py", SET_LINE, `        ${call}\n`],
    ["app.py", "import fal\n", `import fal\n${imports}\n`],
  ], files);
}

const withFile = (rel: string, text: string, files?: Files): Files => ({ ...(files ?? baseline()), [`${ROOT}/${rel}`]: text });

describe("helpers imported from the project", () => {
  test.each([
    ["from .billing import bill", "bill(response, len(images))", "billing.py"],
    ["from billing import bill", "bill(response, len(images))", "billing.py"],
    ["from pkg.billing import bill", "bill(response, len(images))", "pkg/billing.py"],
    ["import pkg.billing", "pkg.billing.bill(response, len(images))", "pkg/billing.py"],
    ["from pkg import billing as b", "b.bill(response, len(images))", "pkg/billing.py"],
  ])("%s: no FP203 when the helper sets the header; FP203 when it does not", (imports, call, file) => {
    const ok = calling(imports, call, withFile(file, BILL(true)));
    expect(findings(ok)).toEqual([]);
    const bad = calling(imports, call, withFile(file, BILL(false)));
    expect(findings(bad)).toEqual([hit("FP203", bad, "app.py", '@fal.endpoint("/")')]);
  });

  test("a header-name constant imported from another file", () => {
    const ok = calling("from consts import HEADER", "response.headers[HEADER] = str(len(images))", withFile("consts.py", 'HEADER = "x-fal-billable-units"\n'));
    expect(findings(ok)).toEqual([]);
    const bad = calling("from consts import HEADER", "response.headers[HEADER] = str(len(images))", withFile("consts.py", 'HEADER = "x-other"\n'));
    expect(findings(bad)).toEqual([hit("FP203", bad, "app.py", '@fal.endpoint("/")')]);
  });

  test("never follows an import into installed packages", () => {
    const f = calling("from billing import bill", "bill(response, len(images))", withFile(".venv/lib/python3.11/site-packages/billing.py", BILL(true)));
    expect(findings(f)).toEqual([hit("FP203", f, "app.py", '@fal.endpoint("/")')]);
  });

  test("a finding in the helper's file names that file", () => {
    const f = calling("from billing import bill", "if images:\n            bill(response, len(images))", withFile("billing.py", BILL(true)));
    expect(findings(f)).toEqual([hit("FP207", f, "billing.py", "response.headers")]);
  });
});

describe("a fal.App base class from another file", () => {
  const base = `import fal\n\n\nclass Base(fal.App):\n    machine_type = "GPU-A100"\n`;

  test("the subclass is the app and is checked (no FP009)", () => {
    const f = withFile("base.py", base, edits([
      ["app.py", "class TextToImage(fal.App):", "class TextToImage(Base):"],
      ["app.py", "import fal\n", "import fal\nfrom base import Base\n"],
    ]));
    expect(findings(f)).toEqual([]);
    // Checks run: dropping the header from the subclass's endpoint is seen.
    const g = edit("app.py", SET_LINE, "", f);
    expect(findings(g)).toEqual([hit("FP203", g, "app.py", '@fal.endpoint("/")')]);
  });

  test("without the base file the class is not an app (FP009)", () => {
    const f = edits([
      ["app.py", "class TextToImage(fal.App):", "class TextToImage(Base):"],
      ["app.py", "import fal\n", "import fal\nfrom base import Base\n"],
    ]);
    expect(findings(f).map((x) => x.split("@")[0])).toEqual(["FP009"]);
  });
});

describe("python_entry_point apps", () => {
  const pyproject = (entry: string) => `[project]\nname = "text-to-image"\nversion = "0.1.0"\n\n[tool.fal.apps.text-to-image]\npython_entry_point = "${entry}"\nauth = "shared"\nname = "text-to-image"\n`;
  const project = (entry: string, appPath: string, files = baseline()): Files => {
    const { [`${ROOT}/app.py`]: app, ...rest } = files;
    return { ...rest, [`${ROOT}/${appPath}`]: app, [`${ROOT}/pyproject.toml`]: pyproject(entry), [`${ROOT}/falpub.yaml`]: rest[`${ROOT}/falpub.yaml`].replace("ref: app.py::TextToImage", "ref: text-to-image") };
  };

  test("pkg.mod:Class is analysed like a file ref: clean when it bills, FP203 when not", () => {
    expect(findings(project("pkg.app:TextToImage", "pkg/app.py"))).toEqual([]);
    const f = project("pkg.app:TextToImage", "pkg/app.py", edit("app.py", SET_LINE, ""));
    expect(findings(f)).toEqual([hit("FP203", f, "pkg/app.py", '@fal.endpoint("/")')]);
  });

  test("finds a src/ layout module", () => {
    expect(findings(project("pkg.app:TextToImage", "src/pkg/app.py"))).toEqual([]);
  });

  test("FP017 at the entry point when the module is not a file of the project", () => {
    const f = project("elsewhere.app:TextToImage", "pkg/app.py");
    expect(findings(f)).toEqual([hit("FP017", f, "pyproject.toml", '"elsewhere')]);
  });
});
