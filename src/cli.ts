import { detectTerminal } from "./terminal.js";
import { runCli } from "./program.js";

/** The process shell around src/program.ts: the real streams, environment and working directory. */
async function main(): Promise<void> {
  // `falpub … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    terminal: (stream, colorFlag) => detectTerminal(process.env, process[stream], colorFlag),
    async confirm(question) {
      const { confirm } = await import("@inquirer/prompts");
      return confirm({ message: question, default: false });
    },
  });
}

await main();
