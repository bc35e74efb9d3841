import { defineConfig } from "vitest/config";

/**
 * The fast, in-process unit tests only: what `npm run mutate` (Stryker) runs against each
 * mutant. No global setup (no dist/ build, no fal venv), and no file that spawns processes.
 */
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    // Spawn the fake fal or the built bin (dist/ is not copied into Stryker's sandbox); they
    // cover the fal adapter, which is not mutated.
    exclude: ["test/unit/fal/run.test.ts", "test/unit/fal/installed-version.test.ts"],
    // As in vitest.config.ts: the loaders explain invalid manifests with zod, as check does.
    setupFiles: ["test/support/explainer.ts"],
    // As in vitest.config.ts: the fast-check suites take longer on a busy machine.
    testTimeout: 60_000,
    env: { NO_COLOR: "1" },
  },
});
