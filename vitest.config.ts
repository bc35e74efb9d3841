import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/** What `npm test` and `npm run test:fast` (vitest.fast.config.ts) share. */
export const shared = {
  include: ["test/**/*.test.ts"],
  // The pure loaders in tests have yaml and zod installed, as `falpub check` has once an app needs them.
  setupFiles: ["test/support/explainer.ts"],
  // vitest's default is one worker less than the cores: a single worker on a 2-core machine.
  // One more than the cores: the CLI files spend part of their time waiting on child processes
  // (a pty, a fake fal that sleeps), and a third worker fills that time (test:fast on 2 cores:
  // 39-44 s with 3 workers against 43-48 s with 2, alternated runs, 2026-12-03).
  maxWorkers: availableParallelism() + 1,
  // Files share a worker's modules instead of importing src/ afresh each (a third of the CPU of a
  // run went to that). Safe because no test mocks modules or stubs globals, and helpers with
  // module-level state reset it (test/unit/deploy/harness.ts's cleanup).
  isolate: false,
  testTimeout: 60_000,
  hookTimeout: 300_000,
  env: { NO_COLOR: "1" },
};

export default defineConfig({
  test: { ...shared, globalSetup: ["test/support/global-setup.ts"] },
});
