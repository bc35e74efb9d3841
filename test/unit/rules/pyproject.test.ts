import { describe, expect, test } from "vitest";
import { baseline, edit, findings, hit, ROOT } from "../../support/memfs.js";

// The checker itself is tested in test/unit/pyproject/; here: its findings reach the final list.
const addKey = (line: string) => edit("pyproject.toml", 'auth = "shared"', `auth = "shared"\n${line}`);

describe("FP801 toml-syntax", () => {
  test("fires at the unterminated string", () => {
    const f = edit("pyproject.toml", 'version = "0.1.0"', 'version = "0.1.0');
    expect(findings(f)).toEqual([hit("FP801", f, "pyproject.toml", '0.1.0', { shift: 5 })]);
  });
});

describe("FP802 pyproject-unexpected-key", () => {
  test("fires at a key fal does not accept", () => {
    const f = addKey("keepalive = 10");
    expect(findings(f)).toEqual([hit("FP802", f, "pyproject.toml", "keepalive")]);
  });

  test("does not fire on the correct spelling", () => {
    expect(findings(addKey("keep_alive = 10"))).toEqual([]);
  });
});

describe("FP803 pyproject-wrong-type", () => {
  test("fires at a string where fal wants an integer", () => {
    const f = addKey('keep_alive = "10"');
    expect(findings(f)).toEqual([hit("FP803", f, "pyproject.toml", '"10"')]);
  });
});

describe("FP804 pyproject-invalid-value", () => {
  test("fires at the invalid region inside the list", () => {
    const f = addKey('regions = ["mars"]');
    expect(findings(f)).toEqual([hit("FP804", f, "pyproject.toml", '"mars"')]);
  });

  test("does not fire on a valid region", () => {
    expect(findings(addKey('regions = ["us-east"]'))).toEqual([]);
  });
});

describe("FP805 pyproject-deprecated-key", () => {
  test("fires at no_scale", () => {
    const f = addKey("no_scale = true");
    expect(findings(f)).toEqual([hit("FP805", f, "pyproject.toml", "no_scale")]);
  });
});

test("no pyproject.toml at all is fine", () => {
  const f = baseline();
  delete f[`${ROOT}/pyproject.toml`];
  expect(findings(f)).toEqual([]);
});
