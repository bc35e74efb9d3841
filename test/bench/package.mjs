// The package as users get it: tarball size, what a production install pulls, and a cold
// `npx` (empty npm cache) of the tarball against a bare `node -e 0` in the same run.
// A measurement, not a test. Run: node test/bench/package.mjs (BENCH_RUNS, default 3).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const work = mkdtempSync(path.join(tmpdir(), "falpub-bench-package-"));
// As in bench.mjs: NODE_EXTRA_CA_CERTS slows every Node start; unset for both sides of a ratio.
const env = { ...process.env, NO_COLOR: "1", CI: "true" };
delete env.NODE_EXTRA_CA_CERTS;
for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];

/** Pack a copy of the sources (the work tree's dist/ is left alone). */
function pack() {
  const src = path.join(work, "src");
  mkdirSync(src);
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && f !== ".venv" && existsSync(path.join(root, f)));
  execFileSync("bash", ["-c", 'tar -C "$1" --null -T - -cf - | tar -C "$2" -xf -', "copy", root, src], { input: files.join("\0") });
  symlinkSync(path.join(root, "node_modules"), path.join(src, "node_modules"), "dir");
  const [info] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: src, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  return { tarball: path.join(work, info.filename), size: info.size, unpacked: info.unpackedSize, files: info.entryCount };
}

function duBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return total;
}

function median(args, opts = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    opts.before?.(i);
    const start = process.hrtime.bigint();
    const r = spawnSync(args[0], args.slice(1), { env, cwd: work, encoding: "utf8", ...opts.spawn?.(i) });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

try {
  const p = pack();
  const project = path.join(work, "project");
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), '{"name":"p","private":true}');
  execFileSync("npm", ["install", "--omit=dev", "--offline", "--no-audit", "--no-fund", p.tarball], { cwd: project, env, stdio: "ignore" });
  const modules = path.join(project, "node_modules");
  const packages = readdirSync(modules).filter((n) => !n.startsWith(".")).flatMap((n) => (n.startsWith("@") ? readdirSync(path.join(modules, n)) : [n]));

  const bare = median([process.execPath, "-e", "0"]);
  // Cold: a fresh npm cache every run, so npx unpacks the tarball and installs what it needs.
  const npx = median(["npm", "exec", "--yes", "--no-update-notifier", "--package", p.tarball, "--", "falpub", "--version"], {
    spawn: (i) => ({ env: { ...env, npm_config_cache: path.join(work, `cache-${i}`) } }),
  });
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`tarball: ${kib(p.size)} packed, ${kib(p.unpacked)} unpacked, ${p.files} files`);
  console.log(`production install: ${packages.length} package(s) (${packages.join(", ")}), ${kib(duBytes(modules))} in node_modules`);
  console.log(`cold npx falpub --version: ${npx.toFixed(0)} ms (median of ${runs}); bare node -e 0: ${bare.toFixed(0)} ms; ratio ${(npx / bare).toFixed(1)}×`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
