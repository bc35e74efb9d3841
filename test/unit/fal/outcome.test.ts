import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { falImportError, findDeployJson, lastErrorMessage, parseDeployOutcome, stripAnsi, type RawRun } from "../../../src/fal/outcome.js";
import { FIXTURES } from "../../support/fal-env.js";

const run = (r: Partial<RawRun>): RawRun => ({
  exitCode: 0, stdout: "", stderr: "", timedOut: false, interrupted: false, timeoutMs: 1000, ...r,
});

function fixture(name: string): RawRun {
  const dir = path.join(FIXTURES, name);
  const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
  return run({ exitCode: Number(read("exit_code").trim()), stdout: read("stdout"), stderr: read("stderr") });
}

// Every recorded real-CLI case and the outcome it must map to.
const EXPECTED: Record<string, string> = {
  "no-credentials": "not-authenticated",
  "no-credentials-json": "not-authenticated",
  "bad-key-format": "not-authenticated",
  unreachable: "unreachable",
  "unreachable-json": "unreachable",
  "unreachable-rest": "unreachable",
  "syntax-error": "invalid-app",
  "no-app-class": "invalid-app",
  "missing-file": "invalid-app",
  "import-error": "invalid-app",
  "class-not-found": "invalid-app",
  "bad-auth": "failed",
  "attach-detach": "failed",
  "argcomplete-leak": "failed",
  // Recorded against the local control plane (test/control-plane/record.sh).
  "refused-key": "not-authenticated",
  "refused-key-json": "not-authenticated",
  "build-failed": "failed",
  "build-failed-json": "failed",
  "deployed-json": "deployed",
  // Pretty output has no revision: without fal's JSON line falpub cannot confirm success,
  // which is why it always passes --json.
  deployed: "failed",
};

describe("parseDeployOutcome on recorded fal 1.83.0 runs", () => {
  // Recorded `fal deploy` runs only: `fal apps list` (apps-list-*) is test/unit/fal/apps.test.ts's.
  const cases = readdirSync(FIXTURES).filter((d) => existsSync(path.join(FIXTURES, d, "exit_code")) && !d.startsWith("apps-list"));

  it("every recorded case has an expectation (and vice versa)", () => {
    expect(cases.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED).filter(([n]) => !n.startsWith("deployed")))("%s → %s", (name, kind) => {
    const o = parseDeployOutcome(fixture(name));
    expect(o.kind).toBe(kind);
    expect(o.exitCode).not.toBe(0);
    if ("tail" in o) {
      // argcomplete-leak: fal exits 1 and prints nothing at all.
      if (name !== "argcomplete-leak") expect(o.tail.length).toBeGreaterThan(0);
      expect(o.tail.length).toBeLessThanOrEqual(20);
    }
  });

  it("argparse failures keep the usage error in the tail", () => {
    const o = parseDeployOutcome(fixture("bad-auth"));
    expect(o).toMatchObject({ kind: "failed", exitCode: 2 });
    expect(o.kind !== "deployed" && o.tail.at(-1)).toBe("fal deploy: error: argument --auth: everyone is not a auth option");
  });

  it("the tail ends with fal's error line", () => {
    const o = parseDeployOutcome(fixture("unreachable"));
    expect(o.kind !== "deployed" && o.tail.at(-1)).toMatch(/^✘ Could not reach fal host\./);
  });

  it("recorded deployed-json → deployed, with fal's revision and status", () => {
    expect(parseDeployOutcome(fixture("deployed-json"))).toEqual({
      kind: "deployed", appName: "my-app", revision: "00000000-0000-4000-8000-00000000c0de", status: "deployed", exitCode: 0,
    });
  });

  it("recorded pretty deployed (exit 0, no JSON) is not guessed to be a success", () => {
    const o = parseDeployOutcome(fixture("deployed"));
    expect(o).toMatchObject({ kind: "failed", exitCode: 0 });
    expect(o.kind === "failed" && o.tail.join("\n")).not.toContain("\u001b");
  });

  it("build logs coloured by structlog are stripped in the tail", () => {
    const o = parseDeployOutcome(fixture("build-failed-json"));
    expect(o.kind === "failed" && o.tail.at(-1)).toBe("✘ An internal failure occurred while building the environment.");
    expect(o.kind === "failed" && o.tail.join("\n")).not.toContain("\u001b");
  });
});

describe("parseDeployOutcome: success needs exit 0 AND fal's JSON line", () => {
  // The line fal 1.83.0 prints: json.dumps({"revision", "app_name", "status"}) (cli/deploy.py).
  const logs = "Deploying 'MyApp' as app 'my-app'\n\nBuilding environment...\n✓ Build complete\n";
  const json = '{"revision": "0f1e2d3c-aaaa-bbbb-cccc-000000000001", "app_name": "my-app", "status": "deployed"}';

  it("parses the last JSON line after the logs", () => {
    expect(parseDeployOutcome(run({ stdout: `${logs}${json}\n` }))).toEqual({
      kind: "deployed", appName: "my-app", revision: "0f1e2d3c-aaaa-bbbb-cccc-000000000001", status: "deployed", exitCode: 0,
    });
  });
  it("keeps rolling_out and tolerates a missing status (fal < 1.80)", () => {
    const o1 = parseDeployOutcome(run({ stdout: '{"revision": "r1", "app_name": "a", "status": "rolling_out"}\n' }));
    expect(o1).toMatchObject({ kind: "deployed", status: "rolling_out" });
    const o2 = parseDeployOutcome(run({ stdout: '{"revision": "r1", "app_name": "a"}' }));
    expect(o2).toMatchObject({ kind: "deployed", revision: "r1" });
    expect(o2).not.toHaveProperty("status");
  });
  it("strips ANSI colour around the JSON", () => {
    expect(parseDeployOutcome(run({ stdout: `\u001b[1m${json}\u001b[0m\n` })).kind).toBe("deployed");
  });
  it("takes the LAST matching line", () => {
    const o = parseDeployOutcome(run({ stdout: '{"revision": "old", "app_name": "a"}\n{"revision": "new", "app_name": "a"}\n' }));
    expect(o).toMatchObject({ revision: "new" });
  });
  it("never guesses: exit 0 without the JSON is failed", () => {
    for (const stdout of ["✓ Deployed successfully\n", '{"app_name": "a"}\n', '{"revision": 5, "app_name": "a"}\n', "[1,2]\n", '{"revision": "", "app_name": "a"}']) {
      expect(parseDeployOutcome(run({ stdout })).kind).toBe("failed");
    }
  });
  it("a JSON line with a non-zero exit is not success", () => {
    expect(parseDeployOutcome(run({ exitCode: 1, stdout: `${json}\n` })).kind).toBe("failed");
  });
});

describe("parseDeployOutcome: timeouts, interrupts, unknowns", () => {
  it("interrupted wins over everything", () => {
    expect(parseDeployOutcome(run({ interrupted: true, exitCode: 1, stdout: "✘ Aborted.\n" }))).toEqual({
      kind: "interrupted", exitCode: 1, tail: ["✘ Aborted."],
    });
  });
  it("timeout carries the limit", () => {
    expect(parseDeployOutcome(run({ timedOut: true, exitCode: null, timeoutMs: 5000, stdout: "Building...\n" }))).toEqual({
      kind: "timeout", exitCode: null, tail: ["Building..."], timeoutMs: 5000,
    });
  });
  it("an unknown error is failed with the last 20 lines, ANSI stripped, stderr before stdout", () => {
    const stdout = Array.from({ length: 30 }, (_, i) => `\u001b[2mline ${i}\u001b[0m`).join("\n") + "\n✘ Something new went wrong\n";
    const o = parseDeployOutcome(run({ exitCode: 1, stdout, stderr: "remote log\n" }));
    expect(o.kind).toBe("failed");
    if (o.kind !== "failed") throw new Error();
    expect(o.tail).toHaveLength(20);
    expect(o.tail.at(-1)).toBe("✘ Something new went wrong");
    expect(o.tail.join("\n")).not.toContain("\u001b");
  });
  it("patterns only match fal's ✘ message, not app logs", () => {
    const stdout = "user log: You must be authenticated. (from my own API)\n✘ division by zero\n";
    expect(parseDeployOutcome(run({ exitCode: 1, stdout })).kind).toBe("failed");
  });
  it("recognises the ASCII icon and multi-line messages", () => {
    expect(parseDeployOutcome(run({ exitCode: 1, stdout: "x You must be authenticated. Use fal auth login\n" })).kind).toBe("not-authenticated");
    expect(lastErrorMessage("✘ first\n  second\nnot part\n")).toBe("first\nsecond");
  });
  it("maps the other invalid-app messages from fal's source", () => {
    for (const msg of [
      "Multiple fal.Apps found in the module: ['A', 'B']. Please specify the name of the app.",
      "Function 'f' is not a fal.App or a fal.function",
      "Unrecognised option 'keepalive'. Did you mean 'keep_alive'?",
      "Local Python 3.12.1 differs from the app's python_version=3.11. Run from a Python 3.11 interpreter, or set python_version='3.12.1' on the app.",
      "App my-app not found in pyproject.toml",
      "No pyproject.toml file found.",
      "expected ':' (app.py, line 3)",
      "cannot import name 'x' from 'y' (/p/y.py)",
    ]) {
      expect(parseDeployOutcome(run({ exitCode: 1, stdout: `✘ ${msg}\n` })).kind, msg).toBe("invalid-app");
    }
  });
  it("redacts secrets from the tail", () => {
    const o = parseDeployOutcome(run({ exitCode: 1, stdout: "✘ bad key kid:verysecretvalue\n", secrets: ["kid:verysecretvalue"] }));
    expect(JSON.stringify(o)).not.toContain("verysecretvalue");
  });
  it("killed by a signal (exit null) without timeout/interrupt is failed", () => {
    expect(parseDeployOutcome(run({ exitCode: null, stdout: "✘ You must be authenticated.\n" })).kind).toBe("failed");
  });
});

describe("helpers", () => {
  it("stripAnsi removes CSI and OSC sequences", () => {
    expect(stripAnsi("\u001b[1;31mred\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007")).toBe("red link");
  });
  it("findDeployJson ignores non-objects and broken JSON", () => {
    expect(findDeployJson('{"revision": "r", "app_name": "a"\n')).toBeUndefined();
    expect(findDeployJson('{"revision": "r", "app_name": "a"}\n{oops\n')).toEqual({ revision: "r", app_name: "a" });
  });
});

describe("refused key with --team (REST /users/current answers 401)", () => {
  it("is not-authenticated", () => {
    const out = parseDeployOutcome({
      exitCode: 1,
      stdout: "Deploying 'MyApp' as app 'my-app'\n✘ Failed to fetch user info: HTTP Error 401: Unauthorized\n",
      stderr: "",
      timedOut: false,
      interrupted: false,
      timeoutMs: 1000,
    });
    expect(out.kind).toBe("not-authenticated");
  });
});

describe("parseDeployOutcome: fal's messages are matched whole, not inside other text", () => {
  // One message per pattern, as fal words it; the kind it maps to.
  const MESSAGES: Array<[message: string, kind: string, anchored: "start" | "end" | "both" | "none"]> = [
    // exceptions/auth.py words it in several sentences: matched anywhere in the message.
    ["You must be authenticated.", "not-authenticated", "none"],
    ["No user found for Key ID and Secret", "not-authenticated", "start"],
    ["Failed to fetch user info: HTTP Error 403: Forbidden", "not-authenticated", "start"],
    ["Could not reach fal host. Check your network", "unreachable", "start"],
    ["<urlopen error [Errno 111] Connection refused>", "unreachable", "start"],
    ["[Errno 2] No such file or directory: 'app.py'", "invalid-app", "both"],
    ["invalid syntax (app.py, line 12)", "invalid-app", "end"],
    ["No fal.App or fal.function found in the module.", "invalid-app", "start"],
    ["Function 'Foo' not found in module", "invalid-app", "both"],
    ["Function 'f' is not a fal.App or a fal.function", "invalid-app", "both"],
    ["Multiple fal.functions found in the module", "invalid-app", "start"],
    ["No module named 'torch'", "invalid-app", "start"],
    ["cannot import name 'x' from 'y'", "invalid-app", "start"],
    ["Multiple python files found in the current directory", "invalid-app", "start"],
    ["App ref must resolve to a file path.", "invalid-app", "start"],
    ["Unrecognised option 'keepalive'.", "invalid-app", "start"],
    ["Unsupported option 'foo' for environment kind 'container'", "invalid-app", "start"],
    ["Local Python 3.12.1 differs from the app's python_version=3.11.", "invalid-app", "start"],
    ["No pyproject.toml file found.", "invalid-app", "start"],
    ["App my-app not found in pyproject.toml", "invalid-app", "both"],
    ["Found unexpected keys in pyproject.toml: ['x']", "invalid-app", "start"],
  ];
  const kind = (message: string) => parseDeployOutcome(run({ exitCode: 1, stdout: `✘ ${message}\n` })).kind;

  it.each(MESSAGES)("%s → %s", (message, expected, anchored) => {
    expect(kind(message)).toBe(expected);
    // The same words inside another message are not fal's message.
    if (anchored === "start" || anchored === "both") expect(kind(`Error in my app: ${message}`)).toBe("failed");
    if (anchored === "end" || anchored === "both") expect(kind(`${message} (quoted by my app)`)).toBe("failed");
  });

  it("one-character class and option names still match", () => {
    expect(kind("Function 'ab' is not a fal.App or a fal.function")).toBe("invalid-app");
    expect(kind("Unsupported option 'ab' for environment kind 'x'")).toBe("invalid-app");
    expect(kind("invalid syntax (app.py, line 123)")).toBe("invalid-app");
  });
});

describe("parseDeployOutcome: lines and the tail", () => {
  it("a lone \\r ends a line too, and a last line without a newline is kept", () => {
    const o = parseDeployOutcome(run({ exitCode: 1, stdout: "Building\r✘ You must be authenticated." }));
    expect(o).toMatchObject({ kind: "not-authenticated", tail: ["Building", "✘ You must be authenticated."] });
  });

  it("keeps an empty line inside the output, drops only the final newline", () => {
    const o = parseDeployOutcome(run({ exitCode: 1, stdout: "a\n\nb\n" }));
    expect(o.kind !== "deployed" && o.tail).toEqual(["a", "", "b"]);
  });

  it("an error message continues over every indented line after it", () => {
    expect(lastErrorMessage("✘ first\n  second\n  third\nafter\n")).toBe("first\nsecond\nthird");
    expect(lastErrorMessage("no error here\n")).toBeUndefined();
    expect(lastErrorMessage("✘ older\n✘ newer\n")).toBe("newer");
  });

  it("the ✘ must start the line", () => {
    expect(lastErrorMessage("  ✘ indented\n")).toBeUndefined();
  });
});

describe("findDeployJson: fal's result line", () => {
  it("may be indented, and a status that is not a string is left out", () => {
    expect(findDeployJson('  {"revision": "r", "app_name": "a"}  \n')).toEqual({ revision: "r", app_name: "a" });
    expect(findDeployJson('{"revision": "r", "app_name": "a", "status": 5}\n')).toEqual({ revision: "r", app_name: "a" });
  });

  it("needs both a non-empty revision and app_name", () => {
    for (const line of ['{"revision": "r"}', '{"app_name": "a"}', '{"revision": "r", "app_name": ""}', '{"revision": "r", "app_name": 1}', "null", "[]", '"text"']) {
      expect(findDeployJson(`${line}\n`), line).toBeUndefined();
    }
  });
});

describe("stripAnsi: the sequences rich and structlog emit", () => {
  it("removes a CSI sequence with intermediate bytes (cursor style `ESC [ 2 SP q`)", () => {
    expect(stripAnsi("a\u001b[2 qb")).toBe("ab");
  });
  it("removes an OSC sequence ended by ST (ESC \\) as well as by BEL", () => {
    expect(stripAnsi("\u001b]0;fal deploy\u001b\\Building")).toBe("Building");
    expect(stripAnsi("\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\ done")).toBe("link done");
  });
  it("leaves text without escapes alone", () => {
    expect(stripAnsi("plain [1m text ]0;")).toBe("plain [1m text ]0;");
  });
});

describe("falImportError: fal cannot import itself (a broken install)", () => {
  // What Python prints when the `fal` launcher's first import fails.
  const trace = (first = "from fal.cli import main", last = "ModuleNotFoundError: No module named 'isolate'") =>
    `Traceback (most recent call last):\n  File "/v/bin/fal", line 5, in <module>\n    ${first}\n  File "/v/lib/fal/cli/__init__.py", line 1, in <module>\n    import isolate\n${last}\n`;

  it("is the traceback's last line when the first frame is the launcher's `from fal.cli import main`", () => {
    expect(falImportError(trace())).toBe("ModuleNotFoundError: No module named 'isolate'");
    expect(falImportError(trace("from fal.cli.main import main"))).toBe("ModuleNotFoundError: No module named 'isolate'");
    expect(falImportError(trace(undefined, "ImportError: cannot import name 'x' from 'isolate'"))).toBe("ImportError: cannot import name 'x' from 'isolate'");
  });

  it("reads a traceback after other output, and one Python coloured", () => {
    expect(falImportError(`some warning\n${trace()}`)).toBe("ModuleNotFoundError: No module named 'isolate'");
    const coloured = trace().replace("ModuleNotFoundError", "\u001b[1;35mModuleNotFoundError\u001b[0m");
    expect(falImportError(coloured)).toBe("ModuleNotFoundError: No module named 'isolate'");
  });

  it("ignores what follows the exception line: a shutdown warning, an indented note", () => {
    expect(falImportError(`${trace()}  note: reinstall\nException ignored in atexit callback: <function _exit>\n`)).toBe("ModuleNotFoundError: No module named 'isolate'");
    expect(falImportError(`${trace()}sys:1: ResourceWarning: unclosed file\n`)).toBe("ModuleNotFoundError: No module named 'isolate'");
  });

  it("is nothing for another first frame, another error, or no traceback at all", () => {
    expect(falImportError(trace("import torch"))).toBeUndefined();
    expect(falImportError(trace("from fal.cli import main_helper"))).toBeUndefined();
    expect(falImportError(trace("from fal.cli.app import main"))).toBeUndefined();
    expect(falImportError(trace(undefined, "RuntimeError: boom"))).toBeUndefined();
    expect(falImportError(trace(undefined, "Error: ModuleNotFoundError: No module named 'x'"))).toBeUndefined();
    expect(falImportError("")).toBeUndefined();
    // The frame line and the error without the "Traceback" header are not a traceback.
    expect(falImportError("x\n    from fal.cli import main\nModuleNotFoundError: No module named 'isolate'\n")).toBeUndefined();
  });

  it("the import must be the first frame's line, two lines below the header", () => {
    const shifted = "Traceback (most recent call last):\n    from fal.cli import main\n  File \"/v/bin/fal\", line 5, in <module>\nModuleNotFoundError: No module named 'isolate'\n";
    expect(falImportError(shifted)).toBeUndefined();
  });

  it("takes the error line, not an indented line printed after it", () => {
    expect(falImportError(trace(undefined, "ImportError: cannot import name 'x'\n    (most likely due to a circular import)"))).toBe("ImportError: cannot import name 'x'");
  });

  it("looks at the last traceback only", () => {
    expect(falImportError(`${trace()}${trace("import torch")}`)).toBeUndefined();
    expect(falImportError(`${trace("import torch")}${trace()}`)).toBe("ModuleNotFoundError: No module named 'isolate'");
  });

  it("parseDeployOutcome: a failed run with no ✘ line and this traceback is fal-broken, with the error and the tail", () => {
    const stderr = trace();
    expect(parseDeployOutcome(run({ exitCode: 1, stderr }))).toEqual({
      kind: "fal-broken",
      exitCode: 1,
      tail: stderr.trimEnd().split("\n"),
      error: "ModuleNotFoundError: No module named 'isolate'",
    });
  });

  it("parseDeployOutcome: fal's own ✘ line wins, and a run killed by a signal is only failed", () => {
    expect(parseDeployOutcome(run({ exitCode: 1, stdout: "✘ No module named 'torch'\n", stderr: trace() })).kind).toBe("invalid-app");
    expect(parseDeployOutcome(run({ exitCode: 1, stdout: "✘ Something else\n", stderr: trace() })).kind).toBe("failed");
    expect(parseDeployOutcome(run({ exitCode: null, stderr: trace() }))).toMatchObject({ kind: "failed", exitCode: null });
  });
});
