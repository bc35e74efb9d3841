import { execFile } from "node:child_process";
import type { GitInfo } from "./deploy/plan.js";

export const GIT_TIMEOUT_MS = 5000;

/**
 * HEAD's sha and subject and whether the tree is dirty; undefined when `dir` is not in a git
 * repository, there is no commit yet, git is missing, or it does not answer within the timeout.
 */
export async function readGitInfo(dir: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<GitInfo | undefined> {
  // node:child_process, not execa: execFile starts git in this call, so deploy's check (which
  // holds this thread) runs beside it; behind execa's dynamic import git only started after it.
  const git = (...args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile("git", args, { cwd: dir, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? GIT_TIMEOUT_MS, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      );
      child.stdin?.end();
    });
  try {
    // Two git starts, not three: HEAD's sha and subject come from one `git log` (NUL between them).
    const [head, status] = await Promise.all([git("log", "-1", "--format=%H%x00%s"), git("status", "--porcelain")]);
    const [sha, subject = ""] = head.split("\0");
    if (!/^[0-9a-f]{40,64}$/.test(sha)) return undefined;
    return { sha, subject: subject.trim(), dirty: status !== "" };
  } catch {
    return undefined;
  }
}
