import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDeployArgv, buildSetRevSharedArgv, flagsIn, formatCommand, shellQuote } from "../../../src/fal/argv.js";
import type { DeployRequest } from "../../../src/fal/types.js";

const base: DeployRequest = { ref: "app.py::MyApp", json: true };

describe("buildDeployArgv", () => {
  it("minimal request: deploy, ref, --json", () => {
    expect(buildDeployArgv(base)).toEqual(["deploy", "app.py::MyApp", "--json"]);
    expect(buildDeployArgv({ ref: "my-app", json: false })).toEqual(["deploy", "my-app"]);
  });

  it.each<[Partial<DeployRequest>, string[]]>([
    [{ appName: "my-app" }, ["--app-name", "my-app"]],
    [{ auth: "shared" }, ["--auth", "shared"]],
    [{ auth: "public" }, ["--auth", "public"]],
    [{ auth: "private" }, ["--auth", "private"]],
    [{ strategy: "rolling" }, ["--strategy", "rolling"]],
    [{ strategy: "recreate" }, ["--strategy", "recreate"]],
    [{ attach: true }, ["--attach"]],
    [{ attach: false }, ["--detach"]],
    [{ resetScale: true }, ["--reset-scale"]],
    [{ resetScale: false }, ["--no-scale"]],
    [{ noCache: true }, ["--no-cache"]],
    [{ forceEnvBuild: true }, ["--force-env-build"]],
    [{ message: "fix cold start" }, ["--message", "fix cold start"]],
    [{ message: "" }, ["--message", ""]],
    [{ annotations: [["GIT_SHA", "abc"]] }, ["--annotation", "GIT_SHA=abc"]],
    [{ annotations: [["a", "b=c"], ["d", ""]] }, ["--annotation", "a=b=c", "--annotation", "d="]],
    [{ env: "staging" }, ["--env", "staging"]],
    [{ team: "acme" }, ["--team", "acme"]],
    [{ check: true }, ["--check"]],
    [{ yes: true }, ["--yes"]],
  ])("%j → flag after the ref", (extra, flags) => {
    expect(buildDeployArgv({ ...base, json: false, ...extra })).toEqual(["deploy", "app.py::MyApp", ...flags]);
  });

  it("false/undefined booleans add nothing", () => {
    const argv = buildDeployArgv({ ...base, noCache: false, forceEnvBuild: false, check: false, yes: false });
    expect(argv).toEqual(["deploy", "app.py::MyApp", "--json"]);
  });

  it("all flags together come in one fixed order", () => {
    const argv = buildDeployArgv({
      ref: "app.py",
      appName: "n",
      auth: "shared",
      strategy: "rolling",
      attach: true,
      resetScale: true,
      noCache: true,
      forceEnvBuild: true,
      message: "m",
      annotations: [["k1", "v1"], ["k2", "v2"]],
      env: "e",
      team: "t",
      json: true,
      check: true,
      yes: true,
    });
    expect(argv).toEqual([
      "deploy", "app.py", "--app-name", "n", "--auth", "shared", "--strategy", "rolling", "--attach",
      "--reset-scale", "--no-cache", "--force-env-build", "--message", "m", "--annotation", "k1=v1",
      "--annotation", "k2=v2", "--env", "e", "--team", "t", "--json", "--check", "--yes",
    ]);
  });

  it("values that start with '-' use the --flag=value form (argparse would take them for options)", () => {
    expect(buildDeployArgv({ ...base, json: false, message: "-x fix" })).toEqual(["deploy", "app.py::MyApp", "--message=-x fix"]);
    expect(buildDeployArgv({ ...base, json: false, annotations: [["-k", "v"]] })).toEqual(["deploy", "app.py::MyApp", "--annotation=-k=v"]);
  });

  it("rejects an empty ref or one that looks like an option", () => {
    expect(() => buildDeployArgv({ ref: "", json: true })).toThrow(/empty/);
    expect(() => buildDeployArgv({ ref: "--help", json: true })).toThrow(/start with/);
  });

  // Parse the argv back the way argparse would and get the same request.
  const VALUE_FLAGS: Record<string, keyof DeployRequest> = {
    "--app-name": "appName", "--auth": "auth", "--strategy": "strategy", "--message": "message",
    "--env": "env", "--team": "team",
  };
  function parseBack(argv: string[]): DeployRequest {
    expect(argv[0]).toBe("deploy");
    const req: DeployRequest = { ref: argv[1]!, json: false };
    for (let i = 2; i < argv.length; i++) {
      let a = argv[i]!;
      let value: string | undefined;
      const eq = a.indexOf("=");
      if (a.startsWith("--") && eq > 0 && (a.slice(0, eq) in VALUE_FLAGS || a.startsWith("--annotation="))) {
        value = a.slice(eq + 1);
        a = a.slice(0, eq);
      }
      const take = () => value ?? argv[++i]!;
      if (a in VALUE_FLAGS) (req as any)[VALUE_FLAGS[a]!] = take();
      else if (a === "--annotation") {
        const kv = take();
        const j = kv.indexOf("=");
        (req.annotations ??= []).push([kv.slice(0, j), kv.slice(j + 1)]);
      } else if (a === "--attach") req.attach = true;
      else if (a === "--detach") req.attach = false;
      else if (a === "--reset-scale") req.resetScale = true;
      else if (a === "--no-scale") req.resetScale = false;
      else if (a === "--no-cache") req.noCache = true;
      else if (a === "--force-env-build") req.forceEnvBuild = true;
      else if (a === "--json") req.json = true;
      else if (a === "--check") req.check = true;
      else if (a === "--yes") req.yes = true;
      else throw new Error(`unexpected ${a}`);
    }
    return req;
  }
  const text = fc.string({ maxLength: 12 });
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes("="));
  const request = fc.record(
    {
      ref: fc.string({ minLength: 1, maxLength: 20 }).filter((r) => !r.startsWith("-")),
      appName: text, auth: fc.constantFrom("public", "private", "shared" as const),
      strategy: fc.constantFrom("rolling", "recreate" as const), attach: fc.boolean(), resetScale: fc.boolean(),
      noCache: fc.constant(true), forceEnvBuild: fc.constant(true), message: text,
      annotations: fc.array(fc.tuple(key, text), { maxLength: 4 }), env: text, team: text,
      json: fc.boolean(), check: fc.constant(true), yes: fc.constant(true),
    },
    { requiredKeys: ["ref", "json"] },
  );

  it("round-trips every combination of flags (property)", () => {
    fc.assert(
      fc.property(request, (req) => {
        const expected: any = { ...req };
        if (expected.annotations?.length === 0) delete expected.annotations;
        expect(parseBack(buildDeployArgv(req as DeployRequest))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("flagsIn", () => {
  it("lists option names once, without values", () => {
    expect(flagsIn(["deploy", "a.py", "--message=-x", "--annotation", "a=1", "--annotation", "b=2", "--yes"])).toEqual([
      "--message", "--annotation", "--yes",
    ]);
  });
});

describe("formatCommand", () => {
  const key = "0b5f9c2e-1234-4a5b-9c8d-0123456789ab:0123456789abcdef0123456789abcdef";

  it("shell-quotes for display", () => {
    expect(shellQuote("app.py::MyApp")).toBe("app.py::MyApp");
    expect(shellQuote("fix cold start")).toBe("'fix cold start'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("$(rm -rf /)")).toBe("'$(rm -rf /)'");
  });

  it("formats a pasteable, redacted command", () => {
    const argv = buildDeployArgv({ ref: "app.py", message: "ship it", annotations: [["TOKEN", "s3cr3t-value"]], json: true, yes: true });
    expect(formatCommand("/opt/fal bin/fal", argv, { secrets: ["s3cr3t-value"] })).toBe(
      "'/opt/fal bin/fal' deploy app.py --message 'ship it' --annotation 'TOKEN=***' --json --yes",
    );
    expect(formatCommand("fal", ["deploy", "a.py", "--message", key])).toBe("fal deploy a.py --message '***'");
  });
});

describe("buildSetRevSharedArgv", () => {
  it("builds the fix falpub prints for a live app that is not shared", () => {
    expect(buildSetRevSharedArgv({ name: "my-app", revision: "r1" })).toEqual(["apps", "set-rev", "my-app", "r1", "--auth", "shared"]);
    expect(buildSetRevSharedArgv({ name: "my-app", revision: "r1", env: "staging", team: "-t" })).toEqual(["apps", "set-rev", "my-app", "r1", "--auth", "shared", "--env", "staging", "--team=-t"]);
  });
});
