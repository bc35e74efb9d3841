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

describe("FP806–FP823: one code per check (all FP804 before 0.2)", () => {
  const table = (line: string) => edit("pyproject.toml", 'auth = "shared"', `auth = "shared"\n${line}`);
  const noRef = (line: string) => edit("pyproject.toml", 'ref = "app.py::TextToImage"', line);

  test("FP812 fires at the invalid region inside the list; a valid region is fine", () => {
    const f = table('regions = ["mars"]');
    expect(findings(f)).toEqual([hit("FP812", f, "pyproject.toml", '"mars"')]);
    expect(findings(table('regions = ["us-east"]'))).toEqual([]);
  });

  test("FP806 no ref, FP807 ref with python_entry_point, FP808 entry point format", () => {
    const none = noRef("keep_alive = 10");
    expect(findings(none)).toContain(hit("FP806", none, "pyproject.toml", "text-to-image]"));
    const both = table('python_entry_point = "m:f"');
    expect(findings(both)).toEqual([hit("FP807", both, "pyproject.toml", 'ref = "app')]);
    const format = noRef('python_entry_point = "pkg"');
    expect(findings(format)).toContain(hit("FP808", format, "pyproject.toml", '"pkg"'));
  });

  test("FP809 auth, FP810 deployment_strategy, FP811 port, FP815 empty _scheduler", () => {
    const auth = edit("pyproject.toml", 'auth = "shared"', 'auth = "Shared"');
    expect(findings(auth)).toContain(hit("FP809", auth, "pyproject.toml", '"Shared"'));
    const strategy = table('deployment_strategy = "blue"');
    expect(findings(strategy)).toEqual([hit("FP810", strategy, "pyproject.toml", '"blue"')]);
    const port = table("exposed_port = 70000");
    expect(findings(port)).toEqual([hit("FP811", port, "pyproject.toml", "70000")]);
    const scheduler = table('_scheduler = ""');
    expect(findings(scheduler)).toEqual([hit("FP815", scheduler, "pyproject.toml", '""')]);
  });

  test("FP813 context dir without files, FP814 app_files on a container app", () => {
    const dir = table('app_files_context_dir = "src"');
    expect(findings(dir)).toEqual([hit("FP813", dir, "pyproject.toml", "app_files_context_dir")]);
    const container = table('image = { image = "x" }\napp_files = ["a"]');
    expect(findings(container)).toEqual([hit("FP814", container, "pyproject.toml", "app_files =")]);
  });

  test("FP816 retry condition, FP817 retry_config shape", () => {
    const cond = table('skip_retry_conditions = ["timout"]');
    expect(findings(cond)).toEqual([hit("FP816", cond, "pyproject.toml", '"timout"')]);
    const shape = table("retry_config = {}");
    expect(findings(shape)).toEqual([hit("FP817", shape, "pyproject.toml", "{}")]);
  });

  test("FP818 health_check without path, FP819 unexpected key in it", () => {
    const path = table("health_check = { timeout_seconds = 5 }");
    expect(findings(path)).toEqual([hit("FP818", path, "pyproject.toml", "health_check")]);
    const key = table('health_check = { path = "/h", methd = "GET" }');
    expect(findings(key)).toEqual([hit("FP819", key, "pyproject.toml", "methd")]);
  });

  test("FP820 image source, FP821 dockerfile-only keys, FP822 registry credentials, FP823 unexpected image key", () => {
    const source = table("image = { }");
    expect(findings(source)).toEqual([hit("FP820", source, "pyproject.toml", "image =")]);
    const buildArgs = table('image = { image = "x", build_args = { A = "1" } }');
    expect(findings(buildArgs)).toEqual([hit("FP821", buildArgs, "pyproject.toml", "build_args")]);
    const registry = table('image = { image = "x", registries = { r = { username = "u" } } }');
    expect(findings(registry)).toEqual([hit("FP822", registry, "pyproject.toml", "r = {")]);
    const key = table('image = { image = "x", tag = 1 }');
    expect(findings(key)).toEqual([hit("FP823", key, "pyproject.toml", "tag")]);
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
