import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { usageError } from "./errors.js";

/** Write to a temporary sibling, then rename: the file appears whole or not at all. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: "wx" });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Fail early (usage error) when `file` cannot be written: not a directory, and its directory exists. */
export function checkWritableTarget(file: string, flag: string): void {
  const dir = path.dirname(file);
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return undefined;
    }
  };
  if (isDir(file)) throw usageError(`${flag} ${file}: is a directory.`, `Name a file, e.g. ${path.join(file, "listing.md")}.`);
  if (!isDir(dir)) throw usageError(`${flag} ${file}: the directory ${dir} does not exist.`, "Create it first, or name a file in an existing directory.");
}
