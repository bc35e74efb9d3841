import { describe, expect, it } from "vitest";
import { redact, redactDeep } from "../../../src/core/redact.js";

describe("redact: the one redaction (fal output, argv, findings, JSON)", () => {
  const key = "0b5f9c2e-1234-4a5b-9c8d-0123456789ab:0123456789abcdef0123456789abcdef";

  it("redacts given secrets and fal-key-shaped values", () => {
    expect(redact(`FAL_KEY=${key} ok`, [])).toBe("FAL_KEY=*** ok");
    expect(redact("token hunter2-long here", ["hunter2-long"])).toBe("token *** here");
    expect(redact("my-key-id1:abcdefghijklmnop1234", [])).toBe("***");
  });

  it("leaves refs, host:port and short values alone", () => {
    for (const s of ["app.py::MyApp", "src/app.py::VeryLongClassNameHere", "127.0.0.1:50051", "rest.alpha.fal.ai:443", "12:34:56"]) {
      expect(redact(s, [])).toBe(s);
    }
    // Too short to redact safely: would mangle unrelated text.
    expect(redact("a b c", ["b"])).toBe("a b c");
  });

  it("redacts the longest secret first", () => {
    expect(redact("id:secretsecret", ["secretsecret", "id:secretsecret"])).toBe("***");
  });
  it("redacts every string inside a finding's args, and nothing else", () => {
    expect(redactDeep({ ref: key, n: 3, list: [key, "ok"], nested: { name: `x ${key}` } })).toEqual({ ref: "***", n: 3, list: ["***", "ok"], nested: { name: "x ***" } });
  });
});
