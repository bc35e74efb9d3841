// NODE_OPTIONS=--import=<this file>: every module URL the process loads is appended, one a line,
// to $FALPUB_LOADS_FILE (test/cli/lazy-zod.test.ts). The same file is the hooks module.
import { appendFileSync } from "node:fs";
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

let file;
export function initialize(data) {
  file = data.file;
}
export async function load(url, context, next) {
  appendFileSync(file, url + "\n");
  return next(url, context);
}
// Only the main thread registers: this module also runs on the hooks thread (and in workers).
if (isMainThread && process.env.FALPUB_LOADS_FILE) register(import.meta.url, { data: { file: process.env.FALPUB_LOADS_FILE } });
