#!/usr/bin/env node
import module from "node:module";
// Node >= 22.1 keeps the compiled code of dist/ in a cache between runs (measured -7 to -10 ms a
// start, see DESIGN.md §7); Node 20 has no such function. It is on before dist/ is imported.
module.enableCompileCache?.();
await import("../dist/cli.js");
