import type { Command } from "commander";
import { deployOptionsOf } from "../deploy/options.js";
import { runDeploy } from "./deploy/run.js";
import { EXIT } from "../errors.js";
import { falClient } from "../fal/client.js";
import { platformChecker } from "./deploy/platform.js";
import { readGitInfo } from "../git.js";
import { isLive, phaseProgress } from "../progress.js";
import { quietOnEpipe } from "../stdio.js";
import type { Terminal } from "../terminal.js";
import { writeFileAtomic } from "../write.js";

/** `falpub deploy`, wired to the real fal, git, disk and streams (the orchestration is src/deploy/run.ts). */
export async function runDeployCommand(cmd: Command, term: Terminal, version: string): Promise<number> {
  const cwd = process.cwd();
  const env = process.env;
  // Deploy writes fal's output and its own through the process streams.
  quietOnEpipe(process.stdout);
  quietOnEpipe(process.stderr);
  // The spinner (a terminal) or plain progress lines (a log) go to stderr, never to stdout: with
  // --json stdout carries one document. While a spinner line is drawn, every write (fal's output
  // and falpub's own, on stderr and on stdout when that is the same terminal) goes through it,
  // so the line is erased first.
  const progress = phaseProgress({ stream: process.stderr, live: isLive(process.stderr, env) });
  const stdoutSharesTerminal = Boolean(process.stdout.isTTY && process.stderr.isTTY);

  // Ctrl-C while fal deploy runs is src/fal/run.ts's to answer (forwarded to fal, then the
  // outcome is printed). At any other moment (reading fal's version, the platform check) there
  // is nothing to wait for: clear the spinner, say so, exit 130.
  let falDeploying = false;
  const onSigint = () => {
    if (falDeploying) return;
    progress.cancel();
    process.stderr.write("✖ Interrupted.\n");
    process.exit(EXIT.interrupted);
  };
  process.on("SIGINT", onSigint);
  try {
    const { exitCode } = await runDeploy(
      deployOptionsOf(cmd),
      { cwd, env, color: term.color, toolVersion: version },
      {
        fal: falClient(env, cwd),
        platform: platformChecker(env),
        git: (dir) => readGitInfo(dir),
        writeFile: writeFileAtomic,
        stdout: (text) => (stdoutSharesTerminal ? progress.write(text, process.stdout) : process.stdout.write(text)),
        stderr: (text) => progress.write(text),
        onPhase: (phase) => {
          falDeploying = phase.phase === "fal-deploy";
          progress.onPhase(phase);
        },
      },
    );
    return exitCode;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
