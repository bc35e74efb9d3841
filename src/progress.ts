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
  /** Write text (e.g. the child's output) without tearing the spinner line. */
  write(text: string): void;
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
export function spinnerLine(label: string, elapsedMs: number, tick: number, columns = 80): string {
  const line = `${FRAMES[tick % FRAMES.length]} ${label} ${formatElapsed(elapsedMs)}`;
  const room = Math.max(columns - 1, 10);
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
    write(text) {
      if (stopped || !opts.live) {
        out.write(text);
        return;
      }
      erase();
      out.write(text);
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

/** What each long wait of a deploy is called on the spinner; other phases show none. */
const PHASE_LABELS: Record<string, string> = {
  "fal-version": "Reading fal's version",
  "fal-deploy": "Deploying with fal",
  "platform-check": "Checking the deployed app on fal",
};

/**
 * A deploy's phases → one progress line at a time. `onPhase` takes the orchestration's phase
 * events ({ phase: "fal-deploy" | "done" | … }); `write` is where fal's output and falpub's own
 * lines go while a spinner may be showing.
 */
export function phaseProgress(opts: ProgressOptions): { onPhase(event: { phase: string }): void; write(text: string): void } {
  let current: Progress | undefined;
  return {
    onPhase(event) {
      current?.stop();
      current = undefined;
      const label = PHASE_LABELS[event.phase];
      if (label) current = startProgress(label, opts);
    },
    write(text) {
      if (current) current.write(text);
      else opts.stream.write(text);
    },
  };
}
