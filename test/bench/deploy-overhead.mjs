#!/usr/bin/env node
// What `falpub deploy` adds on top of `fal deploy`: a measurement, not a test.
// Same run, same project (scaffolded by `falpub init`), same argv (taken from
// `falpub deploy --dry-run --json`), interleaved, median of N (default 5):
//   direct:  <fal> deploy <argv>
//   falpub:  node bin/falpub.js deploy --fal <fal>
// <fal> is the real .venv/bin/fal with an isolated HOME and FAL_GRPC_HOST/FAL_REST_HOST on a
// closed 127.0.0.1 port (it loads the app, then fails to connect: nothing leaves the machine),
// or the fake fal (test/support/fake-fal.mjs replaying a recorded deploy) with --fake or when
// .venv is missing. Needs a built dist/ (npm run build).
// Usage: node test/bench/deploy-overhead.mjs [--fake] [--runs N]
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin", "falpub.js");
const REAL_FAL = path.join(ROOT, ".venv", "bin", "fal");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const useFake = args.includes("--fake") || !existsSync(REAL_FAL);

if (!existsSync(path.join(ROOT, "dist", "cli.js"))) {
  console.error("dist/cli.js is missing: run `npm run build` first.");
  process.exit(2);
}

/** A port that was free a moment ago: connecting to it is refused. */
const closedPort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const tmp = mkdtempSync(path.join(tmpdir(), "falpub-bench-"));
const home = path.join(tmp, "home");
mkdirSync(home);
const port = await closedPort();
const env = {
  PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
  HOME: home,
  LANG: "C.UTF-8",
  NO_COLOR: "1",
  CI: "true",
  FAL_GRPC_HOST: `127.0.0.1:${port}`,
  FAL_REST_HOST: `127.0.0.1:${port}`,
};

let fal = REAL_FAL;
if (useFake) {
  fal = path.join(tmp, "fal");
  writeFileSync(fal, `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "test/support/fake-fal.mjs")}" "$@"\n`);
  chmodSync(fal, 0o755);
  env.FAKE_FAL_REPLAY = path.join(ROOT, "test/fixtures/fal-1.83.0/deployed-json");
}

try {
  execFileSync(process.execPath, [BIN, "init", "app", "--billing", "per_image", "--name", "bench-app"], { cwd: tmp, env, stdio: "ignore" });
  const project = path.join(tmp, "app");
  // fal's pyproject lookup stops at a .git directory.
  mkdirSync(path.join(project, ".git"));
  const plan = JSON.parse(execFileSync(process.execPath, [BIN, "deploy", "--dry-run", "--json", "--fal", fal], { cwd: project, env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const falArgv = plan.argv;

  const time = (cmd, argv) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { cwd: project, env, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: r.status };
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  // One warm-up each (page cache, Python bytecode), then interleaved runs.
  time(fal, falArgv);
  time(process.execPath, [BIN, "deploy", "--fal", fal]);
  const direct = [];
  const through = [];
  const version = []; // falpub runs `fal --version` before every deploy: part of what it adds
  const codes = new Set();
  for (let i = 0; i < RUNS; i++) {
    const d = time(fal, falArgv);
    const f = time(process.execPath, [BIN, "deploy", "--fal", fal]);
    version.push(time(fal, ["--version"]).ms);
    direct.push(d.ms);
    through.push(f.ms);
    codes.add(`fal ${d.code} / falpub ${f.code}`);
  }
  const md = median(direct);
  const mf = median(through);
  console.log(`fal: ${useFake ? "fake (replaying deployed-json)" : `real ${REAL_FAL}, unreachable 127.0.0.1:${port}`}`);
  console.log(`command: fal ${falArgv.join(" ")}`);
  console.log(`exit codes: ${[...codes].join(", ")}`);
  console.log(`direct fal deploy:    median ${md.toFixed(0)} ms  (runs: ${direct.map((x) => x.toFixed(0)).join(", ")})`);
  console.log(`through falpub:       median ${mf.toFixed(0)} ms  (runs: ${through.map((x) => x.toFixed(0)).join(", ")})`);
  console.log(`falpub adds:          ${(mf - md).toFixed(0)} ms  (ratio ${(mf / md).toFixed(2)}x)`);
  console.log(`  of which fal --version (falpub's version probe): median ${median(version).toFixed(0)} ms`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
