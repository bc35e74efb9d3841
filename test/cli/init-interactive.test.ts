import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = path.join(root, "bin", "falpub.js");

test("on a terminal, init asks for the strategy, name and machine type and uses the answers", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "falpub-init-pty-"));
  const script = path.join(dir, "answers.json");
  const DOWN = "\u001b[B";
  writeFileSync(
    script,
    JSON.stringify([
      { expect: "How will callers be billed?", send: `${DOWN}\r` }, // per_image → per_megapixel
      { expect: "App name", send: "\u0015upscaler\r" }, // clear the default, type a name
      { expect: "Machine type", send: "\r" }, // keep the default
    ]),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", TERM: "xterm" };
  delete env.CI; // a person at a terminal
  const r = spawnSync("python3", [path.join(root, "test/support/pty_run.py"), script, "--", process.execPath, bin, "init", path.join(dir, "app")], { env, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  const manifest = readFileSync(path.join(dir, "app", "falpub.yaml"), "utf8");
  expect(manifest).toMatch(/strategy: per_megapixel/);
  expect(manifest).toMatch(/name: upscaler/);
  expect(readFileSync(path.join(dir, "app", "app.py"), "utf8")).toMatch(/machine_type = "GPU-A100"/);
  // The answers give a project that passes the checks as it stands.
  execFileSync(process.execPath, [bin, "check", "--strict", path.join(dir, "app")], { env });
});

test("without a terminal the same command never waits for input", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "falpub-init-notty-"));
  const r = spawnSync(process.execPath, [bin, "init", path.join(dir, "app")], { input: "", encoding: "utf8", timeout: 20_000, env: { ...process.env, CI: "" } });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--billing/);
  expect(existsSync(path.join(dir, "app"))).toBe(false);
});

/** Run `falpub <args>` on a pty, answering `steps`; returns the exit code and the screen. */
function onPty(steps: Array<{ expect: string; send: string }>, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const script = path.join(cwd, `steps-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(script, JSON.stringify(steps));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", TERM: "xterm", ...extraEnv };
  delete env.CI;
  const r = spawnSync("python3", [path.join(root, "test/support/pty_run.py"), script, "--", process.execPath, bin, ...args], { cwd, env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, screen: r.stdout + r.stderr };
}

test("Ctrl-C at the strategy prompt and Ctrl-D at the name prompt: exit 130, nothing written, no 'internal error'", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "falpub-init-pty-"));
  const c = onPty([{ expect: "How will callers be billed?", send: "\u0003" }], ["init", "app"], dir);
  expect(c.status, c.screen).toBe(130);
  expect(c.screen).toMatch(/falpub: Interrupted; nothing was written\./);
  expect(c.screen).not.toMatch(/internal error/);
  // The strategies are listed with what each one bills.
  expect(c.screen).toMatch(/per_megapixel +per megapixel of output/);
  expect(c.screen).toMatch(/gpu_seconds +no header: fal bills the GPU time used/);

  const d = onPty([{ expect: "App name", send: "\u0004" }], ["init", "app", "--billing", "per_image"], dir);
  expect(d.status, d.screen).toBe(130);
  expect(d.screen).not.toMatch(/internal error/);
  expect(existsSync(path.join(dir, "app"))).toBe(false);
});

test("an invalid app name at the prompt gets a valid one suggested", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "falpub-init-pty-"));
  const r = onPty(
    [
      { expect: "App name", send: "\u0015My Model\r" },
      { expect: "Try `my-model`", send: "\u0003" },
    ],
    ["init", "app", "--billing", "per_image"],
    dir,
  );
  expect(r.status, r.screen).toBe(130);
  expect(r.screen).toMatch(/is not lowercase kebab-case[\s\S]*Try `my-model`\./);
});
