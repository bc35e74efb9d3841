import type { GitInfo } from "./deploy/plan.js";

export const GIT_TIMEOUT_MS = 5000;

/**
 * HEAD's sha and subject and whether the tree is dirty; undefined when `dir` is not in a git
 * repository, there is no commit yet, git is missing, or it does not answer within the timeout.
 */
export async function readGitInfo(dir: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<GitInfo | undefined> {
  const { execa } = await import("execa");
  const git = async (...args: string[]) => {
    const r = await execa("git", args, { cwd: dir, stdin: "ignore", reject: false, timeout: opts.timeoutMs ?? GIT_TIMEOUT_MS, encoding: "utf8", ...(opts.env ? { env: opts.env, extendEnv: false } : {}) });
    if (r.exitCode !== 0 || r.timedOut) throw new Error(r.shortMessage);
    return String(r.stdout).trim();
  };
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
