import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReadTemplate } from "./scaffold.js";

/**
 * The shipped templates/ directory. Found by walking up from this module, because the
 * module sits at src/init/ when run from source and in dist/ when bundled.
 */
export function findTemplatesDir(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "common", "pyproject.toml"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("falpub's templates/ directory was not found next to the installed package.");
    dir = parent;
  }
}

/** A ReadTemplate over a directory on disk (UTF-8). */
export function readTemplatesFrom(templatesDir: string): ReadTemplate {
  return (relPath) => readFileSync(join(templatesDir, ...relPath.split("/")), "utf8");
}
