// npm test: run vitest (its own reporter on the console), then print one plain closing line
// "N passed, N failed, N skipped" that any CI can read; exit with vitest's exit code.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(tmpdir(), "falpub-vitest-"));
const report = path.join(dir, "report.json");
const vitest = path.resolve("node_modules/vitest/vitest.mjs");
const r = spawnSync(process.execPath, [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: "inherit" });
let code = r.status ?? 1;
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  console.log(`\n${json.numPassedTests} passed, ${json.numFailedTests} failed, ${skipped} skipped`);
  if (json.numTotalTests === 0) code = code || 1; // a run that tested nothing is not a pass
} catch {
  console.log("\n0 passed, 1 failed (vitest wrote no report)");
  code = code || 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
