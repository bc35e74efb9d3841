// The spinner as a person and a CI log meet it: src/progress.ts bundled with esbuild into a
// small driver that runs like a fal deploy (output arrives, then it ends), on a real pty and on
// a pipe; the heartbeat is tested here. The real `falpub deploy` on a pty: test/cli/deploy-pty.test.ts.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { tempDirs } from "./helpers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dirs = tempDirs();
let driver: string;

beforeAll(async () => {
  const dir = dirs.make("falpub-progress-");
  const entry = path.join(dir, "driver.ts");
  writeFileSync(
    entry,
    `import { isLive, startProgress } from ${JSON.stringify(path.join(root, "src/progress.ts"))};
const p = startProgress("Deploying with fal", { stream: process.stderr, live: isLive(process.stderr, process.env), heartbeatMs: 500 });
setTimeout(() => p.write("fal: building the environment\\n"), 300);
setTimeout(() => { p.stop("fal deploy finished"); console.log("OUTCOME deployed"); }, 1400);
`,
  );
  driver = path.join(dir, "driver.mjs");
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: driver, logLevel: "error" });
});
afterAll(() => dirs.cleanup());

test("on a terminal: a spinner with the elapsed time, cleared before fal's lines and at the end; the outcome last", () => {
  const script = path.join(path.dirname(driver), "none.json");
  writeFileSync(script, "[]");
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm", PTY_COLS: "60" };
  delete env.CI;
  const r = spawnSync("python3", [path.join(root, "test/support/pty_run.py"), script, "--", process.execPath, driver], { env, encoding: "utf8", timeout: 30_000 });
  expect(r.status, r.stdout).toBe(0);
  expect(r.stdout).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Deploying with fal 0s/);
  expect(r.stdout).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Deploying with fal 1s/);
  expect(r.stdout).toMatch(/\r\u001b\[2Kfal: building the environment\r\n/);
  // The spinner is gone before the summary, and the outcome is the last line.
  expect(r.stdout).toMatch(/\r\u001b\[2Kfal deploy finished \(\ds\)\r\nOUTCOME deployed\r\n$/);
});

test("in CI (a pipe): plain lines, a heartbeat, no escape codes", () => {
  const r = spawnSync(process.execPath, [driver], { env: { ...process.env, CI: "true" }, encoding: "utf8", timeout: 30_000 });
  expect(r.status).toBe(0);
  // Timers on a busy machine drift: the shape is fixed, the seconds are not.
  expect(r.stderr).toMatch(/^Deploying with fal\nfal: building the environment\n(Deploying with fal still running \(\ds\)\n){2}fal deploy finished \(\ds\)\n$/);
  expect(r.stderr).not.toMatch(/\u001b/);
  expect(r.stdout).toBe("OUTCOME deployed\n");
});
