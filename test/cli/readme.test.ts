import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { CODES, RENUMBERED } from "../../src/core/codes.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const help = (...args: string[]) => execFileSync(process.execPath, [`${root}bin/falpub.js`, ...args, "--help"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("the README stays true", () => {
  test("the rules reference is the code table, row by row: code (with its anchor), rule, severity, summary", () => {
    // The summary text lives once, in src/core/codes.ts; the README repeats it and this keeps them equal.
    const rows = [...readme.matchAll(/^\| <a id="(fp\d{3})"><\/a>`(FP\d{3})` \| (.*) \|$/gm)].map((m) => [m[1], m[2], ...m[3]!.split(" | ")]);
    const expected = Object.entries(CODES).map(([code, info]) => [code.toLowerCase(), code, info.rule, info.severity, info.summary]);
    expect(rows).toEqual(expected);
  });

  test('"Renumbered in 0.2" lists every split code and what it became, as RENUMBERED does', () => {
    const section = readme.slice(readme.indexOf("### Renumbered in 0.2"));
    const rows = [...section.matchAll(/^\| `(FP\d{3})` \| (.*) \|$/gm)].map((m) => [m[1], [...m[2]!.matchAll(/`(FP\d{3})`/g)].map((c) => c[1])]);
    expect(rows).toEqual(Object.entries(RENUMBERED).map(([old, now]) => [old, [...now]]));
  });

  test.each(["check", "deploy", "init", "status", "verify", "price"])("every option of `falpub %s --help` is documented", (command) => {
    const options = [...help(command).matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((m) => m[1]).filter((o) => o !== "--help");
    expect(options.length).toBeGreaterThan(1);
    expect([...new Set(options)].filter((o) => !readme.includes(`\`${o}`))).toEqual([]);
  });
});
