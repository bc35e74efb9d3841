/**
 * "Something is happening" while fal runs: on a terminal a spinner with the elapsed time on one
 * line that child output can interleave with; elsewhere (CI logs, pipes) plain lines only: one at
 * the start, one every `heartbeatMs`, one at the end. Timers and clock are injected for tests.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  /** Redraw in place (a terminal). False: plain lines. */
  live: boolean;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  /** Plain mode: a "still running" line this often (default 60 s). */
  heartbeatMs?: number;
}

export interface Progress {
  /**
   * Write text (e.g. the child's output) without tearing the spinner line: the line is erased
   * first and drawn again after. `to` is another stream on the same terminal (stdout beside a
   * spinner on stderr); default: the spinner's own stream.
   */
  write(text: string, to?: ProgressStream): void;
  /** Stop; the line is cleared on a terminal. `summary` (e.g. "fal deploy finished") is printed with the elapsed time. */
  stop(summary?: string): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const TICK_MS = 100;
const CLEAR_LINE = "\r\u001b[2K";

/** 4s, 1m 05s, 1h 02m: short enough for a spinner line. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** One spinner line, cut to the terminal's width so it never wraps (a wrapped line cannot be redrawn). */
export function spinnerLine(label: string, elapsedMs: number, tick: number, columns?: number): string {
  const line = `${FRAMES[tick % FRAMES.length]} ${label} ${formatElapsed(elapsedMs)}`;
  // A terminal that reports no size (0 columns, e.g. a fresh pty) is taken as 80 wide.
  const room = Math.max((columns || 80) - 1, 10);
  return line.length > room ? `${line.slice(0, room - 1)}…` : line;
}

export function startProgress(label: string, opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  const every = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const cancel = opts.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  const started = now();
  const out = opts.stream;
  let tick = 0;
  let drawn = false;
  let stopped = false;
  // Whether the last text written ended a line: the spinner is drawn only at a line start.
  let atLineStart = true;

  const draw = () => {
    if (!atLineStart) return;
    out.write(`${drawn ? CLEAR_LINE : ""}${spinnerLine(label, now() - started, tick++, out.columns)}`);
    drawn = true;
  };
  const erase = () => {
    if (drawn) out.write(CLEAR_LINE);
    drawn = false;
  };

  let handle: unknown;
  if (opts.live) {
    draw();
    handle = every(draw, TICK_MS);
  } else {
    out.write(`${label}\n`);
    handle = every(() => out.write(`${label} still running (${formatElapsed(now() - started)})\n`), opts.heartbeatMs ?? 60_000);
  }
  // Never keep the process alive just to animate.
  (handle as { unref?: () => void } | undefined)?.unref?.();

  return {
    write(text, to = out) {
      if (stopped || !opts.live) {
        to.write(text);
        return;
      }
      erase();
      to.write(text);
      if (text.length) atLineStart = text.endsWith("\n");
      draw();
    },
    stop(summary) {
      if (stopped) return;
      stopped = true;
      cancel(handle);
      if (opts.live) erase();
      if (!atLineStart && opts.live) out.write("\n");
      if (summary) out.write(`${summary} (${formatElapsed(now() - started)})\n`);
    },
  };
}

/** Live on a terminal that is not a CI log and not TERM=dumb; plain lines everywhere else. */
export function isLive(stream: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== "dumb";
}

/**
 * What each long wait of a deploy is called on the spinner, and the line with the elapsed time
 * when it ends. Reading fal's version takes a second or two: a spinner on a terminal, nothing in
 * a log. Other phases show none.
 */
const PHASES: Record<string, { label: string; ended?: string; plain: boolean }> = {
  "fal-version": { label: "Reading fal's version", plain: false },
  "fal-deploy": { label: "Deploying with fal", ended: "fal deploy ended", plain: true },
  "platform-check": { label: "Checking the deployed app on fal", ended: "Checked the deployed app on fal", plain: true },
};

/**
 * A deploy's phases → one progress line at a time. `onPhase` takes the orchestration's phase
 * events ({ phase: "fal-deploy" | "done" | … }); a phase without a label (check, report, done)
 * stops the one before it. `write` is where fal's output and falpub's own lines go while a
 * spinner may be showing (`to`: another stream on the same terminal).
 */
export function phaseProgress(opts: ProgressOptions): { onPhase(event: { phase: string }): void; write(text: string, to?: ProgressStream): void; cancel(): void } {
  let current: { progress: Progress; ended?: string } | undefined;
  return {
    /** Stop without the "ended" line (the wait was cut short: Ctrl-C). */
    cancel() {
      current?.progress.stop();
      current = undefined;
    },
    onPhase(event) {
      current?.progress.stop(current.ended);
      current = undefined;
      const phase = PHASES[event.phase];
      if (phase && (opts.live || phase.plain)) current = { progress: startProgress(phase.label, opts), ended: phase.ended };
    },
    write(text, to = opts.stream) {
      if (current) current.progress.write(text, to);
      else to.write(text);
    },
  };
}
