import { describe, expect, test } from "vitest";
import { detectTerminal } from "../../src/terminal.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe("detectTerminal: colour", () => {
  test.each([
    ["a terminal", {}, tty, true],
    ["a pipe", {}, pipe, false],
    ["TERM=dumb", { TERM: "dumb" }, tty, false],
    ["NO_COLOR on a terminal", { NO_COLOR: "1" }, tty, false],
    ["FORCE_COLOR=1 on a pipe", { FORCE_COLOR: "1" }, pipe, true],
    ["FORCE_COLOR=0 on a terminal", { FORCE_COLOR: "0" }, tty, false],
    ["FORCE_COLOR=false on a terminal", { FORCE_COLOR: "false" }, tty, false],
    ["FORCE_COLOR= (empty) on a pipe: on, as in Node", { FORCE_COLOR: "" }, pipe, true],
    ["CLICOLOR_FORCE=1 on a pipe", { CLICOLOR_FORCE: "1" }, pipe, true],
    ["CLICOLOR_FORCE=0 on a pipe", { CLICOLOR_FORCE: "0" }, pipe, false],
    ["NO_COLOR beats CLICOLOR_FORCE", { NO_COLOR: "1", CLICOLOR_FORCE: "1" }, pipe, false],
    ["FORCE_COLOR=0 beats CLICOLOR_FORCE", { FORCE_COLOR: "0", CLICOLOR_FORCE: "1" }, tty, false],
    ["CLICOLOR=0 on a terminal", { CLICOLOR: "0" }, tty, false],
    ["CI=true on a terminal: colour follows the terminal", { CI: "true" }, tty, true],
    ["CI=true on a pipe", { CI: "true" }, pipe, false],
    ["NO_COLOR= (empty) is ignored", { NO_COLOR: "" }, tty, true],
  ] as const)("%s", (_name, env, stream, color) => {
    expect(detectTerminal(env as NodeJS.ProcessEnv, stream, undefined).color).toBe(color);
  });

  test("--color / --no-color win over the environment", () => {
    expect(detectTerminal({ FORCE_COLOR: "0" }, pipe, true).color).toBe(true);
    expect(detectTerminal({ FORCE_COLOR: "1" }, tty, false).color).toBe(false);
  });
});

describe("detectTerminal: width", () => {
  test("the terminal's columns, 80 when not a terminal or unknown", () => {
    expect(detectTerminal({}, { isTTY: true, columns: 132 }, undefined).columns).toBe(132);
    expect(detectTerminal({}, { isTTY: false, columns: 132 }, undefined).columns).toBe(80);
    expect(detectTerminal({}, { isTTY: true }, undefined).columns).toBe(80);
  });
});
