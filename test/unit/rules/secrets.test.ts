import { describe, expect, test } from "vitest";
import { formatHint } from "../../../src/core/messages.js";
import { findKeyLikeLiterals } from "../../../src/rules/secrets.js";
import { BASE_APP, baseline, edit, edits, findings, hit, judgeProject, ROOT, sorted, type Files } from "../../support/memfs.js";

const SECRET = "s3cr3tV4lu3-abcdefGHIJ";
const KEY_ID = "01234567-89ab-cdef-0123-456789abcdef";
const PAIR = `${KEY_ID}:${SECRET}`;

/** Neither the secret nor the key pair may appear in anything falpub would print. */
function expectNoLeak(f: Files, strict = false): void {
  const out = JSON.stringify(judgeProject(f, { strict }));
  expect(out).not.toContain(SECRET);
  expect(out).not.toContain(SECRET.slice(0, 12));
}

describe("FP601 secret-literal", () => {
  test("fires at a FAL_KEY literal in the app source, without showing it", () => {
    const f = edit("app.py", "import fal\n", `import fal\nFAL_KEY = "${SECRET}"\n`);
    expect(findings(f)).toEqual([hit("FP601", f, "app.py", SECRET)]);
    expectNoLeak(f);
  });

  test("fires at a key pair in the manifest, without showing it", () => {
    const f = edit("falpub.yaml", "Turns a prompt into images.", `Call with ${PAIR}`);
    expect(findings(f)).toEqual([hit("FP601", f, "falpub.yaml", KEY_ID)]);
    expectNoLeak(f);
  });

  test("fires at a secret in pyproject.toml, without showing it", () => {
    const f = edit("pyproject.toml", "[project]\n", `[project]\nenv = { FAL_KEY_SECRET = "${SECRET}" }\n`);
    expect(findings(f)).toEqual([hit("FP601", f, "pyproject.toml", SECRET)]);
    expectNoLeak(f);
  });

  test("fires in a manifest that is not even valid YAML, and in a key the schema does not know", () => {
    const broken = edit("falpub.yaml", "  auth: shared", `  auth: "shared\n  FAL_KEY: "${SECRET}"`);
    expect(findings(broken)).toContain(hit("FP601", broken, "falpub.yaml", SECRET));
    expectNoLeak(broken);
    const unknown = edit("falpub.yaml", "  auth: shared\n", `  auth: shared\n  FAL_KEY: "${SECRET}"\n`);
    expect(findings(unknown)).toEqual(sorted([hit("FP003", unknown, "falpub.yaml", "FAL_KEY"), hit("FP601", unknown, "falpub.yaml", SECRET)]));
    expectNoLeak(unknown);
  });

  test("fires once per literal: two secrets in one file give two findings", () => {
    const f = edit("app.py", "import fal\n", `import fal\nFAL_KEY = "${SECRET}"\nKEY = "${PAIR}"\n`);
    expect(findings(f)).toEqual(sorted([hit("FP601", f, "app.py", SECRET), hit("FP601", f, "app.py", KEY_ID)]));
    expectNoLeak(f, true);
  });

  test("a key pasted as a manifest value is not echoed by the other findings that quote that value", () => {
    // app.ref (FP008 quotes it), app.name (FP501/FP502), version (FP007), an ignore reason (suppressed list).
    for (const f of [
      edit("falpub.yaml", "ref: app.py::TextToImage", `ref: "${PAIR}"`),
      edit("falpub.yaml", "name: text-to-image", `name: "${PAIR}"`),
      edit("falpub.yaml", "version: 1", `version: "${PAIR}"`),
      edits([
        ["falpub.yaml", "  title: Text to Image\n", ""],
        ["falpub.yaml", "license: MIT\n", `license: MIT\nignore: [{ code: FP701, reason: "${PAIR}" }]\n`],
      ]),
    ]) {
      expect(findings(f)).toContain(hit("FP601", f, "falpub.yaml", KEY_ID));
      expect(JSON.stringify(judgeProject(f))).toContain("***");
      expectNoLeak(f);
    }
  });

  test("a key in the app file's name is not echoed by the hint that quotes the file (FP009)", () => {
    // `file.py::` names no class: FP009's hint suggests `<file>::<first class>`, quoting the file.
    const keyFile = `${PAIR}.py`;
    const f = edit("falpub.yaml", "ref: app.py::TextToImage", `ref: "${keyFile}::"`, { ...baseline(), [`${ROOT}/${keyFile}`]: BASE_APP });
    const fp009 = judgeProject(f).diagnostics.find((d) => d.code === "FP009");
    expect(formatHint(fp009!)).toContain("***.py::TextToImage");
    // The args themselves (JSON, SARIF) carry no key either.
    expectNoLeak(f);
  });

  test("does not fire when the key comes from the environment, or the value is too short to be a key", () => {
    const f = edits([
      ["app.py", "import fal\n", 'import fal\nimport os\nFAL_KEY = os.environ["FAL_KEY"]\nPLACEHOLDER = "FAL_KEY=${FAL_KEY}"\n'],
      ["falpub.yaml", "Turns a prompt into images.", `'Needs FAL_KEY = "short"'`],
    ]);
    expect(findings(f)).toEqual([]);
  });
});

describe("what looks like a key", () => {
  test("FAL_KEY as a JSON/dict key, with or without spaces around the = or :, and a secret of exactly 16 characters", () => {
    const f = edit("app.py", "import fal\n", `import fal\nENV = {"FAL_KEY": "${SECRET}"}\nFAL_KEY_SECRET="${SECRET.slice(0, 16)}"\n`);
    expect(findings(f)).toEqual(sorted([hit("FP601", f, "app.py", SECRET), hit("FP601", f, "app.py", SECRET.slice(0, 16), { nth: 1 })]));
    expectNoLeak(f);
  });

  test("a key id followed by a secret shorter than 16 characters is not a key", () => {
    expect(findings(edit("app.py", "import fal\n", `import fal\nREF = "${KEY_ID}:short"\n`))).toEqual([]);
  });

  test("findKeyLikeLiterals gives the positions in the order of the text", () => {
    const text = `FAL_KEY = "${SECRET}"\nx = "${PAIR}"\nFAL_KEY = "${SECRET}"\n`;
    expect(findKeyLikeLiterals(text)).toEqual([
      { line: 1, column: 12 },
      { line: 2, column: 6 },
      { line: 3, column: 12 },
    ]);
  });
});
