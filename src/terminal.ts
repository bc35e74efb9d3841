/**
 * Decided once per run: is there a person at a terminal? Prompts only when stdin and stdout
 * are TTYs and CI is unset. Colour, first rule that applies:
 *   --color / --no-color > NO_COLOR (non-empty: off) > FORCE_COLOR (0/false: off, else on)
 *   > CLICOLOR_FORCE (non-empty, not 0: on) > CLICOLOR=0 (off) > a TTY whose TERM is not dumb.
 * CI does not change colour: a CI that gives falpub a terminal renders it; one that pipes does not.
 */
export interface Terminal {
  color: boolean;
  interactive: boolean;
  /** Columns to wrap to: the terminal's width, 80 when it is not a terminal (absent: 80). */
  columns?: number;
}

const set = (v: string | undefined): v is string => v !== undefined && v !== "";
const off = (v: string) => v === "0" || v.toLowerCase() === "false";

export function colorFor(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }, colorFlag: boolean | undefined): boolean {
  if (colorFlag !== undefined) return colorFlag;
  if (set(env.NO_COLOR)) return false;
  if (env.FORCE_COLOR !== undefined) return !off(env.FORCE_COLOR);
  if (set(env.CLICOLOR_FORCE) && env.CLICOLOR_FORCE !== "0") return true;
  if (env.CLICOLOR === "0") return false;
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}

export function detectTerminal(
  env: NodeJS.ProcessEnv,
  stream: { isTTY?: boolean; columns?: number },
  colorFlag: boolean | undefined,
  stdinAndStdoutAreTerminals = Boolean(process.stdin.isTTY && process.stdout.isTTY),
): Terminal {
  const interactive = stdinAndStdoutAreTerminals && !env.CI;
  const columns = stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : 80;
  return { color: colorFor(env, stream, colorFlag), interactive, columns };
}
