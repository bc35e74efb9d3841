// npm's `prepare`: runs after `npm install` / `npm ci` in a clone, and when falpub is installed from
// a git URL (npm clones it, installs its devDependencies, runs this, then packs the clone).
// It builds dist/ with esbuild, a devDependency.
//
// `npm install -g <git url>` leaks npm_config_global=true into that nested install
// (npm/cli#8440, #3692): it runs as `npm install -g` in the clone, which links the clone into the
// global prefix as <root>/falpub and leaves the clone without its devDependencies. So here:
// 1. esbuild missing → install the devDependencies into the clone (scripts off: this script
//    would otherwise run again);
// 2. build;
// 3. put back the empty directory that link replaced: npm unpacks the real package there, and
//    through the link it would unpack into the clone, which npm deletes after packing it.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, realpathSync, unlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Inside an npm script npm_execpath is npm's own CLI: the same npm, whatever PATH holds.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];

function run(args, stdio = "inherit") {
  const r = spawnSync(npm[0], [...npm.slice(1), ...args], { cwd: root, stdio, encoding: "utf8" });
  if (r.status !== 0) {
    console.error(`falpub prepare: \`npm ${args.join(" ")}\` failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
  return r.stdout;
}

if (!existsSync(path.join(root, "node_modules", "esbuild", "package.json"))) {
  console.error("falpub prepare: esbuild is missing (global install from git, npm/cli#8440); installing the build tools into the clone.");
  run(["install", "--global=false", "--include=dev", "--ignore-scripts", "--no-save", "--no-audit", "--no-fund", "--no-package-lock"]);
}
run(["run", "build"]);

if (process.env.npm_config_global === "true") {
  const link = path.join(run(["root", "-g"], ["ignore", "pipe", "inherit"]).trim(), "falpub");
  let isLinkToUs = false;
  try {
    isLinkToUs = lstatSync(link).isSymbolicLink() && realpathSync(link) === realpathSync(root);
  } catch {
    // no such link: nothing to undo
  }
  // npm had made this directory to unpack falpub into before the nested install replaced it.
  if (isLinkToUs) {
    unlinkSync(link);
    mkdirSync(link);
  }
}
