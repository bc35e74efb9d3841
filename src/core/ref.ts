import path from "node:path";

/** An app ref as `fal deploy` takes it: `file.py`, `file.py::Class`, or a pyproject app name. */
export interface AppRef {
  file?: string;
  className?: string;
  appName?: string;
}

/** THE ref parser. `file.py::Class` → file + class, as fal splits it (only when `::` is past index 1). */
export function parseRef(ref: string): AppRef {
  const at = ref.indexOf("::");
  // `file.py::` keeps an empty class name: fal looks it up and fails ("Function '' not found").
  if (at > 1) return { file: ref.slice(0, at), className: ref.slice(at + 2) };
  if (ref.endsWith(".py")) return { file: ref };
  return { appName: ref };
}

/** The ref written back: file (or app name), then `::Class` when a class was named. */
export function formatRef(ref: AppRef): string {
  if (ref.file === undefined) return ref.appName ?? "";
  return ref.className === undefined ? ref.file : `${ref.file}::${ref.className}`;
}

/** True when the ref names a Python file (fal resolves those against its cwd). */
export const isFileRef = (ref: string): boolean => parseRef(ref).file !== undefined;

/** A file ref given relative to `cwd`, rewritten relative to `root` (where fal will run). */
export function rebaseRef(ref: string, cwd: string, root: string): string {
  const parsed = parseRef(ref);
  if (parsed.file === undefined) return ref;
  const file = path.relative(root, path.resolve(cwd, parsed.file)) || parsed.file;
  return formatRef({ ...parsed, file });
}
