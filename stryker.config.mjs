// Mutation testing of the pure core: `npm run mutate` (not part of `npm test` or CI: it takes
// many minutes). Each mutant of the files below is run against the unit tests only
// (vitest.unit.config.ts); the score per file is printed at the end and written to
// reports/mutation/ (HTML + JSON). Incremental: a re-run only tests mutants whose code or
// tests changed since the last run (reports/stryker-incremental.json; `-- --force` redoes all).
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.unit.config.ts" },
  mutate: ["src/rules/**/*.ts", "src/deploy/plan.ts", "src/checklist/**/*.ts", "src/fal/outcome.ts"],
  // Two cores are shared by many: never more than two sandboxes.
  concurrency: 2,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  ignorePatterns: ["dist", ".venv", ".cache", "reports", "test/cli", "test/integration", "test/bench", "test/control-plane"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
  // Timed-out mutants count as detected: the report shows them apart from killed ones.
  timeoutMS: 5_000,
};
