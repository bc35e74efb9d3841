import type { Command } from "commander";
import { deployOptionsOf } from "../deploy/options.js";
import { runDeploy } from "./deploy/run.js";
import { falClient } from "../fal/client.js";
import { platformChecker } from "./deploy/platform.js";
import { readGitInfo } from "../git.js";
import type { Terminal } from "../terminal.js";
import { writeFileAtomic } from "../write.js";

/** `falpub deploy`, wired to the real fal, git, disk and streams (the orchestration is src/deploy/run.ts). */
export async function runDeployCommand(cmd: Command, term: Terminal, version: string): Promise<number> {
  const cwd = process.cwd();
  const env = process.env;
  const { exitCode } = await runDeploy(
    deployOptionsOf(cmd),
    { cwd, env, color: term.color, toolVersion: version },
    {
      fal: falClient(env, cwd),
      platform: platformChecker(env),
      git: (dir) => readGitInfo(dir),
      writeFile: writeFileAtomic,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    },
  );
  return exitCode;
}
