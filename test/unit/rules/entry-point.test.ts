import { expect, test } from "vitest";
import { baseline, findings, hit, ROOT, type Files } from "../../support/memfs.js";

/** The baseline as a pyproject app with `python_entry_point = entry`, its code moved to `appPath`. */
function entryPointApp(entry: string, appPath: string): Files {
  const { [`${ROOT}/app.py`]: app, ...rest } = baseline();
  return {
    ...rest,
    [`${ROOT}/${appPath}`]: app,
    [`${ROOT}/pyproject.toml`]: `[project]\nname = "text-to-image"\nversion = "0.1.0"\n\n[tool.fal.apps.text-to-image]\npython_entry_point = "${entry}"\nauth = "shared"\nname = "text-to-image"\n`,
    [`${ROOT}/falpub.yaml`]: rest[`${ROOT}/falpub.yaml`].replace("ref: app.py::TextToImage", "ref: text-to-image"),
  };
}

test("FP017 fires at python_entry_point when its module is not a file of the project", () => {
  const f = entryPointApp("elsewhere.app:TextToImage", "pkg/app.py");
  expect(findings(f)).toEqual([hit("FP017", f, "pyproject.toml", '"elsewhere')]);
});

test("FP017 does not fire when the module is in the project (and the app is checked)", () => {
  expect(findings(entryPointApp("pkg.app:TextToImage", "pkg/app.py"))).toEqual([]);
});
