import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { BIN } from "./helpers.js";

test("a reader that closes the pipe early (`falpub … | head -1`) gets no crash and no stack trace", async () => {
  const child = spawn(process.execPath, [BIN(), "deploy", "--help"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  // Like `head -1` that has already exited: our end is closed before falpub writes anything.
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
  expect(code).toBe(0);
});
