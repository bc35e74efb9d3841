import { configDefaults, defineConfig } from "vitest/config";
import { shared } from "./vitest.config.js";

/**
 * `npm run test:fast`: every test but the end-to-end ones, in ≤ 45 s on a 2-core machine. Not
 * test/integration/ (the real fal CLI from .venv, the local control plane, actionlint,
 * pre-commit) nor the package end to end as a user installs it (test/package/git-install and
 * tarball: `npm pack`, a second build in prepack, `npm install` of the tarball or of the
 * devDependencies, ~7 CPU-s and ~40 s), so no .venv is needed: the global setup only builds dist/.
 */
export default defineConfig({
  test: {
    ...shared,
    exclude: [...configDefaults.exclude, "test/integration/**", "test/package/git-install.test.ts", "test/package/tarball.test.ts"],
    globalSetup: ["test/support/build-dist.ts"],
  },
});
