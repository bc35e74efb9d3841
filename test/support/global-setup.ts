import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Once per test run, before any test file: the pinned real fal CLI in .venv (idempotent),
 * so integration test files running in parallel never race to create the venv.
 */
export default function setup(): void {
  const script = fileURLToPath(new URL("./setup-fal-venv.sh", import.meta.url));
  execFileSync("bash", [script], { stdio: "inherit" });
}
