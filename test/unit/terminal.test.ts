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
  ] as const)("%s", (_name, env, stream, color) => {
    expect(detectTerminal(env as NodeJS.ProcessEnv, stream, undefined).color).toBe(color);
  });

  test("--color / --no-color win over the environment", () => {
    expect(detectTerminal({ FORCE_COLOR: "0" }, pipe, true).color).toBe(true);
    expect(detectTerminal({ FORCE_COLOR: "1" }, tty, false).color).toBe(false);
  });
});
