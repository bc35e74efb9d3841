/**
 * Decided once per run: is there a person at a terminal? Colour only on a terminal
 * (NO_COLOR / FORCE_COLOR / --no-color respected); prompts only when stdin and stdout are TTYs.
 */
export interface Terminal {
  color: boolean;
  interactive: boolean;
}

export function detectTerminal(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }, colorFlag: boolean | undefined): Terminal {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  let color = Boolean(stream.isTTY) && env.TERM !== "dumb";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") color = false;
  else if (forced) color = true;
  // FORCE_COLOR=0 (or false) turns colour off, as in Node and chalk.
  else if (env.FORCE_COLOR !== undefined) color = false;
  if (colorFlag !== undefined) color = colorFlag;
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !env.CI;
  return { color, interactive };
}
