// npm run bench: wall time of `falpub check` (one app; 100 apps in one call) against a bare
// `node -e 0` measured in the same run, median of N, plus peak memory. Prints ratios; it is a
// measurement, not a test: targets are ≤ 1.5× (one app), ≤ 3× (100 apps), ≤ 60 MiB.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "falpub.js");
const runs = Number(process.env.BENCH_RUNS ?? 10);
const work = mkdtempSync(path.join(tmpdir(), "falpub-bench-"));
const env = { ...process.env, NO_COLOR: "1", CI: "true" };

const strategies = ["per_image", "per_megapixel", "per_video_second", "per_text_chunk", "per_request", "gpu_seconds"];
const apps = [];
for (let i = 0; i < 100; i++) {
  const dir = path.join(work, `app-${i}`);
  execFileSync(process.execPath, [bin, "init", dir, "--billing", strategies[i % strategies.length]], { env, stdio: "ignore" });
  apps.push(dir);
}

const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
function measure(args) {
  const times = [];
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const cmd = timeBin ? [timeBin, "-f", "%M", process.execPath, ...args] : [process.execPath, ...args];
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd[0], cmd.slice(1), { env, cwd: work, encoding: "utf8" });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    if (timeBin) peakKb = Math.max(peakKb, Number(r.stderr.trim().split("\n").pop()));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], peakMiB: peakKb / 1024 };
}

try {
  measure(["-e", "0"]); // warm the file cache
  const bare = measure(["-e", "0"]);
  const one = measure([bin, "check", apps[0]]);
  const hundred = measure([bin, "check", ...apps]);
  const row = (name, m, target) =>
    `${name.padEnd(22)} ${m.median.toFixed(0).padStart(6)} ms  ${(m.median / bare.median).toFixed(2).padStart(5)}×  ${m.peakMiB ? m.peakMiB.toFixed(1).padStart(6) + " MiB" : "   n/a"}  ${target}`;
  console.log(`median of ${runs} runs on ${process.platform} ${process.arch}, node ${process.version}`);
  console.log(row("node -e 0", bare, ""));
  console.log(row("falpub check (1 app)", one, "target ≤ 1.5×, ≤ 60 MiB"));
  console.log(row("falpub check (100 apps)", hundred, "target ≤ 3×, ≤ 60 MiB"));
} finally {
  rmSync(work, { recursive: true, force: true });
}
