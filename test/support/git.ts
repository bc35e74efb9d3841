import { execFileSync } from "node:child_process";

/** `git init` + one commit of everything in `dir`, with no global git config needed. Returns HEAD. */
export function commitAll(dir: string, subject: string): string {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=falpub test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", subject);
  return git("rev-parse", "HEAD");
}
