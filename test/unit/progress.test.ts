import { describe, expect, test } from "vitest";
import { formatElapsed, isLive, phaseProgress, spinnerLine, startProgress } from "../../src/progress.js";

/** A fake clock and timer: tick(ms) advances time and fires the interval as often as it would. */
function fakeTime() {
  let t = 0;
  let timer: { fn: () => void; ms: number; next: number } | undefined;
  return {
    now: () => t,
    setInterval: (fn: () => void, ms: number) => ((timer = { fn, ms, next: t + ms }), 1),
    clearInterval: () => (timer = undefined),
    tick(ms: number) {
      const end = t + ms;
      while (timer && timer.next <= end) {
        t = timer.next;
        timer.next += timer.ms;
        timer.fn();
      }
      t = end;
    },
    get running() {
      return timer !== undefined;
    },
  };
}

const sink = (isTTY: boolean, columns = 80) => {
  const chunks: string[] = [];
  return { chunks, text: () => chunks.join(""), stream: { isTTY, columns, write: (s: string) => chunks.push(s) } };
};

describe("progress", () => {
  test("elapsed time reads like a person would say it", () => {
    expect([0, 4_999, 65_000, 3_725_000].map(formatElapsed)).toEqual(["0s", "4s", "1m 05s", "1h 02m"]);
  });

  test("the spinner line never wraps: cut to the terminal's width", () => {
    expect(spinnerLine("Deploying", 12_000, 0)).toBe("⠋ Deploying 12s");
    const cut = spinnerLine("x".repeat(200), 0, 3, 40);
    expect(cut.length).toBe(39);
    expect(cut.endsWith("…")).toBe(true);
  });

  test("on a terminal: redrawn in place with the elapsed time; child output is never torn", () => {
    const time = fakeTime();
    const out = sink(true);
    const p = startProgress("Deploying with fal", { stream: out.stream, live: true, ...time });
    time.tick(1_050);
    expect(out.chunks.at(-1)).toBe("\r\u001b[2K" + spinnerLine("Deploying with fal", 1_000, 10));
    p.write("fal: building\n");
    // The spinner line is cleared before the child's text and drawn again after it.
    expect(out.chunks.slice(-3)).toEqual(["\r\u001b[2K", "fal: building\n", expect.stringMatching(/^⠙ Deploying with fal 1s$/)]);
    p.write("partial line without newline");
    time.tick(500);
    expect(out.chunks.at(-1)).toBe("partial line without newline"); // no spinner mid-line
    p.stop("fal deploy finished");
    expect(out.text().endsWith("partial line without newline\nfal deploy finished (1s)\n")).toBe(true);
    expect(time.running).toBe(false);
  });

  test("off a terminal (CI): plain lines only, a heartbeat, no escape codes", () => {
    const time = fakeTime();
    const out = sink(false);
    const p = startProgress("Running fal deploy", { stream: out.stream, live: false, heartbeatMs: 30_000, ...time });
    p.write("fal: building\n");
    time.tick(65_000);
    p.stop("fal deploy finished");
    expect(out.text()).toBe("Running fal deploy\nfal: building\nRunning fal deploy still running (30s)\nRunning fal deploy still running (1m 00s)\nfal deploy finished (1m 05s)\n");
    expect(out.text()).not.toMatch(/\u001b/);
  });

  test("live only on a terminal outside CI and not TERM=dumb", () => {
    expect(isLive({ isTTY: true, write() {} }, {})).toBe(true);
    expect(isLive({ isTTY: true, write() {} }, { CI: "true" })).toBe(false);
    expect(isLive({ isTTY: true, write() {} }, { TERM: "dumb" })).toBe(false);
    expect(isLive({ isTTY: false, write() {} }, {})).toBe(false);
  });
});

describe("phaseProgress", () => {
  test("one spinner per long phase, stopped at the next phase; 'done' leaves nothing drawn", () => {
    const time = fakeTime();
    const out = sink(true);
    const p = phaseProgress({ stream: out.stream, live: true, ...time });
    p.onPhase({ phase: "check" });
    p.write("checked\n");
    expect(out.text()).toBe("checked\n");
    p.onPhase({ phase: "fal-deploy" });
    time.tick(2_000);
    p.write("fal line\n");
    p.onPhase({ phase: "platform-check" });
    expect(out.text()).toMatch(/⠋ Deploying with fal 0s/);
    expect(out.text()).toMatch(/fal line\n/);
    time.tick(1_000);
    p.onPhase({ phase: "done" });
    // Each long phase ends with its elapsed time, on a cleared line: the outcome printed next starts clean.
    expect(out.text()).toMatch(/\r\u001b\[2Kfal deploy ended \(2s\)\n/);
    expect(out.chunks.slice(-2)).toEqual(["\r\u001b[2K", "Checked the deployed app on fal (1s)\n"]);
    expect(time.running).toBe(false);
  });

  test("stdout on the same terminal: the spinner (on stderr) is erased before the text and drawn after it", () => {
    const time = fakeTime();
    const err = sink(true);
    const out = sink(true);
    const p = phaseProgress({ stream: err.stream, live: true, ...time });
    p.onPhase({ phase: "fal-deploy" });
    const drawn = err.chunks.length;
    p.write("Deploying 'MyApp' as app 'my-app'\n", out.stream);
    expect(out.text()).toBe("Deploying 'MyApp' as app 'my-app'\n");
    expect(err.chunks.slice(drawn)).toEqual(["\r\u001b[2K", expect.stringMatching(/^⠙ Deploying with fal 0s$/)]);
    // The report phase stops the spinner: falpub's own lines after it are never interleaved with one.
    p.onPhase({ phase: "report" });
    const after = err.chunks.length;
    p.write("checklist\n", out.stream);
    p.write("note\n");
    expect(err.chunks.slice(after)).toEqual(["note\n"]);
    expect(time.running).toBe(false);
  });

  test("cancel (Ctrl-C outside fal's run): the spinner is cleared and no 'ended' line claims the wait finished", () => {
    const time = fakeTime();
    const err = sink(true);
    const p = phaseProgress({ stream: err.stream, live: true, ...time });
    p.onPhase({ phase: "platform-check" });
    time.tick(300);
    p.cancel();
    expect(err.chunks.at(-1)).toBe("\r\u001b[2K");
    expect(err.text()).not.toMatch(/Checked/);
    expect(time.running).toBe(false);
  });

  test("in a log: no line for the quick version read; start, heartbeat and end lines for the long waits", () => {
    const time = fakeTime();
    const err = sink(false);
    const p = phaseProgress({ stream: err.stream, live: false, heartbeatMs: 60_000, ...time });
    p.onPhase({ phase: "check" });
    p.onPhase({ phase: "fal-version" });
    time.tick(2_000);
    p.write("Running: fal deploy app.py\n");
    p.onPhase({ phase: "fal-deploy" });
    p.write("Building environment...\n");
    time.tick(61_000);
    p.onPhase({ phase: "platform-check" });
    time.tick(400);
    p.onPhase({ phase: "report" });
    p.onPhase({ phase: "done" });
    expect(err.text()).toBe(
      "Running: fal deploy app.py\nDeploying with fal\nBuilding environment...\nDeploying with fal still running (1m 00s)\nfal deploy ended (1m 01s)\n" +
        "Checking the deployed app on fal\nChecked the deployed app on fal (0s)\n",
    );
    expect(time.running).toBe(false);
  });
});
