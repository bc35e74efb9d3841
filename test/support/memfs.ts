import path from "node:path";
import type { Finding } from "../../src/core/findings.js";
import { loadProject, PARSERS, type FileReader, type LoadedProject, type ProjectParsers } from "../../src/project.js";
import { judge, type Judged } from "../../src/rules/index.js";

/** The fake project root: every test project lives under it, and it is the cwd. */
export const ROOT = "/proj";
export const MANIFEST = `${ROOT}/falpub.yaml`;

/** Files of a project: absolute path → text. A directory exists when some file is under it. */
export type Files = Record<string, string>;

/** An in-memory FileReader over `files` (absolute POSIX paths). */
export function memfs(files: Files): FileReader {
  const norm = (p: string) => path.posix.resolve(p);
  return {
    readText: (file) => (Object.hasOwn(files, norm(file)) ? files[norm(file)] : undefined),
    exists: (file) => {
      const p = norm(file);
      return Object.hasOwn(files, p) || Object.keys(files).some((k) => k.startsWith(p === "/" ? "/" : p + "/"));
    },
  };
}

/** loadProject on /proj/falpub.yaml with /proj as the cwd (so files show as `app.py`, …). */
export function loadMem(files: Files, manifest = MANIFEST, cwd = ROOT, parsers = PARSERS): LoadedProject {
  const text = files[manifest];
  if (text === undefined) throw new Error(`test project has no ${manifest}`);
  return loadProject(manifest, text, memfs(files), cwd, undefined, parsers);
}

/** Freeze a value and everything it holds, so that code mutating it throws (ES modules are strict). */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== "object" || seen.has(value)) return value;
  seen.add(value);
  for (const v of Object.values(value)) deepFreeze(v, seen);
  return Object.freeze(value);
}

function memo<A extends unknown[], R>(fn: (...args: A) => R, key: (...args: A) => string): (...args: A) => R {
  const done = new Map<string, R>();
  return (...args) => {
    const k = key(...args);
    if (!done.has(k)) done.set(k, deepFreeze(fn(...args)));
    return done.get(k)!;
  };
}

/**
 * loadProject's parsers, each run once per distinct input: for tests that load thousands of
 * projects sharing most of their texts (the property test re-parsed the same app.py ~8 times).
 * The parsers are pure and the results are deep-frozen, so a consumer that mutated them would
 * throw rather than leak into later runs. The Python analysis is keyed on the file's path and
 * text only: valid while the project holds no other Python module its imports could find.
 */
export function memoParsers(): ProjectParsers {
  return {
    manifest: memo(PARSERS.manifest, (text, file) => `${file}\0${text}`),
    python: memo(PARSERS.python, (source, opts) => `${opts?.path}\0${source}`),
    pyproject: memo(PARSERS.pyproject, (text, file) => `${file}\0${text}`),
  };
}

/** loadProject + judge: the final findings and suppressions, exactly as `falpub check` decides them. */
export function judgeProject(files: Files, opts: { strict?: boolean } = {}): Judged {
  const { facts, diagnostics } = loadMem(files);
  return judge(facts, diagnostics, opts.strict ?? false);
}

export function checkProject(files: Files, opts: { strict?: boolean } = {}): Finding[] {
  return judgeProject(files, opts).diagnostics;
}

/** `code@file:line:column`, sorted: what tests assert on instead of sentences. */
export function where(diags: Finding[]): string[] {
  return diags.map((d) => `${d.code}@${d.at.file}:${d.at.line}:${d.at.column}`).sort();
}

// ---------------------------------------------------------------- the valid baseline

export const BASE_MANIFEST = `version: 1
app:
  ref: app.py::TextToImage
  name: text-to-image
  auth: shared
billing:
  strategy: per_image
  unit_price_usd: 0.02
marketplace:
  title: Text to Image
  description: Turns a prompt into images.
  category: text-to-image
  license: MIT
`;

export const BASE_APP = `import fal
from fastapi import Response
from pydantic import BaseModel


class Input(BaseModel):
    prompt: str
    num_images: int = 1


class TextToImage(fal.App):
    app_name = "text-to-image"
    app_auth = "shared"
    machine_type = "GPU-A100"
    num_gpus = 1
    min_concurrency = 0
    max_concurrency = 2
    keep_alive = 300
    request_timeout = 300
    startup_timeout = 600
    regions = ["us-east"]

    def setup(self):
        self.model = None

    @fal.endpoint("/")
    def generate(self, input: Input, response: Response) -> dict:
        images = ["image"] * input.num_images
        response.headers["x-fal-billable-units"] = str(len(images))
        return {"images": images}

    @fal.endpoint("/health", health_check=fal.HealthCheck(timeout_seconds=5, failure_threshold=3))
    def health(self) -> dict:
        return {"ok": True}
`;

export const BASE_PYPROJECT = `[project]
name = "text-to-image"
version = "0.1.0"

[tool.fal.apps.text-to-image]
ref = "app.py::TextToImage"
auth = "shared"
name = "text-to-image"
`;

/** A fresh copy of a project that produces no findings at all. */
export function baseline(): Files {
  return {
    [MANIFEST]: BASE_MANIFEST,
    [`${ROOT}/app.py`]: BASE_APP,
    [`${ROOT}/pyproject.toml`]: BASE_PYPROJECT,
  };
}

/** Short names for the baseline's files, as the edit helpers take them. */
export type BaseFile = "falpub.yaml" | "app.py" | "pyproject.toml";

/**
 * Replace `from` with `to` in one file of a fresh baseline (or of `files`). Throws when `from`
 * is not there, so a test cannot pass because its mutation silently did nothing.
 */
export function edit(file: BaseFile | string, from: string | RegExp, to: string, files: Files = baseline()): Files {
  const full = file.startsWith("/") ? file : `${ROOT}/${file}`;
  const text = files[full];
  if (text === undefined) throw new Error(`no file ${full}`);
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit(${file}): ${String(from)} not found`);
  return { ...files, [full]: next };
}

/** Several edits in a row on one project. */
export function edits(list: Array<[file: BaseFile | string, from: string | RegExp, to: string]>, files: Files = baseline()): Files {
  return list.reduce((acc, [file, from, to]) => edit(file, from, to, acc), files);
}

/**
 * `code@file:line:column` of the `nth` (0-based) occurrence of `needle` in `file` of `files`
 * (plus `shift` columns): expected positions computed from the text itself, not copied from output.
 */
export function hit(code: string, files: Files, file: BaseFile | string, needle: string, opts: { nth?: number; shift?: number } = {}): string {
  const full = file.startsWith("/") ? file : `${ROOT}/${file}`;
  const text = files[full];
  if (text === undefined) throw new Error(`no file ${full}`);
  let at = -1;
  for (let i = 0; i <= (opts.nth ?? 0); i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`hit: occurrence ${opts.nth ?? 0} of ${needle} not in ${file}`);
  }
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return `${code}@${path.posix.relative(ROOT, full)}:${line}:${at - before.lastIndexOf("\n") + (opts.shift ?? 0)}`;
}

/** The sorted `code@file:line:column` list of a project's final findings. */
export function findings(files: Files, opts: { strict?: boolean } = {}): string[] {
  return where(checkProject(files, opts));
}

/** Sorted copy, for expected lists written in any order. */
export const sorted = (xs: string[]): string[] => [...xs].sort();
