// NODE_OPTIONS=--require=<this file>: at exit, the Node built-in modules the process loaded
// (process.moduleLoadList), one a line, to $FALPUB_BUILTINS_FILE (test/cli/lazy-parsers.test.ts).
process.on("exit", () => {
  const names = process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice("NativeModule ".length));
  require("node:fs").writeFileSync(process.env.FALPUB_BUILTINS_FILE, names.join("\n") + "\n");
});
