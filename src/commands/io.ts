import type { RetryPolicy } from "../platform/answer.js";
import type { Terminal } from "../terminal.js";

/**
 * What a platform command may touch: its environment, output streams and the person at the
 * terminal. The CLI passes the process's; the tests pass their own and run in-process.
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

export function processIO(term: Terminal): CommandIO {
  return {
    env: process.env,
    cwd: process.cwd(),
    term,
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    async confirm(question) {
      const { confirm } = await import("@inquirer/prompts");
      return confirm({ message: question, default: false });
    },
  };
}
