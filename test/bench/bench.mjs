// npm run bench: what falpub costs, on an honest yardstick. Every row interleaves its commands
// run by run with a bare `node -e 0` on the same Node (NODE_EXTRA_CA_CERTS unset for both) and
// prints medians in ms beside each ratio, with the p10–p90 spread of the runs. It measures; it
// is not a test. Rows: check of 1 / 100 / 1000 apps, peak RSS, large inputs with their growth
// from a tenth of the size, and the deploy rows (real fal; local control plane).
// Env: BENCH_RUNS (default 10), BENCH_ROWS=a,b (ids below), BENCH_TIMEOUT_S (default 120),
// BENCH_NODE22=0 (no Node 22 column), BENCH_BASELINE=<another checkout, built> (its falpub runs
// interleaved in every row too: before/after figures under the same load).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deployCommands } from "./deploy-rows.mjs";
import { bigManifest, bigPyproject, bigPython, linesOf, scaffoldApps, sizeOf } from "./inputs.mjs";
import { benchEnv, fmtCpu, fmtMs, fmtSpread, interleaved, node22, peakRss, ratio } from "./lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "falpub.js");
const runs = Number(process.env.BENCH_RUNS ?? 10);
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? 120) * 1000;
const only = process.env.BENCH_ROWS ? new Set(process.env.BENCH_ROWS.split(",")) : undefined;
const wants = (id) => !only || only.has(id);
const work = mkdtempSync(path.join(tmpdir(), "falpub-bench-"));
const env = benchEnv();
// Ctrl-C or a kill still removes the scaffolded apps (the finally below does not run then).
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (rmSync(work, { recursive: true, force: true }), process.exit(130)));
const baselineBin = process.env.BENCH_BASELINE ? path.join(path.resolve(process.env.BENCH_BASELINE), "bin", "falpub.js") : undefined;

const MiB = 1024 * 1024;
const out = (line = "") => console.log(line);
const pad = (s, n) => String(s).padEnd(n);
const padL = (s, n) => String(s).padStart(n);

/** A row: `cmd` interleaved with bare Node; prints `<ms> = <ratio>× <bare ms>` and the target. */
function row(label, node, cmd, { target, limit, n = runs } = {}) {
  const bare = { label: "node -e 0", file: node, args: ["-e", "0"], cwd: work, env };
  const base = baselineBin && cmd.args[0] === bin ? { ...cmd, args: [baselineBin, ...cmd.args.slice(1)] } : undefined;
  const [b, m, was] = interleaved(base ? [bare, cmd, base] : [bare, cmd], { runs: n, timeoutMs });
  const r = ratio(m, b);
  const verdict = limit === undefined || r === undefined ? (m.timedOut ? "over" : "") : r <= limit ? "ok" : "OVER";
  out(`  ${pad(label, 42)} ${padL(fmtMs(m), 10)} ${pad(fmtSpread(m), 13)} ${r === undefined ? padL("", 8) : padL(r.toFixed(2) + "×", 8)} of ${padL(fmtMs(b), 8)}  ${pad(target ?? "", 22)} ${pad(verdict, 4)} ${fmtCpu(m)}${b.cpu === undefined ? "" : ` (bare ${b.cpu.toFixed(0)})`}`);
  if (was) out(`  ${pad("    baseline (BENCH_BASELINE)", 42)} ${padL(fmtMs(was), 10)} ${pad(fmtSpread(was), 13)} ${ratio(was, b) === undefined ? padL("", 8) : padL(ratio(was, b).toFixed(2) + "×", 8)} of ${padL(fmtMs(b), 8)}  ${pad("", 22)}      ${fmtCpu(was)}`);
  return { bare: b, m, ratio: r };
}

const falpub = (node, args, cwd = work) => ({ label: `falpub ${args.join(" ").slice(0, 60)}`, file: node, args: [bin, ...args], cwd, env, okCodes: [0] });

function growth(label, node, big, small, baseline, what) {
  const b = row(`${label} (${what(big)})`, node, falpub(node, ["check", big]), { n: Math.max(3, Math.floor(runs / 3)) });
  const s = row(`${label} (${what(small)})`, node, falpub(node, ["check", small]), { n: Math.max(3, Math.floor(runs / 3)) });
  if (!b.m.timedOut && !s.m.timedOut) {
    const over = (x) => x.m.median - baseline;
    out(`  ${pad("", 42)} growth for 10× the input: ${(b.m.median / s.m.median).toFixed(1)}× the time, ${(over(b) / over(s)).toFixed(1)}× the time above one app (linear: ~10×)`);
  }
  return b;
}

async function checkRows(node, version, inputs) {
  out(`Node ${version}`);
  out(`  ${pad("row", 42)} ${padL("median", 10)} ${pad("[p10–p90]", 13)} ${padL("ratio", 8)} of ${padL("bare", 8)}  target`);
  const is22 = version.startsWith("v22.");
  let one;
  if (wants("one")) one = row("check, 1 app", node, falpub(node, ["check", inputs.apps[0]]), is22 ? { target: "≤ 3× (Node 22)", limit: 3 } : { target: "(≤ 3× is for Node 22)" });
  if (wants("hundred")) row("check, 100 apps", node, falpub(node, ["check", ...inputs.apps.slice(0, 100)]), is22 ? { target: "≤ 12× (Node 22)", limit: 12 } : {});
  if (wants("thousand")) row("check, 1000 apps", node, { ...falpub(node, ["check", "--format", "json", ...inputs.apps]) }, { n: Math.max(3, Math.floor(runs / 3)) });
  if (wants("rss")) {
    for (const [label, apps] of [["peak RSS, check 1 app", inputs.apps.slice(0, 1)], ["peak RSS, check 100 apps", inputs.apps.slice(0, 100)]]) {
      const peak = peakRss(falpub(node, ["check", ...apps]));
      out(`  ${pad(label, 42)} ${padL(peak === undefined ? "n/a" : `${peak.toFixed(1)} MiB`, 10)} ${pad("(max of 3)", 13)} ${padL("", 8)}    ${padL("", 8)}  ${pad("≤ 60 MiB", 22)} ${peak === undefined ? "" : peak <= 60 ? "ok" : "OVER"}`);
    }
  }
  const baseline = one?.m.median ?? 0;
  if (wants("manifest")) {
    const b = growth("check, big manifest", node, inputs.manifest10, inputs.manifest1, baseline, (d) => `${(sizeOf(path.join(d, "falpub.yaml")) / MiB).toFixed(1)} MB`);
    out(`  ${pad("", 42)} target for 10 MB: ≤ 5 s: ${b.m.timedOut ? "OVER" : b.m.median <= 5000 ? "ok" : "OVER"}`);
  }
  if (wants("python")) growth("check, big app.py", node, inputs.python5000, inputs.python500, baseline, (d) => `${linesOf(path.join(d, "app.py"))} lines`);
  if (wants("pyproject")) growth("check, big pyproject.toml", node, inputs.pyproject10, inputs.pyproject1, baseline, (d) => `${linesOf(path.join(d, "pyproject.toml"))} lines`);
}

async function deployRows(node, version, template) {
  if (!wants("dry-run") && !wants("deploy")) return;
  const d = await deployCommands({ root, work, node, bin, template });
  if (!d) {
    out("  deploy rows skipped: no .venv/bin/fal (npm run setup:fal installs it)");
    return;
  }
  try {
    out(`Deploy, Node ${version}, real fal (.venv/bin/fal)`);
    const n = Math.max(3, Math.floor(runs / 2));
    if (wants("dry-run")) {
      // The baseline may fail where the branch does not (a `fal --version` over its 15 s timeout: exit 4).
      const other = (c) => ({ ...c, args: [baselineBin, ...c.args.slice(1)], okCodes: [0, 4] });
      const [check, dry, wasDry] = interleaved(baselineBin ? [d.check, d.dryRun, other(d.dryRun)] : [d.check, d.dryRun], { runs: n, timeoutMs });
      const r = ratio(dry, check);
      out(`  ${pad("falpub check (same app)", 42)} ${padL(fmtMs(check), 10)} ${pad(fmtSpread(check), 13)} ${padL("", 8)}    ${padL("", 8)}  ${pad("", 22)}      ${fmtCpu(check)}`);
      out(`  ${pad("falpub deploy --dry-run", 42)} ${padL(fmtMs(dry), 10)} ${pad(fmtSpread(dry), 13)} ${padL(r.toFixed(2) + "×", 8)} of check   ${pad("≤ 1.5×", 22)} ${pad(r <= 1.5 ? "ok" : "OVER", 4)} ${fmtCpu(dry)}`);
      if (wasDry) out(`  ${pad("    baseline --dry-run", 42)} ${padL(fmtMs(wasDry), 10)} ${pad(fmtSpread(wasDry), 13)} ${padL(ratio(wasDry, check).toFixed(2) + "×", 8)} of check   ${pad("", 22)}      ${fmtCpu(wasDry)}`);
    }
    if (wants("deploy")) {
      const deploys = [{ ...d.bareDeploy, okCodes: [0] }, { ...d.falpubDeploy, okCodes: [0] }];
      const [bare, through, wasThrough] = interleaved(baselineBin ? [...deploys, { ...deploys[1], args: [baselineBin, ...deploys[1].args.slice(1)], okCodes: [0, 4] }] : deploys, { runs: n, timeoutMs });
      const r = ratio(through, bare);
      out(`  against the local control plane: ${d.command}`);
      out(`  ${pad("bare fal deploy", 42)} ${padL(fmtMs(bare), 10)} ${pad(fmtSpread(bare), 13)} ${padL("", 8)}    ${padL("", 8)}  ${pad("", 22)}      ${fmtCpu(bare)}`);
      out(`  ${pad("falpub deploy", 42)} ${padL(fmtMs(through), 10)} ${pad(fmtSpread(through), 13)} ${padL(r.toFixed(2) + "×", 8)} of bare    ${pad(`≤ 1.15× (+${(through.median - bare.median).toFixed(0)} ms)`, 22)} ${pad(r <= 1.15 ? "ok" : "OVER", 4)} ${fmtCpu(through)}`);
      if (wasThrough) out(`  ${pad("    baseline deploy", 42)} ${padL(fmtMs(wasThrough), 10)} ${pad(fmtSpread(wasThrough), 13)} ${padL(ratio(wasThrough, bare).toFixed(2) + "×", 8)} of bare    ${pad(`(+${(wasThrough.median - bare.median).toFixed(0)} ms)`, 22)}      ${fmtCpu(wasThrough)}`);
    }
  } finally {
    d.stop();
  }
}

try {
  const nodes = [{ bin: process.execPath, version: process.version }];
  const n22 = node22(path.join(root, "test", "bench", ".cache"));
  if (n22.bin) nodes.push({ bin: n22.bin, version: n22.version });
  const { apps, templates } = scaffoldApps(work, 1000, { node: process.execPath, bin, env });
  const t = templates[0].dir;
  const inputs = {
    apps,
    manifest10: bigManifest(t, path.join(work, "manifest-10mb"), 10 * MiB),
    manifest1: bigManifest(t, path.join(work, "manifest-1mb"), 1 * MiB),
    python5000: bigPython(t, path.join(work, "python-5000"), 5000),
    python500: bigPython(t, path.join(work, "python-500"), 500),
    pyproject10: bigPyproject(t, path.join(work, "pyproject-20000"), 20_000),
    pyproject1: bigPyproject(t, path.join(work, "pyproject-2000"), 2000),
  };
  out(`falpub bench: median of ${runs} interleaved runs per row (fewer for the slow rows), ${process.platform} ${process.arch}, NODE_EXTRA_CA_CERTS unset`);
  if (n22.note) out(n22.note);
  for (const n of nodes) await checkRows(n.bin, n.version, inputs);
  // The deploy rows too on each Node: what falpub adds to fal is mostly its own start and check.
  for (const n of nodes) await deployRows(n.bin, n.version, apps[0]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
