import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Global setup of `npm run test:fast`: build dist/ once (the CLI tests run bin/falpub.js as a
 * user would) before any test file, so files running in parallel never race to build it.
 */
export default function buildDist(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  // The build script itself, not `npm run build`: npm adds ~0.5 s of its own start.
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
}
