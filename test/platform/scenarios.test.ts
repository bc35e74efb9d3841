// The imitation covers every scenario of the reference's section 4, and every one is used by a test.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { SCENARIOS } from "../support/platform-server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const texts = [...readdirSync(`${root}test/platform`).filter((f) => f.endsWith(".test.ts") && f !== "scenarios.test.ts").map((f) => `test/platform/${f}`), "test/cli/platform.test.ts"].map((f) => readFileSync(`${root}${f}`, "utf8")).join("\n");

describe("the platform imitation's scenarios", () => {
  test("the reference's section 4, line by line, has a scenario", () => {
    const wanted = {
      apps: ["shared", "private", "public", "absent", "substring only", "401", "403"],
      pricing: ["priced matching", "priced other price", "priced other unit", "unpriced empty", "unpriced 404", "stub units at 1", "429", "500", "cloudflare 403"],
      models: ["listed active", "deprecated", "entry without metadata", "empty", "404"],
      analytics: ["traffic", "zero traffic", "400 bad expand", "403"],
      requests: ["not recorded yet", "recorded after 2 polls", "recorded unequal", "paginated"],
      run: ["header 2.00000000", "header 0", "header missing", "header non-numeric", "422 with 0", "401 without a key", "2xx without a key (public)", "slow"],
      estimate: ["totals", "400", "404", "429 after the third call"],
    };
    const missing = Object.entries(wanted).flatMap(([area, names]) => names.map((n) => `${area}: ${n}`)).filter((n) => !(n in SCENARIOS));
    expect(missing).toEqual([]);
    // "a closed port" is a URL, not a state: closedPort() gives one.
    expect(texts).toContain("closedPort()");
  });

  test.each(Object.keys(SCENARIOS))("%s is used by a test", (name) => {
    expect(texts).toContain(`"${name}"`);
  });
});
