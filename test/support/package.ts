// Helpers for the package tests: falpub's own sources copied out of the work tree (so packing and
// building never touch the dist/ the other tests run), packed with the real npm.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./fal-env.js";

/**
 * Copy every file git would commit (tracked, plus new files not ignored: the work in progress
 * too) into a fresh directory. `linkNodeModules` symlinks the repo's node_modules (for a build).
 */
export function copySources(opts: { linkNodeModules?: boolean } = {}): string {
  const dest = mkdtempSync(path.join(tmpdir(), "falpub-src-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && f !== ".venv" && !f.startsWith(".venv/"));
  // tar keeps modes (bin/falpub.js stays executable); files deleted but not yet staged are skipped.
  const existing = files.filter((f) => existsSync(path.join(REPO_ROOT, f)));
  execFileSync("bash", ["-c", `tar -C "$1" --null -T - -cf - | tar -C "$2" -xf -`, "copy", REPO_ROOT, dest], { input: existing.join("\0") });
  if (opts.linkNodeModules) symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dest, "node_modules"), "dir");
  return dest;
}

/** `npm pack` (prepack: build, strip `prepare`; postpack: restore) of a copy of the sources. */
export function packTarball(): { tarball: string; sources: string } {
  const sources = copySources({ linkNodeModules: true });
  const out = path.join(sources, ".pack");
  mkdirSync(out);
  const json = execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: sources, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [{ filename }] = JSON.parse(json) as Array<{ filename: string }>;
  return { tarball: path.join(out, filename), sources };
}
