import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // The pure loaders in tests explain invalid manifests as `falpub check` does after loading zod.
    setupFiles: ["test/support/explainer.ts"],
    // vitest's default is one worker less than the cores: a single worker on a 2-core machine,
    // so files ran one after another while the CLI tests mostly wait on child processes.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 300_000,
    env: { NO_COLOR: "1" },
  },
});
