import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Once per test run, before any test file: build dist/ (the CLI tests run bin/falpub.js as a
 * user would) and make sure .venv holds the pinned real fal CLI (idempotent), so test files
 * running in parallel never race to create either.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  execFileSync("bash", [fileURLToPath(new URL("./setup-fal-venv.sh", import.meta.url))], { stdio: "inherit" });
}
