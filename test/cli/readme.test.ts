import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { CODES } from "../../src/core/codes.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const help = (...args: string[]) => execFileSync(process.execPath, [`${root}bin/falpub.js`, ...args, "--help"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("the README stays true", () => {
  test("every finding code has an entry (the anchor the JSON/SARIF docs links point at)", () => {
    const missing = Object.keys(CODES).filter((code) => !readme.includes(`<a id="${code.toLowerCase()}"></a>\`${code}\``));
    expect(missing).toEqual([]);
  });

  test.each(["check", "deploy", "init"])("every option of `falpub %s --help` is documented", (command) => {
    const options = [...help(command).matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((m) => m[1]).filter((o) => o !== "--help");
    expect(options.length).toBeGreaterThan(1);
    expect([...new Set(options)].filter((o) => !readme.includes(`\`${o}`))).toEqual([]);
  });
});
