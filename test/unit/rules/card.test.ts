import { describe, expect, test } from "vitest";
import { edit, findings, hit } from "../../support/memfs.js";

describe.each([
  ["FP701", "title", "  title: Text to Image\n"],
  ["FP702", "description", "  description: Turns a prompt into images.\n"],
  ["FP703", "category", "  category: text-to-image\n"],
])("%s card-%s-missing", (code, field, line) => {
  test(`fires at the marketplace key when ${field} is missing`, () => {
    const f = edit("falpub.yaml", line, "");
    expect(findings(f)).toEqual([hit(code, f, "falpub.yaml", "marketplace:")]);
  });

  test(`fires at line 1 when the whole marketplace section is missing`, () => {
    const f = edit("falpub.yaml", /marketplace:[^]*/, "");
    expect(findings(f)).toContain(`${code}@falpub.yaml:1:1`);
  });

  test(`does not fire when ${field} is there (the baseline) even without a license`, () => {
    expect(findings(edit("falpub.yaml", "  license: MIT\n", ""))).toEqual([]);
  });
});

test("FP701-FP703 explicit positions: all three at marketplace: when the section is empty of them", () => {
  const f = edit("falpub.yaml", /  title:.*\n  description:.*\n  category:.*\n/, "");
  expect(findings(f)).toEqual(["FP701@falpub.yaml:9:1", "FP702@falpub.yaml:9:1", "FP703@falpub.yaml:9:1"]);
});
