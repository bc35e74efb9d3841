// The real `falpub deploy` (bin/falpub.js) as a person at a terminal and a CI log meet it, with
// the fake fal replaying fal 1.83.0's recorded output after a delay (a build takes a while): on a
// real pty (test/support/pty_run.py) a spinner with the elapsed time that never tears fal's
// lines, then the checklist, the outcome and the next step last; Ctrl-C → exit 130 and no
// checklist. On a pipe with CI set: plain lines, no escape codes.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { FIXTURES, makeFakeFal } from "../support/fal-env.js";
import { BIN } from "./helpers.js";
import { deploySuite, deployWith } from "./deploy-helpers.js";

const PTY_RUN = path.join(path.dirname(BIN()), "..", "test", "support", "pty_run.py");
const REVISION = "00000000-0000-4000-8000-00000000c0de"; // in test/fixtures/fal-1.83.0/deployed-json
const FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const NEXT = "Next: `falpub verify` to check billing on the live app (its calls may be billed); `--listing-request listing.md` on a deploy writes the request for the fal team.";
// The recorded `fal apps list` says shared for my-app in staging (the fixture's environment).
const SHARED = { FAKE_FAL_REPLAY_APPS_LIST: path.join(FIXTURES, "apps-list-json") };

const { dirs, fakes, app } = deploySuite();

/** `falpub deploy <args>` on a pty; `steps` as pty_run.py takes them. Returns what the terminal received. */
function onPty(args: string[], opts: { replay: string; env?: NodeJS.ProcessEnv; steps?: Array<{ expect: string; send: string }> }) {
  const cwd = app();
  const fake = makeFakeFal({ replay: opts.replay });
  fakes.push(fake);
  const script = path.join(cwd, "..", "steps.json");
  writeFileSync(script, JSON.stringify(opts.steps ?? []));
  const env = fake.env({ TERM: "xterm", NO_COLOR: "1", LANG: "C.UTF-8", PTY_COLS: "100", ...opts.env });
  const r = spawnSync("python3", [PTY_RUN, script, "--", process.execPath, BIN(), "deploy", ...args], { cwd, env, encoding: "utf8", timeout: 40_000 });
  return { status: r.status, raw: r.stdout };
}

/**
 * What stays on the screen: a line's text up to "\r ESC[2K" (carriage return, erase the line)
 * is gone (everything falpub draws and erases is of that form). Blank lines left out.
 */
function screenOf(raw: string): string[] {
  return raw
    .split("\r\n")
    .map((line) => line.split("\r\u001b[2K").at(-1)!)
    .filter((line) => line.trim() !== "");
}

test("on a terminal: a spinner with the elapsed time, erased before fal's lines; checklist, outcome and next step last", () => {
  const r = onPty(["--env", "staging"], { replay: "deployed-json", env: { FAKE_FAL_DELAY_MS: "1600", ...SHARED } });
  expect(r.status, r.raw).toBe(0);
  // The spinner counts the seconds while fal is silent...
  expect(r.raw).toMatch(new RegExp(`${FRAME.source} Deploying with fal 0s`));
  expect(r.raw).toMatch(new RegExp(`${FRAME.source} Deploying with fal 1s`));
  // ...and is erased before each of fal's lines (stdout and stderr share this terminal).
  expect(r.raw).toMatch(/Deploying with fal \ds\r\u001b\[2KTip: This looks like the first deployment/);
  expect(r.raw).toMatch(/\r\u001b\[2KDeploying 'MyApp' as app 'my-app'\r\n/);
  expect(r.raw).toMatch(/\r\u001b\[2Kfal deploy ended \(\ds\)\r\n/);

  const screen = screenOf(r.raw);
  // Nothing of a spinner is left on the screen, and no frame is drawn after fal's run.
  expect(screen.filter((l) => FRAME.test(l))).toEqual([]);
  expect(r.raw.slice(r.raw.indexOf("Publishing checklist"))).not.toMatch(FRAME);
  const at = (text: string) => screen.findIndex((l) => l.includes(text));
  expect(at("✓ Build complete")).toBeLessThan(at("fal deploy ended"));
  expect(at("fal deploy ended")).toBeLessThan(at("Publishing checklist"));
  expect(screen.slice(-2)).toEqual([`✔ Deployed my-app, revision ${REVISION} (deployed)`, NEXT]);
});

test("Ctrl-C on a terminal while fal runs: fal stops, the outcome is the last line, no checklist; exit 130", () => {
  const r = onPty(["--listing-request", "listing.md"], { replay: "hang", steps: [{ expect: "Deploying 'MyApp' as app 'my-app'", send: "\u0003" }] });
  expect(r.status, r.raw).toBe(130);
  const screen = screenOf(r.raw);
  expect(screen.slice(-3)).toEqual(["✘ Aborted.", expect.stringMatching(/^fal deploy ended \(\ds\)$/), "✖ Interrupted; fal was stopped."]);
  expect(r.raw).not.toMatch(/Publishing checklist|steps left|listing request|Next:/);
});

test("Ctrl-C during the platform check (after fal is done): the spinner is cleared, 'Interrupted.' last, exit 130", () => {
  const r = onPty(["--env", "staging"], {
    replay: "deployed-json",
    env: { FAKE_FAL_APPS_DELAY_MS: "20000", ...SHARED },
    steps: [{ expect: "Checking the deployed app on fal", send: "\u0003" }],
  });
  expect(r.status, r.raw).toBe(130);
  const screen = screenOf(r.raw);
  expect(screen.at(-1)).toBe("✖ Interrupted.");
  expect(screen.filter((l) => FRAME.test(l))).toEqual([]);
  expect(r.raw).not.toMatch(/Publishing checklist|Checked the deployed app/);
});

test("in CI (pipes): plain start and end lines on stderr, no escape codes; the outcome and next step last on stdout", async () => {
  const r = await deployWith(["--env", "staging"], { cwd: app(), fakes, env: { FAKE_FAL_DELAY_MS: "400", ...SHARED } });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/^Deploying with fal\nfal deploy ended \(\ds\)\nChecking the deployed app on fal\nChecked the deployed app on fal \(\ds\)$/); // execa strips the last newline
  expect(r.stderr).not.toMatch(/\u001b|\r/);
  // fal's recorded log has colour codes of its own; falpub adds no erasing and no spinner.
  expect(r.stdout).not.toMatch(/\r|\u001b\[2K/);
  expect(r.stdout).not.toMatch(FRAME);
  expect(r.stdout.trimEnd().split("\n").slice(-2)).toEqual([`✔ Deployed my-app, revision ${REVISION} (deployed)`, NEXT]);
});

test("--json on a pipe: stdout is the one JSON document, progress lines only on stderr", async () => {
  const r = await deployWith(["--env", "staging", "--json"], { cwd: app(), fakes, env: SHARED });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ outcome: { kind: "deployed", revision: REVISION }, platform: { authMode: "shared" } });
  expect(r.stderr).toMatch(/^Deploying with fal\n/m);
  expect(r.stderr.trimEnd().split("\n").at(-1)).toMatch(/^Next: `falpub verify`/);
});
