import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import buildDist from "./build-dist.js";

/**
 * Once per test run, before any test file: build dist/ and make sure .venv holds the pinned
 * real fal CLI (idempotent; the integration tests run it), so test files running in parallel
 * never race to create either.
 */
export default function setup(): void {
  buildDist();
  execFileSync("bash", [fileURLToPath(new URL("./setup-fal-venv.sh", import.meta.url))], { stdio: "inherit" });
}
