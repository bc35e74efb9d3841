import { SlowPartMissing } from "../core/slow-parts.js";
import path from "node:path";
import { indexModule, type ModuleLoader, type PyModule } from "./module.js";

/** Folders that hold installed packages or tooling, never the project's own modules. */
const NOT_PROJECT = new Set(["site-packages", "dist-packages", ".venv", "venv", "node_modules", ".git", "__pycache__", ".tox"]);

/**
 * Top-level modules that are never the project's own (the standard library and the libraries
 * every fal app imports): looking them up in the project would only cost file-system misses.
 */
const NEVER_PROJECT = new Set(
  ("fal fastapi pydantic starlette uvicorn torch numpy PIL diffusers transformers huggingface_hub safetensors accelerate " +
    "abc asyncio base64 collections concurrent contextlib copy dataclasses datetime enum functools glob hashlib io itertools " +
    "json logging math os pathlib random re shutil signal string subprocess sys tempfile threading time traceback typing uuid warnings")
    .split(" "),
);

export interface ModuleFiles {
  readText(file: string): string | undefined;
}

/**
 * Resolves `from .x import y`, `from pkg.x import y` and `import pkg.x` to Python files
 * inside the project (under `projectRoot`), never to installed packages. Absolute specs
 * are looked up in `roots` (the app file's folder, the project root, its src/).
 */
export function projectLoader(io: ModuleFiles, projectRoot: string, roots: string[], display: (p: string) => string): ModuleLoader {
  const parsed = new Map<string, PyModule | undefined>();
  const inside = (p: string) => {
    const rel = path.relative(projectRoot, p);
    return !rel.startsWith("..") && !path.isAbsolute(rel) && !rel.split(path.sep).some((s) => NOT_PROJECT.has(s));
  };
  const open = (file: string): PyModule | undefined => {
    if (parsed.has(file)) return parsed.get(file);
    parsed.set(file, undefined); // an import cycle sees "not found" instead of recursing
    const src = io.readText(file);
    let mod: PyModule | undefined;
    if (src !== undefined) {
      try {
        mod = indexModule(src.charCodeAt(0) === 0xfeff ? src.slice(1) : src, { file: display(file), path: file, loader });
      } catch (e) {
        if (e instanceof SlowPartMissing) throw e;
        mod = undefined; // a file lezer cannot parse is reported when it is the app file itself
      }
    }
    parsed.set(file, mod);
    return mod;
  };
  const find = (base: string, dotted: string): PyModule | undefined => {
    const rel = dotted ? dotted.split(".") : [];
    for (const candidate of [path.join(base, ...rel) + ".py", path.join(base, ...rel, "__init__.py")]) {
      if (rel.length === 0 && candidate.endsWith(".py") && !candidate.endsWith("__init__.py")) continue;
      if (!inside(candidate)) continue;
      const m = open(candidate);
      if (m) return m;
    }
    return undefined;
  };
  const loader: ModuleLoader = (spec, from) => {
    const dots = /^\.*/.exec(spec)![0].length;
    if (dots > 0) {
      if (!from.path) return undefined;
      let base = path.dirname(from.path);
      for (let i = 1; i < dots; i++) base = path.dirname(base);
      return find(base, spec.slice(dots));
    }
    if (NEVER_PROJECT.has(spec.split(".")[0])) return undefined;
    for (const root of roots) {
      const m = find(root, spec);
      if (m) return m;
    }
    return undefined;
  };
  return loader;
}

/** The file a `pkg.mod` module name resolves to inside the project, if any. */
export function moduleFile(exists: (file: string) => boolean, roots: string[], dotted: string): string | undefined {
  const rel = dotted.split(".");
  for (const root of roots) {
    for (const candidate of [path.join(root, ...rel) + ".py", path.join(root, ...rel, "__init__.py")]) if (exists(candidate)) return candidate;
  }
  return undefined;
}
