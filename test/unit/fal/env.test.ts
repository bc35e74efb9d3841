import { describe, expect, it } from "vitest";
import { childEnv, falHostProblem, secretsIn, validateFalKey } from "../../../src/fal/env.js";

describe("childEnv", () => {
  const parent = {
    PATH: "/usr/bin", HOME: "/home/u", FAL_KEY: "id:secret", FAL_ENV: "staging",
    _ARGCOMPLETE: "1", _ARGCOMPLETE_IFS: "\v", COMP_LINE: "fal ", COMP_POINT: "4", COMP_TYPE: "9",
    FORCE_COLOR: "1", TTY_COMPATIBLE: "1", TTY_INTERACTIVE: "1", CLICOLOR_FORCE: "1", PYTHONINSPECT: "1",
    TERM: "xterm-256color", UNDEFINED: undefined,
  };
  const env = childEnv(parent);

  it("drops what breaks a non-interactive run", () => {
    for (const k of ["_ARGCOMPLETE", "_ARGCOMPLETE_IFS", "COMP_LINE", "COMP_POINT", "COMP_TYPE", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE", "PYTHONINSPECT", "UNDEFINED"]) {
      expect(env).not.toHaveProperty(k);
    }
  });
  it("keeps the rest, credentials included (passed by environment only)", () => {
    expect(env).toMatchObject({ PATH: "/usr/bin", HOME: "/home/u", FAL_KEY: "id:secret", FAL_ENV: "staging" });
  });
  it("asks for plain, unbuffered, non-interactive output", () => {
    expect(env).toMatchObject({ NO_COLOR: "1", TERM: "dumb", PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8", FAL_DONT_OPEN_LINKS: "1" });
  });
  it("does not modify its input", () => {
    expect(parent.FORCE_COLOR).toBe("1");
  });
});

describe("validateFalKey", () => {
  it("accepts id:secret (secret may contain ':')", () => {
    expect(validateFalKey("abc:def")).toEqual({ ok: true });
    expect(validateFalKey("abc:d:ef")).toEqual({ ok: true });
  });
  it.each(["abcdef", ":def", "abc:", "", "ab c:def", "abc:def\n"])("rejects %j", (k) => {
    expect(validateFalKey(k).ok).toBe(false);
  });
});

describe("secretsIn", () => {
  it("collects key, secret and token values, plus the secret half of FAL_KEY", () => {
    const s = secretsIn({
      FAL_KEY: "kid:ksecret", FAL_KEY_SECRET: "pairsecret", FAL_KEY_ID: "notsecret", GITHUB_TOKEN: "ghp_x",
      AWS_SECRET: "aws", OPENAI_API_KEY: "sk-1", DB_PASSWORD: "pw", PATH: "/bin", EMPTY_TOKEN: "",
    });
    expect(s.sort()).toEqual(["aws", "ghp_x", "kid:ksecret", "ksecret", "pairsecret", "pw", "sk-1"].sort());
  });
});

describe("falHostProblem", () => {
  it("flags a FAL_HOST fal would assert on", () => {
    expect(falHostProblem({ FAL_HOST: "example.com" })).toMatch(/FAL_HOST/);
    expect(falHostProblem({ FAL_HOST: "api.fal.dev" })).toBeUndefined();
    expect(falHostProblem({ FAL_HOST: "x", FAL_GRPC_HOST: "127.0.0.1:1" })).toBeUndefined();
    expect(falHostProblem({ FAL_HOST: "x", ISOLATE_TEST_MODE: "1" })).toBeUndefined();
    expect(falHostProblem({ FAL_HOST: "x", ISOLATE_TEST_MODE: "false" })).toMatch(/FAL_HOST/);
    expect(falHostProblem({})).toBeUndefined();
  });
  it("reads ISOLATE_TEST_MODE the way fal does (trimmed, any case)", () => {
    expect(falHostProblem({ FAL_HOST: "x", ISOLATE_TEST_MODE: " TRUE " })).toBeUndefined();
    expect(falHostProblem({ FAL_HOST: "x", ISOLATE_TEST_MODE: "0" })).toMatch(/FAL_HOST/);
  });
});
