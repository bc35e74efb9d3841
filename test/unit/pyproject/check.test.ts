import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CODES } from "../../../src/core/codes.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { checkPyproject } from "../../../src/pyproject/check.js";

/** Sorted "CODE line:column" strings: positions and codes, not sentences. */
function found(text: string): string[] {
  return checkPyproject(text, "pyproject.toml")
    .diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.column}`)
    .sort();
}

/** "line:column" (1-based) of the nth occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): string {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`fixture has no ${needle}`);
  }
  const before = text.slice(0, i).split("\n");
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** One app table with the given body lines (a valid ref unless the body says otherwise). */
const app = (body: string, header = "[tool.fal.apps.demo]") => `[project]\nname = "demo"\n\n${header}\n${body}\n`;

// Every key fal 1.83.0 accepts, with valid values; fal's own get_app_data_from_toml accepts
// this file without error (checked against the installed fal when this was written).
const VALID = `[project]
name = "text-to-image"
version = "0.1.0"
dependencies = ["fal>=1.83"]

[tool.fal]
some-top-level = "x"

[tool.fal.apps.text-to-image]
ref = "app.py::TextToImage"
auth = "shared"
deployment_strategy = "rolling"
team = "acme"
name = "text-to-image"
requirements = ["torch==2.5.0", "diffusers"]
requirements_context_dir = "."
python_version = "3.11"
min_concurrency = 0
max_concurrency = 4
max_multiplexing = 1
concurrency_buffer = 1
concurrency_buffer_perc = 20
scaling_delay = 30
request_timeout = 300
request_start_timeout = 60
startup_timeout = 900
keep_alive = 300
private_logs = true
machine_type = ["GPU-H100", "GPU-A100"]
num_gpus = 1
regions = ["us-east", "eu-west"]
app_files = ["src/", "weights.json"]
app_files_ignore = ["*.pyc"]
app_files_context_dir = "."
exposed_port = 8080
metrics_port = 9090
_scheduler = "nomad"
_scheduler_options = { priority = 1 }
skip_retry_conditions = ["timeout"]
termination_grace_period_seconds = 30
secrets = ["HF_TOKEN"]
data_mounts = ["/data"]
app_scale_settings = true

[tool.fal.apps.text-to-image.retry_config]
server_error = { retries = 3 }
connection_error = { retries = 0 }

[tool.fal.apps.text-to-image.health_check]
path = "/health"
method = "GET"
start_period_seconds = 30
timeout_seconds = 5
failure_threshold = 3
call_regularly = true

[tool.fal.apps.container]
image = { image = "ghcr.io/acme/server:1.2", entrypoint = ["python", "-m", "server"], cmd = "--port 8080", registries = { "ghcr.io" = { username = "u", password = "p" } } }
python_entry_point = "server.main:app"
exposed_port = 8080
health_check = { path = "/healthz" }
`;

describe("checkPyproject: valid files", () => {
  it("a realistic pyproject using every accepted key has no findings", () => {
    expect(found(VALID)).toEqual([]);
  });

  it("returns each app with its keys' values and positions", () => {
    const facts = checkPyproject(VALID, "pyproject.toml");
    expect(facts.apps.map((a) => a.tableName)).toEqual(["text-to-image", "container"]);
    const t2i = facts.apps[0]!;
    expect(t2i.pos).toEqual({ line: 9, column: 16 });
    expect(t2i.keys.auth).toEqual({ value: "shared", pos: { line: 11, column: 1 }, valuePos: { line: 11, column: 8 } });
    expect(t2i.keys.name?.value).toBe("text-to-image");
    expect(t2i.keys.regions?.value).toEqual(["us-east", "eu-west"]);
    // Sub-tables from separate [a.b.c] headers are merged into the app.
    expect(t2i.keys.health_check?.value).toMatchObject({ path: "/health", timeout_seconds: 5 });
    expect(t2i.keys.retry_config?.value).toEqual({ server_error: { retries: 3 }, connection_error: { retries: 0 } });
    expect(facts.apps[1]!.keys.ref).toBeUndefined();
  });

  it("no [tool.fal.apps] means no apps and no findings", () => {
    expect(checkPyproject('[project]\nname = "x"\n', "p").apps).toEqual([]);
    expect(checkPyproject("", "p")).toEqual({ apps: [], diagnostics: [] });
    expect(checkPyproject("[tool.fal]\nx = 1\n", "p").apps).toEqual([]);
  });

  it("finds apps written with dotted keys, inline tables and normalised top-level keys", () => {
    const dotted = '[tool.fal]\napps.a.ref = "a.py"\napps.b = { ref = "b.py", regions = ["mars"] }\n';
    const facts = checkPyproject(dotted, "p");
    expect(facts.apps.map((a) => a.tableName)).toEqual(["a", "b"]);
    expect(found(dotted)).toEqual([`FP812 ${at(dotted, '"mars"')}`]);
    // fal turns top-level `--apps`/`apps-` style keys into `apps`.
    expect(checkPyproject('[tool.fal."--apps".x]\nref = "x.py"\n', "p").apps.map((a) => a.tableName)).toEqual(["x"]);
  });

  it("carries the file name and fal's message", () => {
    const [d] = checkPyproject(app("ref = 1"), "sub/pyproject.toml").diagnostics;
    expect(d).toMatchObject({ at: { file: "sub/pyproject.toml" }, code: "FP803", severity: "error", args: { key: "ref", expected: "a string", app: "demo" } });
    expect(formatMessage(d!)).toBe("App demo ref must be a string in pyproject.toml");
  });
});

describe("FP801 TOML syntax", () => {
  it("fires with the parser's position and nothing else", () => {
    const text = app('ref = "a.py"\nbogus = = 1\nmin-concurrency = 1');
    expect(found(text)).toEqual(["FP801 6:9"]);
    expect(found('[tool.fal.apps.a]\nref = "a.py"\nref = "b.py"\n')).toEqual(["FP801 3:1"]);
    expect(found('x = "unterminated\n')[0]).toMatch(/^FP801 1:/);
  });

  it("accepts TOML 1.1 the way tomli 2.5 (used by fal) does", () => {
    expect(found('[tool.fal.apps.a]\nref = "a.py"\nhealth_check = { path = "/h",\n  method = "GET", }\n')).toEqual([]);
  });
});

describe("FP802 unexpected keys", () => {
  it("fires on unknown keys at the key, with did-you-mean", () => {
    const text = app('ref = "a.py"\nmachine_typ = "L"\nfoo_bar_baz = 1');
    expect(found(text)).toEqual([`FP802 ${at(text, "machine_typ")}`, `FP802 ${at(text, "foo_bar_baz")}`].sort());
    const [typo, unknown] = checkPyproject(text, "p").diagnostics;
    expect(typo!.args).toMatchObject({ reason: "unknown", suggestion: "machine_type" });
    expect(formatHint(typo!)).toContain("machine_type");
    expect(formatHint(unknown!)).toBeUndefined();
    expect(formatMessage(typo!)).toBe("Found unexpected keys in pyproject.toml: {'machine_typ': 'L'}");
  });

  it("fires on hyphenated app-level keys, which fal does not normalise", () => {
    const text = app('ref = "a.py"\nmin-concurrency = 1\nkeep-alive = 10');
    expect(found(text)).toEqual(["FP802 6:1", "FP802 7:1"]);
    expect(checkPyproject(text, "p").diagnostics.map(formatHint)).toEqual(["use min_concurrency", "use keep_alive"]);
  });

  it("fires on message and annotations, pointing to falpub deploy flags", () => {
    const text = app('ref = "a.py"\nmessage = "v2"\nannotations = { team = "x" }');
    expect(found(text)).toEqual(["FP802 6:1", "FP802 7:1"]);
    for (const d of checkPyproject(text, "p").diagnostics) expect(formatHint(d)).toContain("--message/--annotation");
  });

  it("fires on app_scale_settings left over next to no_scale", () => {
    const text = app('ref = "a.py"\nno_scale = true\napp_scale_settings = true');
    expect(found(text)).toEqual(["FP802 7:1", "FP805 6:1"]);
  });

  it("does not fire on any key fal 1.83 accepts, including request_start_timeout and _scheduler", () => {
    expect(found(app('ref = "a.py"\nrequest_start_timeout = 5\n_scheduler = "x"\nmachine_type = "L"\nnum_gpus = 1'))).toEqual([]);
  });
});

describe("FP803 wrong types", () => {
  it("fires at the value for each wrongly typed key", () => {
    const text = app(
      [
        'ref = "a.py"',
        'keep_alive = "300"',
        "private_logs = 1",
        'regions = "us-east"',
        "requirements = [1]",
        "python_version = 3.11",
        "exposed_port = 80.0",
        "min_concurrency = true",
        "machine_type = [1]",
        'secrets = "HF"',
        "health_check = 5",
        '_scheduler_options = "x"',
        "retry_config = []",
        'image = "python:3.11"',
      ].join("\n"),
    );
    const expected = [
      at(text, '"300"'), at(text, "1"), at(text, '"us-east"'), at(text, "[1]"), at(text, "3.11"),
      at(text, "80.0"), at(text, "true"), at(text, "[1]", 1), at(text, '"HF"'), at(text, "5"),
      at(text, '"x"'), at(text, "[]"), at(text, '"python:3.11"'),
    ].map((p) => `FP803 ${p}`);
    expect(found(text)).toEqual(expected.sort());
  });

  it("uses fal's words", () => {
    const msgs = (body: string) => checkPyproject(app(body), "p").diagnostics.map(formatMessage);
    expect(msgs('ref = "a.py"\nkeep_alive = 1.5')).toEqual(["keep_alive must be an integer."]);
    expect(msgs('ref = "a.py"\nregions = [1]')).toEqual(["regions must be a list of strings."]);
    expect(msgs("ref = []")).toEqual(["App demo ref must be a string in pyproject.toml"]);
    expect(msgs("python_entry_point = 1")).toEqual(["App demo python_entry_point must be a string in pyproject.toml"]);
    expect(msgs('ref = "a.py"\nhealth_check = { path = 1 }')).toEqual([
      "App demo health_check.path must be a string in pyproject.toml",
    ]);
  });

  it("fires on wrong types inside health_check, retry_config and image", () => {
    const text = app(
      'ref = "a.py"\nhealth_check = { path = "/h", timeout_seconds = "5", call_regularly = "yes" }\n' +
        "retry_config = { timeout = { retries = 1.5 }, server_error = 3 }",
    );
    expect(found(text)).toEqual(
      [at(text, '"5"'), at(text, '"yes"'), at(text, "1.5"), at(text, "3 }")].map((p) => `FP803 ${p}`).sort(),
    );
    const img = app('image = { image = "x", entrypoint = 1, registries = { r = 1 } }');
    expect(found(img)).toEqual([`FP803 ${at(img, "1,")}`, `FP803 ${at(img, "1 }")}`].sort());
  });

  it("does not fire on the right types (list of lists for requirements, string machine_type)", () => {
    expect(found(app('ref = "a.py"\nrequirements = [["torch"], ["numpy"]]\nmachine_type = "XL"\nkeep_alive = 0'))).toEqual([]);
  });

  it("fires when an app is not a table", () => {
    expect(found('[tool.fal]\napps = { a = 1 }\n')).toEqual([`FP803 2:14`]);
    expect(found('[tool.fal]\napps = ["a"]\n')).toEqual([`FP803 2:8`]);
  });
});

describe("FP806–FP823: each invalid value has its own code (FP804 until 0.1)", () => {
  it("fires on each invalid region at its element", () => {
    const text = app('ref = "a.py"\nregions = ["us-east", "us-wset", "asia"]');
    expect(found(text)).toEqual([`FP812 ${at(text, '"us-wset"')}`, `FP812 ${at(text, '"asia"')}`]);
    const d = checkPyproject(text, "p").diagnostics[0]!;
    expect(d.args).toEqual({ region: "us-wset", suggestion: "us-west" });
    expect(formatMessage(d)).toBe("Invalid regions: us-wset. Valid regions are: eu-north, eu-west, us-central, us-east, us-west");
    expect(formatHint(d)).toContain("us-west");
  });

  it("fires on ports out of range, not on the bounds", () => {
    const text = app('ref = "a.py"\nexposed_port = 65536\nmetrics_port = -1');
    expect(found(text)).toEqual(["FP811 6:16", "FP811 7:16"]);
    expect(found(app('ref = "a.py"\nexposed_port = 65535\nmetrics_port = 0'))).toEqual([]);
  });

  it("fires on auth and deployment_strategy outside their sets (strategy is case-insensitive in fal)", () => {
    const text = app('ref = "a.py"\nauth = "Shared"\ndeployment_strategy = "blue-green"');
    expect(found(text)).toEqual(["FP809 6:8", "FP810 7:23"]);
    expect(found(app('ref = "a.py"\nauth = "private"\ndeployment_strategy = "Recreate"'))).toEqual([]);
  });

  it("fires on ref together with python_entry_point, at ref", () => {
    const text = app('python_entry_point = "m:f"\nref = "a.py"');
    expect(found(text)).toEqual(["FP807 6:1"]);
  });

  it("fires when there is neither ref nor image nor python_entry_point, at the table name", () => {
    expect(found(app("keep_alive = 10"))).toEqual(["FP806 4:16"]);
    expect(found(app('image = { dockerfile = "Dockerfile" }'))).toEqual([]);
    expect(found(app('python_entry_point = "pkg.mod:app"'))).toEqual([]);
  });

  it("fires on python_entry_point not in module:symbol form", () => {
    for (const bad of ["pkg.mod", ":app", "pkg:"]) {
      expect(found(app(`python_entry_point = "${bad}"`))).toEqual(["FP808 5:22"]);
    }
  });

  it("fires on app_files_context_dir without app_files, and app_files with image", () => {
    expect(found(app('ref = "a.py"\napp_files_context_dir = "src"'))).toEqual(["FP813 6:1"]);
    expect(found(app('ref = "a.py"\napp_files = ["x"]\napp_files_context_dir = "src"'))).toEqual([]);
    expect(found(app('image = { image = "x" }\napp_files = ["a"]'))).toEqual(["FP814 6:1"]);
    expect(found(app('image = { image = "x" }\napp_files = []'))).toEqual([]);
  });

  it("checks the health_check table: path required, unknown keys", () => {
    const text = app('ref = "a.py"\nhealth_check = { timeout_seconds = 5, methd = "GET" }');
    expect(found(text)).toEqual([`FP818 ${at(text, "health_check")}`, `FP819 ${at(text, "methd")}`]);
    const hints = checkPyproject(text, "p").diagnostics.map(formatHint);
    expect(hints).toContain("did you mean `method`?");
  });

  it("checks retry_config and skip_retry_conditions values", () => {
    const text = app(
      'ref = "a.py"\nskip_retry_conditions = ["timeout", "timout"]\n' +
        "retry_config = { server = { retries = 1 }, timeout = { retry = 1 } }",
    );
    expect(found(text)).toEqual(
      [`FP816 ${at(text, '"timout"')}`, `FP816 ${at(text, "server")}`, `FP817 ${at(text, "{ retry")}`, `FP817 ${at(text, "retry =")}`].sort(),
    );
    expect(found(app('ref = "a.py"\nretry_config = {}'))).toEqual(["FP817 6:16"]);
  });

  it("tells an empty _scheduler (FP815) from a non-string one (FP803)", () => {
    expect(found(app('ref = "a.py"\n_scheduler = ""'))).toEqual(["FP815 6:14"]);
    expect(found(app('ref = "a.py"\n_scheduler = 1'))).toEqual(["FP803 6:14"]);
  });

  it("checks the image table", () => {
    expect(found(app("image = { }"))).toEqual(["FP820 5:1"]);
    expect(found(app('image = { dockerfile = "D", image = "x" }'))).toEqual(["FP820 5:29"]);
    expect(found(app('image = { image = "x", build_args = { A = "1" } }'))).toEqual(["FP821 5:24"]);
    expect(found(app('image = { dockerfile = "D", build_args = { A = "1" }, tag = 1 }'))).toEqual(["FP823 5:55"]);
    expect(found(app('image = { image = "x", registries = { r = { username = "u" } } }'))).toEqual(["FP822 5:39"]);
    expect(found(app('image = { image = "  " }'))).toEqual(["FP820 5:19"]);
    expect(checkPyproject(app("image = { }"), "p").diagnostics.map((d) => d.args.problem)).toEqual(["neither"]);
    expect(checkPyproject(app('image = { image = "  " }'), "p").diagnostics.map((d) => d.args.problem)).toEqual(["empty"]);
  });
});

describe("FP805 deprecated keys", () => {
  it("fires on no_scale at the key", () => {
    const text = app('ref = "a.py"\nno_scale = true');
    expect(found(text)).toEqual(["FP805 6:1"]);
    expect(checkPyproject(text, "p").diagnostics[0]!.severity).toBe("warning");
  });

  it("does not fire on app_scale_settings alone", () => {
    expect(found(app('ref = "a.py"\napp_scale_settings = false'))).toEqual([]);
  });
});

describe("many problems at once", () => {
  it("reports every problem in one pass, sorted by position", () => {
    const text = app('ref = 1\nkeep_alive = "x"\nregions = ["nowhere"]\nno_scale = 1\nmin-concurrency = 2');
    const facts = checkPyproject(text, "p");
    // Not sorted here: the checker itself returns them by line, column, then code.
    expect(facts.diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.column}`)).toEqual([
      "FP803 5:7", "FP803 6:14", "FP812 7:12", "FP805 8:1", "FP803 8:12", "FP802 9:1",
    ]);
  });
});

describe("property: never throws, positions are 1-based", () => {
  const lines = VALID.split("\n");
  const snippets = ["=", "[", "]", "{", "}", '"', "'", ",", ".", "\n", "-", "#", "[[", "]]", "1", "true", "x", "apps", " "];

  // Mutations of the valid file: delete, insert TOML-ish text, duplicate or drop lines.
  const mutated = fc
    .tuple(
      fc.array(
        fc.oneof(
          fc.record({ op: fc.constant("del" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
          fc.record({ op: fc.constant("ins" as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 6 })) }),
          fc.record({ op: fc.constant("dup" as const), at: fc.nat() }),
          fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
        ),
        { minLength: 1, maxLength: 6 },
      ),
    )
    .map(([ops]) => {
      let text = VALID;
      for (const o of ops) {
        if (o.op === "del") {
          const i = o.at % text.length;
          text = text.slice(0, i) + text.slice(i + o.len);
        } else if (o.op === "ins") {
          const i = o.at % (text.length + 1);
          text = text.slice(0, i) + o.s + text.slice(i);
        } else {
          const ls = text.split("\n");
          const i = o.at % ls.length;
          if (o.op === "dup") ls.splice(i, 0, ls[i]!);
          else ls.splice(i, 1);
          text = ls.join("\n");
        }
      }
      return text;
    });

  // Random app tables: random keys (known or not) with random TOML values.
  const key = fc.oneof(fc.constantFrom("ref", "regions", "health_check", "image", "retry_config", "no_scale", "exposed_port", "app_files", "min-concurrency", "python_entry_point"), fc.stringMatching(/^[a-z_-]{1,12}$/));
  const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
      fc.boolean().map(String),
      fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
      fc.array(tie("v") as fc.Arbitrary<string>, { maxLength: 3 }).map((a) => `[${a.join(", ")}]`),
      fc.dictionary(fc.constantFrom("path", "image", "retries", "dockerfile", "x", "timeout"), tie("v") as fc.Arbitrary<string>, { maxKeys: 3 })
        .map((d) => `{ ${Object.entries(d).map(([k, v]) => `${k} = ${v}`).join(", ")} }`),
    ),
  })).v;
  const generated = fc
    .dictionary(key, value, { maxKeys: 8 })
    .map((d) => `[tool.fal.apps.gen]\n${Object.entries(d).map(([k, v]) => `${k} = ${v}`).join("\n")}\n`);

  it("holds for 2,000+ mutated and generated files", () => {
    fc.assert(
      fc.property(fc.oneof(mutated, generated, fc.string({ maxLength: 60 })), (text) => {
        const { diagnostics, apps } = checkPyproject(text, "pyproject.toml");
        const lineCount = text.split(/\r\n|\n/).length;
        for (const d of diagnostics) {
          expect(d.at.line).toBeGreaterThanOrEqual(1);
          expect(d.at.column).toBeGreaterThanOrEqual(1);
          expect(d.at.line).toBeLessThanOrEqual(lineCount);
          expect(CODES[d.code].rule).toMatch(/^(toml|pyproject)-/);
        }
        if (diagnostics.some((d) => d.code === "FP801")) {
          expect(diagnostics).toHaveLength(1);
          expect(apps).toEqual([]);
        }
      }),
      { numRuns: 2500 },
    );
  });
});
