#!/usr/bin/env node
import module from "node:module";
import v8 from "node:v8";
// Node >= 22.1 keeps the compiled code of dist/ in a cache between runs (measured -7 to -10 ms a
// start, see DESIGN.md §7); Node 20 has no such function. It is on before dist/ is imported.
module.enableCompileCache?.();
// V8 grows the young generation to 16 MiB under falpub's allocation rate, and a short run never
// needs it: kept at its first size, peak memory of a 100-app check falls by ~10 MiB (1000 apps:
// ~30 MiB) at no measured cost in time (test/bench/README.md). Set only on the V8 majors known to
// have the flag (Node 20-24); on another, an unknown flag would print an error.
const v8Major = Number(process.versions.v8.split(".")[0]);
if (v8Major >= 11 && v8Major <= 13) v8.setFlagsFromString("--semi-space-growth-factor=1");
await import("../dist/cli.js");
