// node:child_process for commander, loaded on first use (scripts/build.mjs): commander requires it
// at import for executable subcommands, which falpub has none of, and loading it costs ~3 ms a start.
let real;
const load = () => (real ??= require("node:child_process"));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });
