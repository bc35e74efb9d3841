import { detectTerminal } from "./terminal.js";
import { runCli } from "./program.js";
import { fdWriter, isTerminal, quietOnEpipe, streamShape } from "./stdio.js";

/** The process shell around src/program.ts: the real streams, environment and working directory. */
async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    // Written without creating process.stdout/stderr for a pipe or a file (src/stdio.ts).
    out: fdWriter(1, () => quietOnEpipe(process.stdout)),
    err: fdWriter(2, () => quietOnEpipe(process.stderr)),
    terminal: (stream, colorFlag) => detectTerminal(process.env, streamShape(stream === "stdout" ? 1 : 2), colorFlag, isTerminal(1) && isTerminal(0)),
    async confirm(question) {
      const { confirm } = await import("@inquirer/prompts");
      return confirm({ message: question, default: false });
    },
  });
}

await main();
