import { describe, expect, test } from "vitest";
import { formatMessage } from "../../../src/core/messages.js";
import { baseline, checkProject, edit, edits, findings, hit, sorted } from "../../support/memfs.js";

const message = (files: ReturnType<typeof baseline>, code: string) => {
  const d = checkProject(files).find((d) => d.code === code);
  return d ? formatMessage(d) : "";
};

describe("the baseline", () => {
  test("has no findings at all", () => {
    expect(checkProject(baseline())).toEqual([]);
  });
});

describe("FP001 yaml-syntax", () => {
  test("fires on an unterminated quote where the quote opens (yaml reports the end of the input), and nothing else is judged", () => {
    const f = edit("falpub.yaml", "  auth: shared", '  auth: "shared');
    expect(findings(f)).toEqual([hit("FP001", f, "falpub.yaml", '"shared')]);
  });

  test("fires on a tab used as indentation, at that line", () => {
    const f = edit("falpub.yaml", "  auth: shared", "\tauth: shared");
    expect(findings(f)).toContain(hit("FP001", f, "falpub.yaml", "\tauth"));
    expect(findings(f).every((w) => w.startsWith("FP001@"))).toBe(true);
  });

  test("does not fire on the same value quoted properly", () => {
    expect(findings(edit("falpub.yaml", "  auth: shared", '  auth: "shared"'))).toEqual([]);
  });
});

describe("FP002 duplicate-key", () => {
  test("fires at the second occurrence of the key, and nothing else is judged", () => {
    const f = edit("falpub.yaml", "  auth: shared\n", "  auth: shared\n  auth: shared\n");
    expect(findings(f)).toEqual([hit("FP002", f, "falpub.yaml", "auth:", { nth: 1 })]);
  });

  test("does not fire on the same key in different mappings", () => {
    // `strategy` under app and under billing are different keys.
    expect(findings(edit("falpub.yaml", "  auth: shared\n", "  auth: shared\n  strategy: rolling\n"))).toEqual([]);
  });
});

describe("FP003 unknown-key", () => {
  test("fires at a misspelt nested key with a did-you-mean", () => {
    const f = edit("falpub.yaml", "  title:", "  titel:");
    // The real title is then missing too (FP701 at the marketplace key).
    expect(findings(f)).toEqual(sorted([hit("FP003", f, "falpub.yaml", "titel"), hit("FP701", f, "falpub.yaml", "marketplace:")]));
    expect(message(f, "FP003")).toContain("Did you mean `title`?");
  });

  test("fires at a misspelt top-level key with a did-you-mean", () => {
    const f = edit("falpub.yaml", "billing:", "biling:");
    expect(findings(f)).toEqual(sorted([hit("FP003", f, "falpub.yaml", "biling:"), "FP201@falpub.yaml:1:1"]));
    expect(message(f, "FP003")).toContain("Did you mean `billing`?");
  });

  test("a key unlike any known one gets no suggestion", () => {
    const f = edit("falpub.yaml", "  license: MIT\n", "  license: MIT\n  zzzzqqq: 1\n");
    expect(findings(f)).toEqual([hit("FP003", f, "falpub.yaml", "zzzzqqq")]);
    expect(message(f, "FP003")).not.toContain("Did you mean");
  });

  test("does not fire on every known optional key", () => {
    const f = edits([
      ["falpub.yaml", "  auth: shared\n", "  auth: shared\n  team: my-team\n  environment: main\n  strategy: recreate\n  reset_scale: true\n"],
      ["falpub.yaml", "  license: MIT\n", "  license: MIT\n  example_input:\n    prompt: a fox\n"],
    ]);
    expect(findings(f)).toEqual([]);
  });
});

describe("FP004 wrong-type / FP011 value-not-allowed / FP016 manifest-not-mapping", () => {
  test("fires at a misspelt enum value with a did-you-mean", () => {
    const f = edit("falpub.yaml", "per_image", "per_imag");
    expect(findings(f)).toEqual([hit("FP011", f, "falpub.yaml", "per_imag")]);
    expect(checkProject(f)[0]!.args).toMatchObject({ path: "billing.strategy", suggestion: "per_image" });
    expect(message(f, "FP011")).toContain("Did you mean `per_image`?");
  });

  test("fires at a value of the wrong type", () => {
    const f = edit("falpub.yaml", "0.02", "cheap");
    expect(findings(f)).toEqual([hit("FP004", f, "falpub.yaml", "cheap")]);
  });

  test("fires when the manifest is a list, not a mapping", () => {
    const f = edit("falpub.yaml", /[^]*/, "- version: 1\n");
    expect(findings(f)).toContain("FP016@falpub.yaml:1:1");
    expect(findings(f)).not.toContain("FP004@falpub.yaml:1:1");
  });

  test("does not fire on another allowed value", () => {
    expect(findings(edit("falpub.yaml", "unit_price_usd: 0.02", "unit_price_usd: 3"))).toEqual([]);
  });
});

describe("FP005 missing-key", () => {
  test("fires at the parent key when app.ref is missing", () => {
    const f = edit("falpub.yaml", "  ref: app.py::TextToImage\n", "");
    expect(findings(f)).toEqual([hit("FP005", f, "falpub.yaml", "app:")]);
  });

  test("fires at line 1 when version is missing", () => {
    const f = edit("falpub.yaml", "version: 1\n", "");
    expect(findings(f)).toEqual(["FP005@falpub.yaml:1:1"]);
  });
});

describe("FP006 empty-manifest", () => {
  test("fires on an empty file", () => {
    expect(findings(edit("falpub.yaml", /[^]*/, ""))).toEqual(["FP006@falpub.yaml:1:1"]);
  });

  test("fires on a file of comments only", () => {
    expect(findings(edit("falpub.yaml", /[^]*/, "# nothing yet\n\n"))).toEqual(["FP006@falpub.yaml:1:1"]);
  });

  test("does not fire when a comment precedes the content", () => {
    expect(findings(edit("falpub.yaml", /^/, "# yaml-language-server: $schema=x\n"))).toEqual([]);
  });
});

describe("FP007 unsupported-version", () => {
  test("fires at the version's value", () => {
    const f = edit("falpub.yaml", "version: 1", "version: 2");
    expect(findings(f)).toEqual([hit("FP007", f, "falpub.yaml", "2")]);
  });
});

describe("FP008 app-file-missing", () => {
  test("fires at app.ref when the file does not exist", () => {
    const f = edit("falpub.yaml", "app.py::", "ap.py::");
    expect(findings(f)).toEqual([hit("FP008", f, "falpub.yaml", "ap.py::")]);
  });

  test("says 'cannot be read' rather than 'does not exist' when the ref names a directory", () => {
    const f = { ...edit("falpub.yaml", "app.py::", "models::"), "/proj/models/weights.bin": "" };
    expect(findings(f)).toEqual([hit("FP008", f, "falpub.yaml", "models::")]);
    expect(formatMessage(checkProject(f)[0]!)).toMatch(/`models` cannot be read/);
  });

  test("fires at app.ref when an app-name ref has no pyproject table", () => {
    const f = edit("falpub.yaml", "app.py::TextToImage", "t2i");
    expect(findings(f)).toEqual([hit("FP015", f, "falpub.yaml", "t2i")]);
  });

  test("does not fire for a plain file ref or an app-name ref that resolves", () => {
    expect(findings(edit("falpub.yaml", "app.py::TextToImage", "app.py"))).toEqual([]);
    expect(findings(edit("falpub.yaml", "app.py::TextToImage", "text-to-image"))).toEqual([]);
  });
});

describe("FP009 app-class-not-found", () => {
  test("fires at app.ref when the named class is missing, listing what was found", () => {
    const f = edit("falpub.yaml", "::TextToImage", "::TextToImg");
    expect(findings(f)).toEqual([hit("FP009", f, "falpub.yaml", "app.py::")]);
    expect(message(f, "FP009")).toContain("TextToImage");
  });

  test("fires when the file has several fal.App classes and the ref names none", () => {
    const f = edits([
      ["falpub.yaml", "app.py::TextToImage", "app.py"],
      ["app.py", "class Input(BaseModel)", "class Other(fal.App)"],
    ]);
    expect(findings(f)).toEqual([hit("FP014", f, "falpub.yaml", "app.py")]);
    expect(checkProject(f)[0]!.args).toMatchObject({ found: ["Other", "TextToImage"] });
  });

  test("FP013: the ref names a file without ::Class and the file has no fal.App class", () => {
    const f = edits([
      ["falpub.yaml", "app.py::TextToImage", "app.py"],
      ["app.py", "(fal.App)", "(object)"],
    ]);
    expect(findings(f)).toEqual([hit("FP013", f, "falpub.yaml", "app.py")]);
  });

  test("fires when the file has no fal.App class", () => {
    const f = edit("app.py", "(fal.App)", "(object)");
    expect(findings(f)).toEqual([hit("FP009", f, "falpub.yaml", "app.py::")]);
  });

  test("fires at `file.py::` with nothing after it, which fal rejects (\"Function '' not found in module\")", () => {
    const f = edit("falpub.yaml", "ref: app.py::TextToImage", 'ref: "app.py::"');
    expect(findings(f)).toEqual([hit("FP009", f, "falpub.yaml", '"app.py::')]);
    expect(message(f, "FP009")).toMatch(/names no class after `::`/);
  });

  test("does not fire when the ref names a subclass of the file's App class (fal deploys it)", () => {
    const f = edits([
      ["falpub.yaml", "app.py::TextToImage", "app.py::Variant"],
      ["app.py", /$/, "\n\nclass Variant(TextToImage):\n    keep_alive = 10\n"],
    ]);
    expect(findings(f)).toEqual([]);
  });

  test("does not fire when a second App class exists but the ref names one", () => {
    expect(findings(edit("app.py", "class Input(BaseModel)", "class Other(fal.App)"))).toEqual([]);
  });
});

describe("FP001 from aliases (found by the property test: these threw)", () => {
  test("an alias used before its anchor is FP001 at the alias, not a crash", () => {
    const f = edit("falpub.yaml", "auth: shared", "auth: *mode");
    expect(findings(f)).toEqual([hit("FP001", f, "falpub.yaml", "*mode")]);
  });

  test("a manifest that is only an alias is FP001 at 1:1", () => {
    expect(findings(edit("falpub.yaml", /[^]*/, "*!"))).toEqual(["FP001@falpub.yaml:1:1"]);
  });

  test("an alias bomb is FP001, not a crash", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 6 }, (_, i) => `${"bcdefg"[i]}: &${"bcdefg"[i]} [*${"abcdef"[i]}, *${"abcdef"[i]}, *${"abcdef"[i]}, *${"abcdef"[i]}, *${"abcdef"[i]}, *${"abcdef"[i]}, *${"abcdef"[i]}, *${"abcdef"[i]}, *${"abcdef"[i]}]`)].join("\n");
    const list = findings(edit("falpub.yaml", /[^]*/, bomb + "\n"));
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((w) => w.startsWith("FP001@falpub.yaml:"))).toBe(true);
  });

  test("an alias after its anchor is fine", () => {
    expect(findings(edit("falpub.yaml", "  auth: shared", "  auth: &mode shared\n  team: *mode"))).toEqual([]);
  });
});

test("FP001 after a stream error is on the right line (yaml's LineCounter skipped a newline here)", () => {
  const f = edit("falpub.yaml", /[^]*/, "  name: text-to-image\napp:\n  ref: app.py::TextToImage\nversion: 1\n  auth: shared\n");
  expect(findings(f)).toContain(hit("FP001", f, "falpub.yaml", "shared"));
  for (const w of findings(f)) expect(Number(w.split(":")[1])).toBeLessThanOrEqual(6);
});
