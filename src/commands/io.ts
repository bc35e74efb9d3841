import type { RetryPolicy } from "../platform/answer.js";
import type { Terminal } from "../terminal.js";

/**
 * What a command may touch: its environment, working directory, output streams and the person
 * at the terminal. src/cli.ts passes the process's; the tests pass their own and run in-process.
 */
export interface CommandIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  term: Terminal;
  out(text: string): void;
  err(text: string): void;
  /** Ask a yes/no question; only called when `term.interactive`. */
  confirm(question: string): Promise<boolean>;
  /** Seams for fast tests: retry policy, sleeping, and how often --wait-billing polls. */
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  pollIntervalMs?: number;
}
